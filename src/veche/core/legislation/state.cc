// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/legislation/state.h"

#include <algorithm>

#include "veche/core/state_fields.h"

namespace veche::core {

const char* MeasureStatusName(MeasureStatus status) {
  switch (status) {
    case MeasureStatus::kPending: return "pending";
    case MeasureStatus::kVoting: return "voting";
    case MeasureStatus::kCounting: return "counting";
    case MeasureStatus::kDecided: return "decided";
  }
  return "unknown";
}

namespace {

constexpr size_t kMaxKey = 1 << 16;  // ids in the state were checked when their records applied

// A measure or an initiative begins with its MeasurePayload (id and spec) as a bytes field.
template <typename V, typename Id, typename Spec>
void MeasureHead(V& v, Id& id, Spec& spec) {
  if constexpr (V::kReading) {
    MeasurePayload p;
    v.Payload(p);
    id = std::move(p.id);
    spec = std::move(p.spec);
  } else {
    v.Payload(MeasurePayload{id, spec});
  }
}

template <typename V, typename M>
void MeasureFields(V& v, M& m) {
  v.Int(m.from_initiative);
  v.Enum(m.status, 1, 4, "measure status");
  v.Int(m.session);
  v.Int(m.rule.quorum_permille);
  MajorityFields(v, m.rule.majority);
  v.Int(m.rule.double_majority);
  CountFields(v, m.binding);
  CountFields(v, m.consultative);
  size_t members = m.members.size();
  v.template Length<std::uint32_t>(members, 24);
  v.Resize(m.members, members);
  for (auto& c : m.members) CountFields(v, c);
  v.Optional(m.result, [&](auto& r) { v.Payload(r); });
  size_t votes = m.votes.size();
  v.template Length<std::uint64_t>(votes, 13);
  if constexpr (V::kReading) {
    for (size_t i = 0; i < votes && v.ok(); ++i) {
      std::string citizen;
      CastVote cast;
      v.String(citizen, kMaxKey, "citizen");
      v.Enum(cast.choice, 1, 3, "vote choice");
      v.Int(cast.signed_at);
      v.Cut();
      if (v.ok()) m.votes.emplace_hint(m.votes.end(), std::move(citizen), cast);
    }
  } else {
    for (const auto& [citizen, cast] : m.votes) {  // in citizen-id order
      v.String(citizen, kMaxKey, "citizen");
      v.Enum(cast.choice, 1, 3, "vote choice");
      v.Int(cast.signed_at);
      v.Cut();
    }
  }
}

// The electorate in citizen-id order (it is kept in a hash map for the votes' look-ups).
template <typename V, typename S>
void ElectorateFields(V& v, S& ses) {
  size_t n = ses.electorate.size();
  v.template Length<std::uint64_t>(n, 9);
  if constexpr (V::kReading) {
    ses.electorate.reserve(n);
    for (size_t i = 0; i < n && v.ok(); ++i) {
      std::string citizen;
      Voter voter;
      v.String(citizen, kMaxKey, "citizen");
      v.Int(voter.binding);
      v.Int(voter.member);
      v.Cut();
      if (v.ok()) ses.electorate.emplace(std::move(citizen), voter);
    }
  } else {
    std::vector<std::pair<std::string_view, Voter>> voters(ses.electorate.begin(), ses.electorate.end());
    std::sort(voters.begin(), voters.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [citizen, voter] : voters) {
      v.String(std::string(citizen), kMaxKey, "citizen");
      v.Int(voter.binding);
      v.Int(voter.member);
      v.Cut();
    }
  }
}

template <typename V, typename S>
void SessionFields(V& v, S& ses) {
  v.Int(ses.extraordinary);
  v.Int(ses.closed);
  v.Int(ses.opened_at);
  v.Int(ses.closes_at);
  fields::StringList<std::uint32_t>(v, ses.members);
  fields::StringList<std::uint32_t>(v, ses.measures);
  v.Int(ses.binding_electorate);
  v.Int(ses.consultative_electorate);
  ElectorateFields(v, ses);
}

template <typename V, typename A>
void AssemblyFields(V& v, A& a) {
  v.Int(a.sessions);
  v.Int(a.open_session);
  v.Int(a.last_regular_month);
  v.String(a.budget, kMaxKey, "budget");
  fields::StringSet<std::uint64_t>(v, a.pending, false);
  fields::StringSet<std::uint64_t>(v, a.petitions, true);
}

template <typename V, typename L>
void LawFields(V& v, L& law) {
  v.String(law.territory, kMaxKey, "territory");
  v.String(law.title, kMaxKey, "title");
  size_t n = law.versions.size();
  v.template Length<std::uint32_t>(n, 44);
  v.Resize(law.versions, n);
  for (auto& version : law.versions) {
    v.Fixed(version.text);
    v.String(version.measure, kMaxKey, "measure");
    v.Int(version.adopted_at);
  }
  v.Check([&] { return law.versions.empty() ? DataLossError("a law without versions") : OkStatus(); });
}

template <typename V, typename S>
void TextsFields(V& v, S& s) {
  v.Item([&] {
    size_t n = s.texts.size();
    v.SnapshotCount(n, 40);
    if constexpr (V::kReading) {
      for (size_t i = 0; i < n && v.ok(); ++i) {
        TextHash hash{};
        std::uint64_t index = 0;
        v.Fixed(hash);
        v.Int(index);
        if (v.ok()) s.texts.emplace_hint(s.texts.end(), hash, index);
      }
    } else {
      for (const auto& [hash, index] : s.texts) {
        v.Fixed(hash);
        v.Int(index);
        v.Cut();
      }
    }
  });
}

}  // namespace

template <typename V, typename S>
void VisitLegislationSections(V& v, S& s) {
  v.Section("texts", [&] { TextsFields(v, s); });
  v.Section("measures", [&] {
    fields::MapItems(v, s.measures, 8, [&](auto& id, auto& m) {
      MeasureHead(v, id, m.spec);
      MeasureFields(v, m);
    });
  });
  v.Section("initiatives", [&] {
    fields::MapItems(v, s.initiatives, 8, [&](auto& id, auto& in) {
      MeasureHead(v, id, in.spec);
      v.String(in.filer, kMaxKey, "filer");
      v.Int(in.threshold);
      v.Int(in.qualified);
      fields::StringSet<std::uint64_t>(v, in.signatures, true);
    });
  });
  v.Section("sessions", [&] {
    fields::MapItems(v, s.sessions, 8, [&](auto& key, auto& ses) {
      v.String(key.first, kMaxKey, "territory");
      v.Int(key.second);
      SessionFields(v, ses);
    });
  });
  v.Section("assemblies", [&] {
    fields::MapItems(v, s.assemblies, 8, [&](auto& id, auto& a) {
      v.String(id, kMaxKey, "territory");
      AssemblyFields(v, a);
    });
  });
  v.Section("laws", [&] {
    fields::MapItems(v, s.laws, 8, [&](auto& id, auto& law) {
      v.String(id, kMaxKey, "law");
      LawFields(v, law);
    });
  });
}

template void VisitLegislationSections(fields::DigestWriter&, const LegislationState&);
template void VisitLegislationSections(fields::StreamWriter&, const LegislationState&);
template void VisitLegislationSections(fields::StreamReader&, LegislationState&);

}  // namespace veche::core
