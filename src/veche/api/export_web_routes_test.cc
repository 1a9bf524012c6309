// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "veche/api/accountability_routes.h"
#include "veche/api/export_routes.h"
#include "veche/api/legislation_routes.h"
#include "veche/api/offices_routes.h"
#include "veche/api/registry_routes.h"
#include "veche/api/web_routes.h"
#include "veche/demo/demo.h"
#include "veche/store/sqlite/sqlite_stores.h"

namespace veche::api {
namespace {

std::filesystem::path TempDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "veche-export-XXXXXX").string();
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  return templ;
}

http::Response Get(const http::Router& router, const std::string& path, const std::string& etag = "",
                   const std::string& accept_encoding = "") {
  http::Request req;
  req.path = req.target = path;
  if (!etag.empty()) req.headers.push_back({"if-none-match", etag});
  if (!accept_encoding.empty()) req.headers.push_back({"accept-encoding", accept_encoding});
  return router.Dispatch(req);
}

// A gzip stream (RFC 1952) inflated by zlib; nullopt if it is not one.
std::optional<std::string> Gunzip(const std::string& packed) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return std::nullopt;
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int result = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  if (result != Z_STREAM_END) return std::nullopt;
  return out;
}

// The whole body of a streamed response, as the server would send it piece by piece.
std::string Drain(const http::Response& r) {
  REQUIRE(r.stream);
  std::string body, chunk;
  for (bool more = true; more;) {
    chunk.clear();
    more = r.stream(chunk);
    body += chunk;
  }
  return body;
}

