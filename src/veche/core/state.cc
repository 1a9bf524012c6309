// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/state.h"

#include <algorithm>

#include "veche/core/state_fields.h"

namespace veche::core {
namespace {

template <typename V, typename S>
void MetaFields(V& v, S& s) {
  v.Item([&] {
    v.Int(s.has_genesis);
    v.Fixed(s.log_id);
    v.Fixed(s.node_key);
    v.String(s.root, 1 << 16, "root");
    v.Int(s.clock);
    v.Int(s.records);
    size_t n = s.authorities.size();
    v.template Length<std::uint64_t>(n, 32);
    if constexpr (V::kReading) {
      for (size_t i = 0; i < n && v.ok(); ++i) {
        PublicKeyBytes key{};
        v.Fixed(key);
        s.authorities.insert(key);
      }
    } else {
      for (const PublicKeyBytes& key : s.authorities) v.Fixed(key);
    }
  });
}

// Which records were applied, at which index, in index order: what duplicate detection depends on.
template <typename V, typename S>
void AppliedFields(V& v, S& s) {
  v.Item([&] {
    size_t n = s.applied.size();
    v.SnapshotCount(n, 40);
    if constexpr (V::kReading) {
      s.applied.reserve(n);
      for (size_t i = 0; i < n && v.ok(); ++i) {
        std::uint64_t index = 0;
        RecordId id{};
        v.Int(index);
        v.Fixed(id);
        s.applied.emplace(id, index);
      }
    } else {
      std::vector<std::pair<std::uint64_t, RecordId>> by_index;
      by_index.reserve(s.applied.size());
      for (const auto& [id, index] : s.applied) by_index.emplace_back(index, id);
      std::sort(by_index.begin(), by_index.end());
      for (const auto& [index, id] : by_index) {
        v.Int(index);
        v.Fixed(id);
        v.Cut();
      }
    }
  });
}

}  // namespace

template <typename V, typename S>
void VisitStateSections(V& v, S& s) {
  v.Section("meta", [&] { MetaFields(v, s); });
  VisitRegistrySections(v, static_cast<std::conditional_t<V::kReading, RegistryState&, const RegistryState&>>(s));
  VisitLegislationSections(v,
                           static_cast<std::conditional_t<V::kReading, LegislationState&, const LegislationState&>>(s));
  VisitElectionSections(v, static_cast<std::conditional_t<V::kReading, ElectionState&, const ElectionState&>>(s));
  VisitOfficesSections(v, static_cast<std::conditional_t<V::kReading, OfficesState&, const OfficesState&>>(s));
  VisitAccountabilitySections(
      v, static_cast<std::conditional_t<V::kReading, AccountabilityState&, const AccountabilityState&>>(s));
  v.Section("applied", [&] { AppliedFields(v, s); });
}

template void VisitStateSections(fields::DigestWriter&, const State&);
template void VisitStateSections(fields::StreamWriter&, const State&);
template void VisitStateSections(fields::StreamReader&, State&);

std::vector<std::pair<std::string, crypto::Sha256Digest>> State::SectionDigests() const {
  fields::DigestWriter digest;
  VisitStateSections(digest, *this);
  return digest.TakeSections();
}

crypto::Sha256Digest State::CombineSections(const std::vector<std::pair<std::string, crypto::Sha256Digest>>& sections) {
  Encoder e(1);
  e.PutString("veche/state/v2");
  for (const auto& [name, digest] : sections) e.PutString(name).PutFixed(digest);
  return crypto::Sha256Of(e.Finish());
}

}  // namespace veche::core
