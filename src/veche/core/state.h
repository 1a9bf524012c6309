// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The projection: what the records say, folded in log order by Apply (apply.h). Pure data; a node
// keeps it in memory and rebuilds it by replay at start. It is composed of one state per domain
// (registry/state.h, legislation/state.h, election/state.h, offices/state.h) and what the log itself fixes (the
// genesis, the clock, which records applied). Digest() is what observers compare.

#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "veche/core/accountability/state.h"
#include "veche/core/election/state.h"
#include "veche/core/legislation/state.h"
#include "veche/core/offices/state.h"
#include "veche/core/record.h"
#include "veche/core/registry/state.h"

namespace veche::core {

struct RecordIdHash {
  size_t operator()(const RecordId& id) const {
    size_t h;
    std::memcpy(&h, id.data(), sizeof h);
    return h;
  }
};

struct State : RegistryState, LegislationState, ElectionState, OfficesState, AccountabilityState {
  bool has_genesis = false;
  LogId log_id{};  // the genesis record's id: every later record names it
  PublicKeyBytes node_key{};
  std::set<PublicKeyBytes> authorities;
  std::string root;
  UnixMicros clock = 0;       // advanced only by clock records
  std::uint64_t records = 0;  // records applied

  // Record id -> its index in the log (the "applied" section of the digest).
  std::unordered_map<RecordId, std::uint64_t, RecordIdHash> applied;

  // Live residents of `territory` itself whose majority date has come by the state's clock.
  std::uint64_t AdultResidentsOf(const std::string& territory) const {
    return RegistryState::AdultResidentsOf(territory, clock);
  }

  // One digest per section (meta, territories, collectives, registrars, citizens, texts, measures,
  // initiatives, sessions, assemblies, laws, elections, training_bodies, certificates, offices,
  // applied), each over the canonical encoding
  // of that part in sorted order: observers use them to say where two states differ. Layout in
  // docs/formats/record.md.
  std::vector<std::pair<std::string, crypto::Sha256Digest>> SectionDigests() const;
  // SHA-256 over the section names and digests: the one value nodes and observers compare.
  crypto::Sha256Digest Digest() const { return CombineSections(SectionDigests()); }
  static crypto::Sha256Digest CombineSections(
      const std::vector<std::pair<std::string, crypto::Sha256Digest>>& sections);
};

// Every section of the state in digest order, for the visitors of core/state_fields.h: the meta
// section, each domain's sections, and the applied record ids.
template <typename V, typename S>
void VisitStateSections(V& v, S& state);

}  // namespace veche::core
