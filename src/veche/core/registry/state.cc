// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/registry/state.h"

#include "veche/core/state_fields.h"

namespace veche::core {

bool RegistryState::InScope(const std::string& scope, const std::string& territory) const {
  std::string at = territory;
  for (size_t depth = 0; depth <= territories.size(); ++depth) {  // bounded: the tree has no cycles
    if (at == scope) return true;
    auto it = territories.find(at);
    if (it == territories.end() || it->second.parent.empty()) return false;
    at = it->second.parent;
  }
  return false;
}

void RegistryState::RemoveMember(const std::string& collective, const std::string& citizen) {
  auto it = members_of.find(collective);
  if (it == members_of.end()) return;
  it->second.erase(citizen);
  if (it->second.empty()) members_of.erase(it);
}

void RegistryState::AddResident(const Citizen& c) {
  Residents& r = residents[c.residence];
  ++r.total;
  ++r.by_majority_date[c.majority_date];
}

void RegistryState::RemoveResident(const Citizen& c) {
  auto it = residents.find(c.residence);
  if (it == residents.end()) return;
  Residents& r = it->second;
  --r.total;
  auto date = r.by_majority_date.find(c.majority_date);
  if (date != r.by_majority_date.end() && --date->second == 0) r.by_majority_date.erase(date);
}

std::uint64_t RegistryState::AdultResidentsOf(const std::string& territory, UnixMicros clock) const {
  auto it = residents.find(territory);
  if (it == residents.end()) return 0;
  std::uint64_t minors = 0;
  for (auto date = it->second.by_majority_date.upper_bound(clock); date != it->second.by_majority_date.end(); ++date) {
    minors += date->second;
  }
  return it->second.total - minors;
}

namespace {

constexpr size_t kMaxKey = 1 << 16;  // ids in the state were checked when their records applied

template <typename V, typename C>
void CitizenFields(V& v, C& c) {
  v.String(c.residence, kMaxKey, "residence");
  v.Int(c.majority_date);
  v.Int(c.consultative_date);
  v.Fixed(c.personal_data);
  v.Optional(c.key, [&](auto& key) { v.Fixed(key); });
  v.Fixed(c.enrolment_key);
  v.Int(c.enrolment_pending);
  fields::StringSet<std::uint64_t>(v, c.collectives, false);
  std::uint8_t removed = c.removed ? static_cast<std::uint8_t>(*c.removed) : 0;
  v.Int(removed);
  if constexpr (V::kReading) {
    if (removed > 2) v.Fail(DataLossError("unknown removal reason"));
    if (removed != 0) c.removed = static_cast<RemovalReason>(removed);
  }
}

// The indexes that are not part of the digest, from the citizens read.
void RebuildIndexes(RegistryState& s) {
  for (const auto& [id, c] : s.citizens) {
    if (c.key) s.citizen_by_key[*c.key] = id;
    for (const std::string& collective : c.collectives) s.members_of[collective].insert(id);
    if (!c.removed) s.AddResident(c);
  }
}

}  // namespace

template <typename V, typename S>
void VisitRegistrySections(V& v, S& s) {
  v.Section("territories", [&] {
    fields::MapItems(v, s.territories, 8, [&](auto& id, auto& t) {
      v.String(id, kMaxKey, "territory id");
      v.String(t.parent, kMaxKey, "parent");
      v.Enum(t.kind, 1, 5, "territory kind");
      v.String(t.name, kMaxKey, "name");
      v.Int(t.dissolved);
      v.Nested(t.charter);
    });
  });
  v.Section("collectives", [&] {
    fields::MapItems(v, s.collectives, 8, [&](auto& id, auto& c) {
      v.String(id, kMaxKey, "collective id");
      v.String(c.parent, kMaxKey, "parent");
      v.String(c.territory, kMaxKey, "territory");
      v.Enum(c.kind, 1, 4, "collective kind");
      v.String(c.name, kMaxKey, "name");
      v.Int(c.dissolved);
      fields::StringSet<std::uint64_t>(v, c.requests, true);
    });
  });
  v.Section("registrars", [&] {
    fields::MapItems(v, s.registrars, 8, [&](auto& key, auto& r) {
      v.Fixed(key);
      v.String(r.territory, kMaxKey, "territory");
      v.Int(r.active);
    });
  });
  v.Section("citizens", [&] {
    fields::MapItems(v, s.citizens, 8, [&](auto& id, auto& c) {
      v.String(id, kMaxKey, "citizen id");
      CitizenFields(v, c);
    });
    if constexpr (V::kReading) RebuildIndexes(s);
  });
}

template void VisitRegistrySections(fields::DigestWriter&, const RegistryState&);
template void VisitRegistrySections(fields::StreamWriter&, const RegistryState&);
template void VisitRegistrySections(fields::StreamReader&, RegistryState&);

}  // namespace veche::core
