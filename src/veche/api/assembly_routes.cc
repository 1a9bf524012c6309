// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/assembly_routes.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "veche/base/text_codec.h"
#include "veche/core/election/due.h"
#include "veche/core/election/payloads.h"
#include "veche/core/election/rules.h"
#include "veche/core/election/trustee.h"
#include "veche/core/election/voter.h"

namespace veche::api {
namespace {

using nlohmann::json;

json CountJson(const choice::Count& c) {
  return {{"yes", c.yes}, {"no", c.no}, {"abstain", c.abstain}};
}

json SpecJson(const core::MeasureSpec& s) {
  json j = {{"kind", core::MeasureKindName(s.kind)}, {"territory", s.territory}, {"title", s.title}};
  switch (s.kind) {
    case core::MeasureKind::kLaw:
    case core::MeasureKind::kQuestion: j["text"] = HexEncode(s.text); break;
    case core::MeasureKind::kAmendment:
      j["law"] = s.law;
      j["base"] = HexEncode(s.base);
      j["text"] = HexEncode(s.text);
      break;
    case core::MeasureKind::kBudget: {
      auto lines = [](const std::vector<core::BudgetLine>& side) {
        json out = json::array();
        for (const auto& l : side) out.push_back({{"label", l.label}, {"amount", l.amount}});
        return out;
      };
      j["year"] = s.year;
      j["income"] = lines(s.income);
      j["expenditure"] = lines(s.expenditure);
      j["deficit"] = s.deficit;
      break;
    }
    case core::MeasureKind::kCharter: {
      const core::Charter& c = s.charter;
      j["charter"] = {{"majority_age", c.majority_age},
                      {"consultative_age", c.consultative_age},
                      {"sessions_per_year", c.sessions_per_year},
                      {"session_days", c.session_days},
                      {"quorum_permille", c.quorum_permille},
                      {"law_majority", c.law_majority.ToString()},
                      {"budget_majority", c.budget_majority.ToString()},
                      {"charter_majority", c.charter_majority.ToString()},
                      {"double_majority", c.double_majority}};
      break;
    }
  }
  return j;
}

json ResultJson(const core::MeasureResultPayload& r) {
  return {{"outcome", choice::OutcomeName(r.decision.outcome)},
          {"applied", r.applied},
          {"electorate", r.electorate},
          {"binding", CountJson(r.binding)},
          {"members_total", r.decision.members_total},
          {"members_approving", r.decision.members_approving},
          {"consultative_electorate", r.consultative_electorate},
          {"consultative", CountJson(r.consultative)},
          {"consultative_outcome", choice::OutcomeName(r.consultative_outcome)}};
}

// A JSON answer read from the state. Its ETag is the number of records applied: any record may
// change any answer, and none changes without one. A request whose If-None-Match names it gets 304.
// `serialise` runs only when the answer is not a 304.
template <typename Serialise>
http::Response JsonOkWith(const http::Request& req, const core::State& s, Serialise&& serialise) {
  std::string etag = "W/\"" + std::to_string(s.records) + "\"";
  http::Response r;
  if (req.Header("if-none-match") == std::optional<std::string_view>(etag)) {
    r.status = 304;
  } else {
    r = http::Response::Json(200, serialise());
  }
  r.SetHeader("ETag", etag);
  r.SetHeader("Cache-Control", "no-cache");
  return r;
}

http::Response JsonOk(const http::Request& req, const core::State& s, const json& body) {
  return JsonOkWith(req, s, [&] { return body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"; });
}

struct PageRequest {
  std::string after;  // list items whose key sorts after this
  size_t limit = 100;
};

// ?after=<key>&limit=<1..1000> (default 100), or a 400 naming the bad parameter.
Result<PageRequest> ParsePage(const http::Request& req) {
  PageRequest page;
  if (auto l = req.QueryParam("limit")) {
    if (l->empty() || l->size() > 4 ||
        !std::all_of(l->begin(), l->end(), [](char c) { return c >= '0' && c <= '9'; }) || std::stoul(*l) < 1 ||
        std::stoul(*l) > 1000) {
      return InvalidArgumentError("limit is a number from 1 to 1000");
    }
    page.limit = std::stoul(*l);
  }
  if (auto a = req.QueryParam("after")) {
    if (a->size() > 256) return InvalidArgumentError("after is at most 256 bytes");
    page.after = std::move(*a);
  }
  return page;
}

// One page of a map in key order: the items after `page.after` that `keep` accepts, as
// {"<name>": [...], "next_after": <last key>} (next_after only when more may follow).
template <typename Map, typename Keep, typename Item>
json ListPage(const Map& map, const PageRequest& page, const char* name, Keep&& keep, Item&& item) {
  json items = json::array();
  auto it = map.upper_bound(page.after);
  std::string last;
  for (; it != map.end() && items.size() < page.limit; ++it) {
    if (!keep(it->second)) continue;
    items.push_back(item(it->first, it->second));
    last = it->first;
  }
  json out = {{name, std::move(items)}};
  if (it != map.end()) out["next_after"] = last;
  return out;
}

http::Response NotFound(std::string_view what, std::string_view id) {
  return http::Response::Error(404, "not_found", std::string(what) + " '" + std::string(id) + "' does not exist");
}

// A published text, read from its text record in the log (the state knows the record's index).
http::Response TextResponse(node::Node& node, const core::TextHash& h) {
  std::optional<std::uint64_t> index = node.ReadState([&](const core::State& s) -> std::optional<std::uint64_t> {
    auto it = s.texts.find(h);
    if (it == s.texts.end()) return std::nullopt;
    return it->second;
  });
  if (!index) return http::Response::Error(404, "not_found", "no text with that hash is published");
  Result<std::vector<Bytes>> entry = node.store().ReadEntries(*index, 1);
  if (!entry.ok() || entry->empty())
    return http::Response::Error(503, "unavailable", "the text's log entry cannot be read");
  Result<core::Record> record = core::DecodeEntry((*entry)[0]);
  if (!record.ok()) return http::Response::FromStatus(record.error());
  Result<core::TextPayload> text = core::DecodePayload<core::TextPayload>(record->payload);
  if (!text.ok()) return http::Response::FromStatus(text.error());
  http::Response r = http::Response::Text(200, std::move(text->text));
  r.SetHeader("ETag", "\"" + HexEncode(h) + "\"");
  return r;
}

}  // namespace

void AddAssemblyRoutes(http::Router& router, node::Node& node) {
  // Lists, in id order, paginated with ?after=&limit=; filters are exact matches.
  router.Get("/territories", [&node](const http::Request& req) {
    Result<PageRequest> page = ParsePage(req);
    if (!page.ok()) return http::Response::Error(400, "bad_query", page.error().message());
    return node.ReadState([&](const core::State& s) {
      return JsonOk(req, s,
                    ListPage(
                        s.territories, *page, "territories", [](const core::Territory&) { return true; },
                        [](const std::string& id, const core::Territory& t) {
                          return json{{"id", id},
                                      {"parent", t.parent},
                                      {"kind", core::TerritoryKindName(t.kind)},
                                      {"name", t.name},
                                      {"dissolved", t.dissolved}};
                        }));
    });
  });
  router.Get("/measures", [&node](const http::Request& req) {
    Result<PageRequest> page = ParsePage(req);
    if (!page.ok()) return http::Response::Error(400, "bad_query", page.error().message());
    std::optional<std::string> territory = req.QueryParam("territory"), status = req.QueryParam("status");
    return node.ReadState([&](const core::State& s) {
      auto keep = [&](const core::Measure& m) {
        return (!territory || m.spec.territory == *territory) && (!status || MeasureStatusName(m.status) == *status);
      };
      return JsonOk(req, s,
                    ListPage(s.measures, *page, "measures", keep, [](const std::string& id, const core::Measure& m) {
                      json j = {{"id", id},
                                {"kind", core::MeasureKindName(m.spec.kind)},
                                {"territory", m.spec.territory},
                                {"title", m.spec.title},
                                {"status", core::MeasureStatusName(m.status)},
                                {"session", m.session},
                                {"voters", m.votes.size()}};
                      if (m.result) j["outcome"] = choice::OutcomeName(m.result->decision.outcome);
                      return j;
                    }));
    });
  });
  router.Get("/initiatives", [&node](const http::Request& req) {
    Result<PageRequest> page = ParsePage(req);
    if (!page.ok()) return http::Response::Error(400, "bad_query", page.error().message());
    std::optional<std::string> territory = req.QueryParam("territory");
    return node.ReadState([&](const core::State& s) {
      auto keep = [&](const core::Initiative& i) { return !territory || i.spec.territory == *territory; };
      return JsonOk(
          req, s,
          ListPage(s.initiatives, *page, "initiatives", keep, [](const std::string& id, const core::Initiative& i) {
            return json{{"id", id},
                        {"kind", core::MeasureKindName(i.spec.kind)},
                        {"territory", i.spec.territory},
                        {"title", i.spec.title},
                        {"signatures", i.signatures.size()},
                        {"threshold", i.threshold},
                        {"qualified", i.qualified}};
          }));
    });
  });
  router.Get("/laws", [&node](const http::Request& req) {
    Result<PageRequest> page = ParsePage(req);
    if (!page.ok()) return http::Response::Error(400, "bad_query", page.error().message());
    std::optional<std::string> territory = req.QueryParam("territory");
    return node.ReadState([&](const core::State& s) {
      auto keep = [&](const core::Law& law) { return !territory || law.territory == *territory; };
      return JsonOk(req, s, ListPage(s.laws, *page, "laws", keep, [](const std::string& id, const core::Law& law) {
                      return json{{"id", id},
                                  {"territory", law.territory},
                                  {"title", law.title},
                                  {"versions", law.versions.size()},
                                  {"text", HexEncode(law.versions.back().text)},
                                  {"adopted_at", law.versions.back().adopted_at}};
                    }));
    });
  });
  router.Get("/citizens", [&node](const http::Request& req) {
    Result<PageRequest> page = ParsePage(req);
    if (!page.ok()) return http::Response::Error(400, "bad_query", page.error().message());
    std::optional<std::string> residence = req.QueryParam("residence");
    return node.ReadState([&](const core::State& s) {
      // Pseudonymous ids only: the log and the state hold no personal data.
      auto keep = [&](const core::Citizen& c) { return !residence || c.residence == *residence; };
      return JsonOk(req, s,
                    ListPage(s.citizens, *page, "citizens", keep, [](const std::string& id, const core::Citizen& c) {
                      return json{{"id", id},
                                  {"residence", c.residence},
                                  {"bound", c.key.has_value()},
                                  {"removed", c.removed.has_value()}};
                    }));
    });
  });
  router.Get("/territories/{id}", [&node](const http::Request& req) {
    std::string id(req.PathParam("id"));
    return node.ReadState([&](const core::State& s) {
      auto it = s.territories.find(id);
      if (it == s.territories.end()) return NotFound("territory", id);
      const core::Territory& t = it->second;
      json charter = json::object();
      for (const auto& [name, value] : core::CharterFields(t.charter)) charter[name] = value;
      json j = {{"id", id},       {"parent", t.parent},       {"kind", core::TerritoryKindName(t.kind)},
                {"name", t.name}, {"dissolved", t.dissolved}, {"charter", charter}};
      if (auto a = s.assemblies.find(id); a != s.assemblies.end()) {
        j["assembly"] = {{"sessions", a->second.sessions},
                         {"open_session", a->second.open_session},
                         {"pending", a->second.pending},
                         {"petitions", a->second.petitions.size()},
                         {"budget", a->second.budget}};
      }
      return JsonOk(req, s, j);
    });
  });
  router.Get("/territories/{id}/charter", [&node](const http::Request& req) {
    std::string id(req.PathParam("id"));
    return node.ReadState([&](const core::State& s) {
      auto it = s.territories.find(id);
      if (it == s.territories.end()) return NotFound("territory", id);
      std::string text;
      for (const auto& [name, value] : core::CharterFields(it->second.charter)) text += name + "=" + value + "\n";
      http::Response r = http::Response::Text(200, std::move(text));
      r.SetHeader("Cache-Control", "no-cache");
      return r;
    });
  });
  router.Get("/measures/{id}", [&node](const http::Request& req) {
    std::string id(req.PathParam("id"));
    return node.ReadState([&](const core::State& s) {
      auto it = s.measures.find(id);
      if (it == s.measures.end()) return NotFound("measure", id);
      const core::Measure& m = it->second;
      json j = SpecJson(m.spec);
      j["id"] = id;
      j["status"] = core::MeasureStatusName(m.status);
      j["from_initiative"] = m.from_initiative;
      if (m.session != 0) {
        const core::Session& ses = s.sessions.at({m.spec.territory, m.session});
        j["session"] = {{"number", m.session},
                        {"extraordinary", ses.extraordinary},
                        {"opened_at", ses.opened_at},
                        {"closes_at", ses.closes_at}};
        j["rule"] = {{"quorum_permille", m.rule.quorum_permille},
                     {"majority", m.rule.majority.ToString()},
                     {"double_majority", m.rule.double_majority}};
        json members = json::array();
        for (size_t i = 0; i < m.members.size(); ++i) {
          json c = CountJson(m.members[i]);
          c["territory"] = ses.members[i];
          members.push_back(std::move(c));
        }
        j["tally"] = {{"electorate", ses.binding_electorate},
                      {"binding", CountJson(m.binding)},
                      {"consultative_electorate", ses.consultative_electorate},
                      {"consultative", CountJson(m.consultative)},
                      {"members", members},
                      {"voters", m.votes.size()}};
      }
      if (m.result) j["result"] = ResultJson(*m.result);
      return JsonOk(req, s, j);
    });
  });
  router.Get("/measures/{id}/votes", [&node](const http::Request& req) {
    std::string id(req.PathParam("id"));
    Result<PageRequest> page_request = ParsePage(req);
    if (!page_request.ok()) return http::Response::Error(400, "bad_query", page_request.error().message());
    const std::string& after = page_request->after;
    const size_t limit = page_request->limit;
    return node.ReadState([&](const core::State& s) {
      auto it = s.measures.find(id);
      if (it == s.measures.end()) return NotFound("measure", id);
      const auto& roll = it->second.votes;  // in citizen-id order: a page is a range
      auto from = after.empty() ? roll.begin() : roll.upper_bound(after);
      auto to = from;
      for (size_t n = 0; to != roll.end() && n < limit; ++n) ++to;
      // Roll calls are the longest lists (a million votes on a measure), so their pages are written
      // directly rather than through a JSON tree: the keys the state holds are valid ids
      // ([a-z0-9-], core::IsValidId) and the choices fixed words, so nothing needs escaping.
      return JsonOkWith(req, s, [&] {
        std::string out = "{\"measure\":\"" + id + "\",\"votes\":[";
        for (auto v = from; v != to; ++v) {
          if (v != from) out += ',';
          out.append("{\"citizen\":\"").append(v->first).append("\",\"vote\":\"");
          out.append(core::VoteChoiceName(v->second)).append("\"}");
        }
        out += ']';
        if (to != roll.end()) out.append(",\"next_after\":\"").append(std::prev(to)->first).append("\"");
        return out + "}\n";
      });
    });
  });
  router.Get("/elections", [&node](const http::Request& req) {
    Result<PageRequest> page = ParsePage(req);
    if (!page.ok()) return http::Response::Error(400, "bad_query", page.error().message());
    std::optional<std::string> status = req.QueryParam("status");
    return node.ReadState([&](const core::State& s) {
      auto keep = [&](const core::Election& e) { return !status || core::ElectionPublicStatus(s, e) == *status; };
      return JsonOk(
          req, s, ListPage(s.elections, *page, "elections", keep, [&s](const std::string& id, const core::Election& e) {
            return json{{"id", id},
                        {"territory", e.spec.territory},
                        {"title", e.spec.title},
                        {"status", core::ElectionPublicStatus(s, e)},
                        {"opens_at", e.spec.opens_at},
                        {"closes_at", e.spec.closes_at},
                        {"voters", e.ballots.size()}};
          }));
    });
  });
  router.Get("/elections/{id}", [&node](const http::Request& req) {
    std::string id(req.PathParam("id"));
    return node.ReadState([&](const core::State& s) {
      auto it = s.elections.find(id);
      if (it == s.elections.end()) return NotFound("election", id);
      const core::Election& e = it->second;
      json trustees = json::array();
      for (size_t i = 0; i < e.trustees.size(); ++i) {
        const core::Trustee& t = e.trustees[i];
        trustees.push_back({{"index", i + 1},
                            {"key", HexEncode(t.key)},
                            {"committed", t.commit.has_value()},
                            {"revealed", t.reveal.has_value()},
                            {"disqualified", t.disqualified},
                            {"qualified", (e.qual >> i) & 1},
                            {"decrypted", t.decryption.has_value()}});
      }
      json j = {{"id", id},
                {"territory", e.spec.territory},
                {"title", e.spec.title},
                {"options", e.spec.options},
                {"limit", e.spec.limit},
                {"opens_at", e.spec.opens_at},
                {"closes_at", e.spec.closes_at},
                {"threshold", e.spec.threshold},
                {"status", core::ElectionPublicStatus(s, e)},
                {"election_hash", HexEncode(e.hash)},
                {"trustees", trustees},
                {"electorate", e.electorate.size()},
                {"voters", e.ballots.size()}};
      if (e.status != core::ElectionStatus::kKeygen) j["key"] = HexEncode(e.key);
      if (std::optional<std::string> failure = core::ElectionFailure(s, e)) j["failure"] = *failure;
      if (e.result) j["result"] = {{"counts", e.result->counts}, {"trustees", e.result->trustees}};
      return JsonOk(req, s, j);
    });
  });
  router.Get("/elections/{id}/ballots", [&node](const http::Request& req) {
    std::string id(req.PathParam("id"));
    Result<PageRequest> page = ParsePage(req);
    if (!page.ok()) return http::Response::Error(400, "bad_query", page.error().message());
    return node.ReadState([&](const core::State& s) {
      auto it = s.elections.find(id);
      if (it == s.elections.end()) return NotFound("election", id);
      json j = ListPage(
          it->second.ballots, *page, "ballots", [](const core::CastBallot&) { return true; },
          [](const std::string& citizen, const core::CastBallot& b) {
            return json{{"citizen", citizen}, {"tracker", HexEncode(b.tracker)}};
          });
      j["election"] = id;
      return JsonOk(req, s, j);
    });
  });
  router.Get("/initiatives/{id}", [&node](const http::Request& req) {
    std::string id(req.PathParam("id"));
    return node.ReadState([&](const core::State& s) {
      auto it = s.initiatives.find(id);
      if (it == s.initiatives.end()) return NotFound("initiative", id);
      const core::Initiative& i = it->second;
      json j = SpecJson(i.spec);
      j["id"] = id;
      j["filer"] = i.filer;
      j["signatures"] = i.signatures.size();
      j["threshold"] = i.threshold;
      j["qualified"] = i.qualified;
      return JsonOk(req, s, j);
    });
  });
  router.Get("/laws/{id}", [&node](const http::Request& req) {
    std::string id(req.PathParam("id"));
    return node.ReadState([&](const core::State& s) {
      auto it = s.laws.find(id);
      if (it == s.laws.end()) return NotFound("law", id);
      json versions = json::array();
      for (const auto& v : it->second.versions) {
        versions.push_back({{"text", HexEncode(v.text)}, {"measure", v.measure}, {"adopted_at", v.adopted_at}});
      }
      return JsonOk(
          req, s,
          {{"id", id}, {"territory", it->second.territory}, {"title", it->second.title}, {"versions", versions}});
    });
  });
  router.Get("/texts/{hash}", [&node](const http::Request& req) {
    Result<Bytes> hash = HexDecode(req.PathParam("hash"));
    if (!hash.ok() || hash->size() != 32) {
      return http::Response::Error(400, "bad_text_hash", "a text is named by its SHA-256: 64 lowercase hex digits");
    }
    core::TextHash h;
    std::copy(hash->begin(), hash->end(), h.begin());
    http::Response r = TextResponse(node, h);
    if (r.status == 200) r.SetHeader("Cache-Control", "public, max-age=31536000, immutable");  // content-addressed
    return r;
  });
  router.Get("/laws/{id}/text", [&node](const http::Request& req) {
    std::string id(req.PathParam("id"));
    std::optional<core::TextHash> in_force = node.ReadState([&](const core::State& s) -> std::optional<core::TextHash> {
      auto it = s.laws.find(id);
      if (it == s.laws.end()) return std::nullopt;
      return it->second.versions.back().text;
    });
    if (!in_force) return NotFound("law", id);
    return TextResponse(node, *in_force);
  });
}

}  // namespace veche::api