// A demo node of `citizens` citizens in a temporary directory, removed with it.
struct DemoNode {
  explicit DemoNode(int citizens) {
    demo::DemoOptions options;
    options.citizens = citizens;
    options.now = clock.Now();
    REQUIRE(demo::CreateDemo(dir, options, store::OpenSqliteStores).ok());
    node = node::Node::Open(dir, clock, store::OpenSqliteStores).value();
  }
  ~DemoNode() {
    node.reset();
    std::filesystem::remove_all(root);
  }
  std::filesystem::path root = TempDir();
  std::string dir = (root / "node").string();
  FakeClock clock{1'795'000'000'000'000};
  std::unique_ptr<node::Node> node;
};

TEST_CASE("an official's portrait is served again while the state stands, and anew once a record applies") {
  DemoNode demo(300);
  http::Router router;
  AddAccountabilityRoutes(router, *demo.node);
  const std::string office = "minister-of-justice";
  std::string holder, rater;  // the minister, and an adult who has not rated them
  demo.node->ReadState([&](const core::State& s) {
    holder = s.offices.at(office).Holder()->citizen;
    for (const auto& [id, c] : s.citizens) {
      if (c.key && id != holder && !s.holder_ratings.at(office).ratings.count(id)) {
        rater = id;
        return;
      }
    }
  });
  REQUIRE_FALSE(rater.empty());
  auto raters = [&] {
    const http::Response r = Get(router, "/officials/" + holder);
    REQUIRE(r.status == 200);
    const nlohmann::json portrait = nlohmann::json::parse(r.body);
    for (const nlohmann::json& t : portrait["tenures"]) {
      if (t["office"] == office) return t["approval"]["raters"].get<std::uint64_t>();
    }
    FAIL("the portrait lacks the minister's tenure: " << r.body);
    return std::uint64_t{0};
  };
  const std::uint64_t before = raters();
  CHECK(raters() == before);  // the same state: the same body
  const crypto::SigningKey key = demo::DemoCitizenKey(demo.dir, rater).value();
  core::Record rating = core::SignRecord(demo.node->log_id(), core::RecordKind::kRatingSet,
                                         core::EncodePayload(core::RatingSetPayload{office, core::Rating::kApprove}),
                                         demo.clock.Now(), key)
                            .value();
  REQUIRE(demo.node->Submit(rating.Encode()).ok());
  CHECK(raters() == before + 1);
  CHECK(Get(router, "/officials/nobody").status == 404);
}

TEST_CASE("open data exports stream every table as CSV and JSON, page by page, with the same rows") {
  DemoNode demo(700);  // about 2,600 votes: more than one page of the votes table
  std::unique_ptr<node::Node>& node = demo.node;
  http::Router router;
  AddExportRoutes(router, *node);

  nlohmann::json index = nlohmann::json::parse(Get(router, "/export").body);
  REQUIRE(index["tables"].size() == 19);
  std::uint64_t votes_in_state = node->ReadState([](const core::State& s) {
    std::uint64_t n = 0;
    for (const auto& [id, m] : s.measures) n += m.votes.size();
    return n;
  });
  REQUIRE(votes_in_state > 2000);

  for (const nlohmann::json& table : index["tables"]) {
    std::string name = table["name"];
    CAPTURE(name);
    http::Response csv = Get(router, table["csv"]);
    CHECK(csv.status == 200);
    CHECK(csv.Header("Content-Type").value() == "text/csv; charset=utf-8");
    std::string csv_body = Drain(csv);
    http::Response json = Get(router, table["json"]);
    CHECK(json.Header("Content-Type").value() == "application/json");
    nlohmann::json rows = nlohmann::json::parse(Drain(json));
    REQUIRE(rows.is_array());
    // One CSV line per JSON row, after the header line of the table's columns.
    size_t lines = 0;
    for (size_t at = 0; (at = csv_body.find("\r\n", at)) != std::string::npos; at += 2) ++lines;
    CHECK(lines == rows.size() + 1);
    std::string header;
    for (const auto& c : table["columns"]) header += (header.empty() ? "" : ",") + c.get<std::string>();
    CHECK(csv_body.starts_with(header + "\r\n"));
    if (name == "votes") {
      CHECK(rows.size() == votes_in_state);
      CHECK(rows[0]["measure"] == "budget-2026");
      for (size_t i = 1; i < rows.size(); ++i) {  // sorted by measure, then citizen
        auto key = [&](size_t k) {
          return rows[k]["measure"].get<std::string>() + "/" + rows[k]["citizen"].get<std::string>();
        };
        REQUIRE(key(i - 1) < key(i));
      }
    }
    if (name == "measures") {
      // A title with a comma is quoted; numbers are JSON numbers.
      CHECK(csv_body.find(",\"Libraries: monthly open data, mobile libraries\",") != std::string::npos);
      CHECK(rows[0]["electorate"].is_number());
    }
    if (name == "law_versions") CHECK(rows[0]["version"] == 1);
    if (name == "citizens") CHECK(rows.size() == 700);
  }
  CHECK(Get(router, "/export/secrets.csv").status == 404);
  CHECK(Get(router, "/export/votes.xml").status == 404);
  CHECK(Get(router, "/export/votes.csv").Header("X-Veche-Records").has_value());
}

TEST_CASE("a CSV export neutralises text cells a spreadsheet would run as formulas (OWASP CSV injection)") {
  DemoNode demo(100);
  std::unique_ptr<node::Node>& node = demo.node;
  const crypto::SigningKey citizen = demo::DemoCitizenKey(demo.dir, "c-00003").value();
  const std::string text = "A formula.\n";
  core::MeasurePayload m;
  m.id = "formula";
  m.spec.kind = core::MeasureKind::kLaw;
  m.spec.territory = "union";
  m.spec.title = "=HYPERLINK(\"http://example.org/\",\"open\")";
  m.spec.text = core::TextHashOf(text);
  for (auto [kind, payload] : {std::pair{core::RecordKind::kText, core::EncodePayload(core::TextPayload{text})},
                               std::pair{core::RecordKind::kInitiativeFile, core::EncodePayload(m)}}) {
    REQUIRE(
        node->Submit(core::SignRecord(node->log_id(), kind, payload, demo.clock.Now(), citizen).value().Encode()).ok());
  }
  http::Router router;
  AddExportRoutes(router, *node);
  const std::string csv = Drain(Get(router, "/export/initiatives.csv"));
  CHECK(csv.find("\"'=HYPERLINK(\"\"http://example.org/\"\",\"\"open\"\")\"") != std::string::npos);
  CHECK(csv.find(",=HYPERLINK") == std::string::npos);
  CHECK(csv.find(",\"=HYPERLINK") == std::string::npos);
  // JSON is not a spreadsheet: the title is as filed there.
  CHECK(Drain(Get(router, "/export/initiatives.json")).find("\"=HYPERLINK(") != std::string::npos);
}

TEST_CASE("the JSON routes and the open-data export write an entity's fields alike, from one field list") {
  DemoNode demo(150);
  std::unique_ptr<node::Node>& node = demo.node;
  http::Router router;
  AddRegistryRoutes(router, *node);
  AddLegislationRoutes(router, *node);
  AddOfficesRoutes(router, *node);
  AddExportRoutes(router, *node);
  auto json_of = [&](const std::string& target) {
    http::Request req;
    req.target = target;
    req.path = target.substr(0, target.find('?'));
    if (target.find('?') != std::string::npos) req.query = target.substr(target.find('?') + 1);
    http::Response r = router.Dispatch(req);
    REQUIRE(r.status == 200);
    return nlohmann::json::parse(r.stream ? Drain(r) : r.body);
  };

  // The columns, in order (docs/api.md): a change here is a change of the open data's format.
  using Names = std::vector<std::string>;
  std::map<std::string, Names> columns;
  nlohmann::json index = json_of("/export");
  for (const nlohmann::json& t : index["tables"]) {
    columns[t["name"].get<std::string>()] = t["columns"].get<Names>();
  }
  CHECK(columns["territories"] == Names{"id", "parent", "kind", "name", "dissolved"});
  CHECK(columns["collectives"] == Names{"id", "parent", "territory", "name", "dissolved"});
  CHECK(columns["citizens"] == Names{"id", "residence", "bound", "removed"});
  CHECK(columns["measures"] == Names{"id", "kind", "territory", "title", "status", "session", "outcome", "electorate",
                                     "yes", "no", "abstain"});
  CHECK(columns["votes"] == Names{"measure", "citizen", "vote"});
  CHECK(columns["initiatives"] ==
        Names{"id", "kind", "territory", "title", "filer", "signatures", "threshold", "qualified"});
  CHECK(columns["signatures"] == Names{"initiative", "citizen"});
  CHECK(columns["laws"] == Names{"id", "territory", "title", "versions", "text"});
  CHECK(columns["law_versions"] == Names{"law", "version", "measure", "adopted_at", "text"});

  // A list item and an export row agree on every field they share, values and JSON types alike.
  auto check_alike = [&](const std::string& list, const std::string& table, const Names& list_only,
                         const Names& export_only) {
    CAPTURE(table);
    nlohmann::json items = json_of("/" + list + "?limit=1000")[list];
    nlohmann::json rows = json_of("/export/" + table + ".json");
    REQUIRE(items.size() == rows.size());
    REQUIRE(!items.empty());
    for (size_t i = 0; i < items.size(); ++i) {
      for (const std::string& name : list_only) items[i].erase(name);
      for (const std::string& name : export_only) rows[i].erase(name);
      CHECK(items[i] == rows[i]);
    }
  };
  check_alike("territories", "territories", {}, {});
  check_alike("citizens", "citizens", {}, {});
  check_alike("measures", "measures", {"voters", "outcome"}, {"outcome", "electorate", "yes", "no", "abstain"});
  check_alike("initiatives", "initiatives", {}, {"filer"});
  check_alike("laws", "laws", {"adopted_at"}, {});
  CHECK(columns["offices"] == Names{"id", "title", "territory", "collective", "term_years", "required_class",
                                    "abolished", "holder", "term_from", "term_until", "contest"});
  CHECK(columns["tenures"] == Names{"office", "number", "citizen", "contest", "from", "until", "ended", "ended_at"});
  CHECK(columns["contests"] == Names{"id", "office", "stage", "opened_at", "nominations_close_at", "extended",
                                     "confirmation", "signatures_needed", "candidates", "voting_closes_at", "winner",
                                     "outcome"});
  CHECK(columns["candidacies"] == Names{"contest", "citizen", "nomination", "promises", "filed_at"});
  CHECK(columns["nominations"] == Names{"id", "contest", "nominee", "signatures", "collective"});
  CHECK(columns["meetings"] == Names{"id", "collective", "subject", "contest", "nominee", "action", "office", "title",
                                     "opener", "opened_at", "closes_at", "electorate", "yes", "no", "abstain", "closed",
                                     "outcome", "took_effect", "nominated"});
  check_alike("meetings", "meetings", {}, {});
  check_alike("collectives", "collectives", {}, {});
  check_alike("contests", "contests", {}, {});
  CHECK(columns["certificates"] ==
        Names{"id", "citizen", "class", "issuer", "valid_from", "valid_until", "revoked", "reason"});
  check_alike("offices", "offices", {}, {});
  check_alike("certificates", "certificates", {}, {});

  // The demo's offices and certificates, through their routes.
  nlohmann::json mayor = json_of("/offices/mayor-novgorod");
  CHECK(mayor["title"] == "Mayor of Veliky Novgorod");
  CHECK(mayor["required_class"] == "management");
  CHECK(mayor["term_years"] == 3);  // the charter's
  // Elected in the demo's month: a holder for the term, seated by the contest the tenure names.
  REQUIRE(mayor["tenures"].size() == 1);
  CHECK(mayor["holder"] == mayor["tenures"][0]["citizen"]);
  CHECK(mayor["term_until"].get<std::int64_t>() - mayor["term_from"].get<std::int64_t>() == 3 * 365 * 86'400'000'000);
  nlohmann::json seated = json_of("/contests/" + mayor["tenures"][0]["contest"].get<std::string>());
  CHECK(seated["stage"] == "seated");
  CHECK(seated["winner"] == mayor["holder"]);
  CHECK(seated["candidacies"].size() == 2);
  for (const nlohmann::json& c : seated["candidacies"]) {
    CHECK(c["promises"].size() == 2);
    CHECK(c["certificates"].size() == 1);  // the office requires management: each holds one
  }
  for (const char* office : {"minister-of-justice", "director-novgorod-works"}) {
    CHECK_MESSAGE(json_of(std::string("/offices/") + office)["holder"] != "", office);
  }
  nlohmann::json now = json_of("/offices/ombudsman")["current_contest"];
  CHECK(now["stage"] == "nominating");
  CHECK(now["candidacies"].size() == 2);
  CHECK(json_of("/contests?stage=nominating&office=ombudsman")["contests"].size() == 1);
  // A collective with its confirmed members; the meeting open now on a third candidate.
  nlohmann::json meeting = json_of("/meetings?contest=" + now["id"].get<std::string>())["meetings"].at(0);
  CHECK_FALSE(meeting["closed"].get<bool>());
  nlohmann::json collective = json_of("/collectives/" + meeting["collective"].get<std::string>());
  CHECK(std::count(collective["members"].begin(), collective["members"].end(), meeting["opener"]) == 1);
  nlohmann::json votes = json_of("/meetings/" + meeting["id"].get<std::string>())["votes"];
  CHECK(votes.size() == meeting["yes"].get<std::uint64_t>() + meeting["no"].get<std::uint64_t>());
  CHECK(json_of("/offices?collective=novgorod-works")["offices"].size() == 1);
  CHECK(json_of("/offices?territory=union")["offices"][0]["id"] == "minister-of-justice");
  const std::string holder = json_of("/certificates?limit=1")["certificates"][0]["citizen"];
  nlohmann::json held = json_of("/certificates?citizen=" + holder)["certificates"];
  REQUIRE_FALSE(held.empty());
  for (const nlohmann::json& c : held) CHECK(c["citizen"] == holder);
  CHECK(json_of("/certificates?citizen=nobody")["certificates"].empty());
  nlohmann::json revoked = json_of("/export/certificates.json");
  CHECK(std::count_if(revoked.begin(), revoked.end(), [](const nlohmann::json& c) { return c["revoked"] == true; }) ==
        1);
  http::Request missing;
  missing.path = missing.target = "/offices/nowhere";
  CHECK(router.Dispatch(missing).status == 404);
}

TEST_CASE(
    "the web UI is served from memory with a strict CSP, in kiosk mode too, gzip to clients that take it, with 304s "
    "and 404s") {
  std::filesystem::path dir = TempDir();
  CHECK(LoadWebAssets(dir.string()).error().code() == StatusCode::kNotFound);
  for (const char* name : {"index.html", "app.js", "app.js.map", "style.css"}) {
    std::ofstream(dir / name) << (std::string(name) == "index.html" ? "<body data-mode=\"citizen\">" : name);
  }
  std::string big_script;  // compressible, as a real bundle is
  for (int i = 0; i < 2000; ++i) big_script += "export const line" + std::to_string(i) + " = 'veche';\n";
  std::ofstream(dir / "app.js") << big_script;
  std::shared_ptr<const WebAssets> assets = LoadWebAssets(dir.string()).value();
  std::filesystem::remove_all(dir);  // served from memory from now on

  http::Router router;
  AddWebRoutes(router, assets, /*kiosk=*/false);
  http::Response page = Get(router, "/");
  CHECK(page.status == 200);
  CHECK(page.body == "<body data-mode=\"citizen\">");
  CHECK(page.Header("Content-Security-Policy").value().find("script-src 'self'") != std::string::npos);
  CHECK(Get(router, "/kiosk").body == "<body data-mode=\"kiosk\">");
  http::Response app = Get(router, "/ui/app.js");
  CHECK(app.Header("Content-Type").value() == "text/javascript; charset=utf-8");
  CHECK(Get(router, "/ui/app.js", std::string(app.Header("ETag").value())).status == 304);
  CHECK(Get(router, "/ui/app.js", "\"other\"").status == 200);
  CHECK(app.body == big_script);
  CHECK_FALSE(app.Header("Content-Encoding").has_value());
  CHECK(app.Header("Vary").value() == "Accept-Encoding");

  // A client that takes gzip gets the compressed file, under its own ETag.
  http::Response packed = Get(router, "/ui/app.js", "", "gzip, deflate, br");
  CHECK(packed.Header("Content-Encoding").value() == "gzip");
  CHECK(packed.body.size() * 5 < big_script.size());
  CHECK(Gunzip(packed.body) == big_script);
  CHECK(packed.Header("ETag").value() != app.Header("ETag").value());
  CHECK(Get(router, "/ui/app.js", std::string(packed.Header("ETag").value()), "gzip").status == 304);
  CHECK(Get(router, "/ui/app.js", std::string(app.Header("ETag").value()), "gzip").status == 200);
  CHECK(Get(router, "/ui/app.js", "", "x-gzip;q=0.5").Header("Content-Encoding").value() == "gzip");
  CHECK(Get(router, "/ui/app.js", "", "*").Header("Content-Encoding").value() == "gzip");
  for (const char* refused : {"gzip;q=0", "deflate, gzip; q=0.000", "br", "identity", "gzipx"}) {
    CAPTURE(refused);
    http::Response plain = Get(router, "/ui/app.js", "", refused);
    CHECK_FALSE(plain.Header("Content-Encoding").has_value());
    CHECK(plain.body == big_script);
  }
  // A file too small to gain is never compressed, whatever the client takes.
  http::Response css = Get(router, "/ui/style.css", "", "gzip");
  CHECK_FALSE(css.Header("Content-Encoding").has_value());
  CHECK_FALSE(css.Header("Vary").has_value());
  CHECK(css.body == "style.css");
  CHECK(Get(router, "/ui/secret.key").status == 404);
  CHECK(Get(router, "/ui/../../etc/passwd").status == 404);

  http::Router kiosk_router;
  AddWebRoutes(kiosk_router, assets, /*kiosk=*/true);
  CHECK(Get(kiosk_router, "/").body == "<body data-mode=\"kiosk\">");

  http::Router unbuilt;
  AddWebRoutes(unbuilt, nullptr, false);
  CHECK(Get(unbuilt, "/").body.find("web UI is not built") != std::string::npos);
}

}  // namespace
}  // namespace veche::api
