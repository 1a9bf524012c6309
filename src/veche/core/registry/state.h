// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The registry's part of the state: territories, collectives, registrars and citizens, with the
// indexes derived from them. Its digest sections and snapshot items are listed once in state.cc
// (core/state_fields.h).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "veche/core/registry/payloads.h"

namespace veche::core {

struct Territory {
  std::string parent;  // empty for the root
  TerritoryKind kind = TerritoryKind::kCity;
  std::string name;
  Charter charter;
  bool dissolved = false;
};

struct Collective {
  std::string parent;  // empty for a top-level collective
  std::string territory;
  CollectiveKind kind = CollectiveKind::kWorkplace;
  std::string name;
  bool dissolved = false;
  // Citizens who asked to join and wait for a registrar of its territory, or its secretary, to
  // confirm them (offices.md, "Members of a collective"); its members are those confirmed.
  std::set<std::string> requests;
};

struct Registrar {
  std::string territory;
  bool active = true;
};

struct Citizen {
  std::string residence;
  UnixMicros majority_date = 0;
  UnixMicros consultative_date = 0;
  Commitment personal_data{};
  std::optional<PublicKeyBytes> key;  // bound by the citizen; absent until bound or after recovery
  PublicKeyBytes enrolment_key{};
  bool enrolment_pending = true;  // the enrolment key may still bind a citizen key
  std::set<std::string> collectives;
  std::optional<RemovalReason> removed;
};

struct RegistryState {
  std::map<std::string, Territory> territories;
  std::map<std::string, Collective> collectives;
  std::map<PublicKeyBytes, Registrar> registrars;
  std::map<std::string, Citizen> citizens;

  // Derived from `citizens` (not part of the digest).
  std::map<PublicKeyBytes, std::string> citizen_by_key;
  // Derived from `citizens` (not part of the digest): each collective's live members; a
  // collective without members has no entry.
  std::map<std::string, std::set<std::string>> members_of;
  void RemoveMember(const std::string& collective, const std::string& citizen);
  // Derived from `citizens` (not part of the digest): per territory, its live residents (not
  // those of territories below it) counted by majority date, so counting adults costs the
  // number of distinct future majority dates, not the number of citizens.
  struct Residents {
    std::uint64_t total = 0;
    std::map<UnixMicros, std::uint64_t> by_majority_date;
  };
  std::unordered_map<std::string, Residents> residents;
  // Keep `residents` in step when a live citizen appears, leaves a territory or is removed.
  void AddResident(const Citizen& c);
  void RemoveResident(const Citizen& c);
  // Live residents of `territory` itself whose majority date has come by `clock`.
  std::uint64_t AdultResidentsOf(const std::string& territory, UnixMicros clock) const;

  // True if `territory` is `scope` or lies below it.
  bool InScope(const std::string& scope, const std::string& territory) const;
};

// The sections territories, collectives, registrars and citizens, for the visitors of
// core/state_fields.h (instantiated for DigestWriter, StreamWriter and StreamReader). The reader
// also rebuilds the derived indexes.
template <typename V, typename S>
void VisitRegistrySections(V& v, S& state);

}  // namespace veche::core
