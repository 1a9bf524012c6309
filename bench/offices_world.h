// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// A state of many held offices for the offices' and accountability's benchmarks, filled in
// directly (the shape records would build) so that the setup takes seconds.

#include <stdexcept>
#include <string>

#include "veche/base/rng.h"
#include "veche/core/apply.h"

namespace veche::core {

constexpr UnixMicros kDay = 86'400'000'000;
constexpr UnixMicros kNow = 1'800'000'000'000'000;

struct OfficesWorld {
  FakeRng rng{18};
  crypto::SigningKey node = crypto::SigningKey::Generate(rng);
  State state;

  OfficesWorld() {
    GenesisPayload g;
    g.node_key = KeyBytes(node.public_key());
    g.root_id = "union";
    g.root_name = "Union";
    g.authorities = {KeyBytes(crypto::SigningKey::Generate(rng).public_key())};
    Record r = SignRecord(kNoLog, RecordKind::kGenesis, EncodePayload(g), 1, node).value();
    if (!Apply(state, r).ok()) throw std::runtime_error("genesis");
    state.clock = kNow;
  }
  void Territories(int n) {
    for (int t = 0; t < n; ++t)
      state.territories["t" + std::to_string(t)] = Territory{"union", TerritoryKind::kCity, "T", {}, false};
  }
  void Citizens(int n, int territories) {
    for (int i = 0; i < n; ++i) {
      Citizen c;
      c.residence = "t" + std::to_string(i % territories);
      state.citizens.emplace_hint(state.citizens.end(), "c" + std::to_string(1'000'000 + i), std::move(c));
    }
  }
  Office& NewOffice(const std::string& id, int territory) {
    Office& o = state.offices[id];
    o.title = "Office " + id;
    o.territory = "t" + std::to_string(territory);
    o.term_years = 3;
    return o;
  }
};

// What the node does after a clock record: every due record signed and applied.
inline Status ApplyDue(State& state, const crypto::SigningKey& node) {
  for (DueRecord& d : DueRecords(state)) {
    Record r = SignRecord(state.log_id, d.kind, std::move(d.payload), state.clock, node).value();
    VECHE_RETURN_IF_ERROR(Apply(state, r));
  }
  return OkStatus();
}

// 10^5 held offices, terms far from their ends, and their citizens.
inline void FillHeld(OfficesWorld& w, int offices, int citizens) {
  w.Territories(1000);
  w.Citizens(citizens, 1000);
  for (int i = 0; i < offices; ++i) {
    const std::string id = "o" + std::to_string(i);
    Office& o = w.NewOffice(id, i % 1000);
    // Holders seated at different times over the last three years, each term far from its end.
    const UnixMicros from = kNow - (i % 1000) * kDay;
    o.tenures.push_back(Tenure{"c" + std::to_string(1'000'000 + i), "contest-" + std::to_string(i + 1), from,
                               from + 3 * 365 * kDay, from + 3 * 365 * kDay - 90 * kDay, "", 0});
    w.state.IndexOffice(id);
  }
}

}  // namespace veche::core
