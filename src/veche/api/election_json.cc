// SPDX-License-Identifier: AGPL-3.0-or-later
// The writers of elections and cast ballots (election_json.h).
#include "veche/api/election_json.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "veche/base/text_codec.h"
#include "veche/core/election/due.h"
#include "veche/core/election/state.h"

namespace veche::api {
namespace {

using nlohmann::json;

// Trustee number i + 1: its key and how far it got (committed, revealed, qualified, decrypted).
json TrusteeJson(const core::Election& e, size_t i) {
  const core::Trustee& t = e.trustees[i];
  return {{"index", i + 1},
          {"key", HexEncode(t.key)},
          {"committed", t.commit.has_value()},
          {"revealed", t.reveal.has_value()},
          {"disqualified", t.disqualified},
          {"qualified", (e.qual >> i) & 1},
          {"decrypted", t.decryption.has_value()}};
}

}  // namespace

void ElectionFields(const core::State& s, const std::string& id, const core::Election& e, FieldSink& out) {
  out.Text("id", id);
  out.Text("territory", e.spec.territory);
  out.Text("title", e.spec.title);
  out.Text("status", core::ElectionPublicStatus(s, e));
  out.Number("opens_at", e.spec.opens_at);
  out.Number("closes_at", e.spec.closes_at);
  out.Number("voters", e.ballots.size());
}

json ElectionItemJson(const core::State& s, const std::string& id, const core::Election& e) {
  json j = json::object();
  JsonFields out(j);
  ElectionFields(s, id, e, out);
  return j;
}

json ElectionJson(const core::State& s, const std::string& id, const core::Election& e) {
  json trustees = json::array();
  for (size_t i = 0; i < e.trustees.size(); ++i) trustees.push_back(TrusteeJson(e, i));
  json j = ElectionItemJson(s, id, e);
  j["options"] = e.spec.options;
  j["limit"] = e.spec.limit;
  j["threshold"] = e.spec.threshold;
  j["election_hash"] = HexEncode(e.hash);
  j["trustees"] = trustees;
  j["electorate"] = e.electorate.size();
  if (e.status != core::ElectionStatus::kKeygen) j["key"] = HexEncode(e.key);
  if (std::optional<std::string> failure = core::ElectionFailure(s, e)) j["failure"] = *failure;
  if (e.result) j["result"] = {{"counts", e.result->counts}, {"trustees", e.result->trustees}};
  return j;
}

json BallotItemJson(const std::string& citizen, const core::CastBallot& b) {
  return {{"citizen", citizen}, {"tracker", HexEncode(b.tracker)}};
}

}  // namespace veche::api
