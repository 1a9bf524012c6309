// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/offices/state.h"

#include <algorithm>

#include "veche/core/state_fields.h"

namespace veche::core {

bool OfficesState::HoldsCertificate(const std::string& citizen, const std::string& certificate_class,
                                    UnixMicros at) const {
  auto held = certificates_of.find(citizen);
  if (held == certificates_of.end()) return false;
  for (const std::string& id : held->second) {
    const Certificate& c = certificates.at(id);
    if (c.certificate_class == certificate_class && c.ValidAt(at)) return true;
  }
  return false;
}

const Tenure* Office::Holder() const {
  return !tenures.empty() && tenures.back().ended.empty() ? &tenures.back() : nullptr;
}

const char* MeetingSubjectName(MeetingSubject subject) {
  return subject == MeetingSubject::kOffice ? "office" : "nomination";
}

const char* PowerName(Power power) {
  switch (power) {
    case Power::kTerritories: return "territories";
    case Power::kCollectives: return "collectives";
    case Power::kRegistrars: return "registrars";
    case Power::kTrainingBodies: return "training-bodies";
    case Power::kMeasures: return "measures";
    case Power::kElections: return "elections";
    case Power::kOffices: return "offices";
    case Power::kTrustees: return "trustees";
  }
  return "unknown";
}

std::optional<Power> PowerNamed(std::string_view name) {
  for (std::uint8_t p = 1; p <= kMaxPower; ++p) {
    if (name == PowerName(static_cast<Power>(p))) return static_cast<Power>(p);
  }
  return std::nullopt;
}

const char* ContestStageName(ContestStage stage) {
  switch (stage) {
    case ContestStage::kNominating: return "nominating";
    case ContestStage::kVoting: return "voting";
    case ContestStage::kDecided: return "decided";
    case ContestStage::kSeated: return "seated";
    case ContestStage::kFailed: return "failed";
    case ContestStage::kCancelled: return "cancelled";
  }
  return "unknown";
}

choice::Count Meeting::Count() const {
  choice::Count count;
  for (const auto& [citizen, v] : votes) {
    ++(v == VoteChoice::kYes ? count.yes : v == VoteChoice::kNo ? count.no : count.abstain);
  }
  return count;
}

std::vector<std::uint64_t> OpenRound::Counts() const {
  std::vector<std::uint64_t> counts(options.size(), 0);
  for (const auto& [citizen, option] : votes) ++counts[option];
  return counts;
}

size_t ContestNumber(const std::string& id) {
  constexpr std::string_view kPrefix = "contest-";
  size_t n = 0;
  for (size_t i = kPrefix.size(); i < id.size() && id[i] >= '0' && id[i] <= '9'; ++i) n = n * 10 + (id[i] - '0');
  return n;
}

std::string RollKey(const std::string& territory, const std::string& collective) {
  return collective.empty() ? "/" + territory : collective;
}

namespace {

// The earliest time something about office `o` may become due, or nullopt if nothing can until
// a record changes it: its holder's term ending, its successor's contest opening, or the next step
// of its contest (the nominations closing, the vote closing, the winner taking a vacant seat).
std::optional<UnixMicros> NextDeadline(const OfficesState& s, const Office& o) {
  if (o.abolished) return std::nullopt;
  const Tenure* holder = o.Holder();
  UnixMicros at = holder ? holder->next_contest_at : o.vacant_since;
  if (!o.contest.empty()) {
    const Contest& c = s.contests.at(o.contest);
    switch (c.stage) {
      case ContestStage::kNominating: at = c.nominations_close_at; break;
      case ContestStage::kVoting: at = c.voting_closes_at; break;
      case ContestStage::kDecided: at = holder ? holder->until : 0; break;
      default: return std::nullopt;
    }
  }
  return holder ? std::min(at, holder->until) : at;
}

}  // namespace

void OfficesState::IndexOffice(const std::string& id) {
  if (auto old = deadline_of_office.find(id); old != deadline_of_office.end()) {
    office_deadlines.erase({old->second, id});
    deadline_of_office.erase(old);
  }
  auto office = offices.find(id);
  if (office == offices.end()) return;
  if (std::optional<UnixMicros> at = NextDeadline(*this, office->second)) {
    office_deadlines.emplace(*at, id);
    deadline_of_office.emplace(id, *at);
  }
}

namespace {

constexpr size_t kMaxKey = 1 << 16;  // ids in the state were checked when their records applied

template <typename V, typename C>
void CertificateFields(V& v, C& c) {
  v.String(c.citizen, kMaxKey, "citizen");
  v.String(c.certificate_class, kMaxKey, "certificate class");
  v.Fixed(c.issuer);
  v.Int(c.valid_from);
  v.Int(c.valid_until);
  v.Optional(c.revoked, [&](auto& reason) { v.String(reason, kMaxKey, "reason"); });
}

template <typename V, typename T>
void TenureFields(V& v, T& t) {
  v.String(t.citizen, kMaxKey, "citizen");
  v.String(t.contest, kMaxKey, "contest");
  v.Int(t.from);
  v.Int(t.until);
  v.Int(t.next_contest_at);
  v.String(t.ended, kMaxKey, "how the tenure ended");
  v.Int(t.ended_at);
}

template <typename V, typename O>
void OfficeFields(V& v, O& o) {
  v.String(o.title, kMaxKey, "title");
  v.String(o.territory, kMaxKey, "territory");
  v.String(o.collective, kMaxKey, "collective");
  v.Int(o.term_years);
  v.String(o.required_class, kMaxKey, "required class");
  v.Int(o.abolished);
  v.Int(o.vacant_since);
  fields::ListItems(v, o.tenures, 24, [&](auto& t) { TenureFields(v, t); });
  v.String(o.contest, kMaxKey, "contest");
}

template <typename V, typename C>
void CandidacyFields(V& v, C& c) {
  v.String(c.citizen, kMaxKey, "citizen");
  v.String(c.nomination, kMaxKey, "nomination");
  fields::ListItems(v, c.promises, 32, [&](auto& h) { v.Fixed(h); });
  v.Int(c.filed_at);
}

template <typename V, typename M>
void MeetingFields(V& v, M& m) {
  v.String(m.collective, kMaxKey, "collective");
  v.Enum(m.subject, 1, 2, "meeting subject");
  v.String(m.contest, kMaxKey, "contest");
  v.String(m.nominee, kMaxKey, "nominee");
  v.Enum(m.office.action, 1, 4, "office action");
  v.String(m.office.office, kMaxKey, "office");
  v.String(m.office.title, kMaxKey, "title");
  v.Int(m.office.term_years);
  v.String(m.office.required_class, kMaxKey, "required class");
  v.String(m.opener, kMaxKey, "opener");
  v.Int(m.opened_at);
  v.Int(m.closes_at);
  fields::StringSet<std::uint32_t>(v, m.electorate, true);
  size_t n = m.votes.size();
  v.template Length<std::uint32_t>(n, 6);
  if constexpr (V::kReading) {
    for (size_t i = 0; i < n && v.ok(); ++i) {
      std::string citizen;
      VoteChoice choice = VoteChoice::kYes;
      v.String(citizen, kMaxKey, "citizen");
      v.Enum(choice, 1, 3, "vote choice");
      if (v.ok()) m.votes.emplace_hint(m.votes.end(), std::move(citizen), choice);
    }
  } else {
    for (const auto& [citizen, choice] : m.votes) {
      v.String(citizen, kMaxKey, "citizen");
      v.Enum(choice, 1, 3, "vote choice");
    }
  }
  v.Int(m.closed);
  v.String(m.outcome, kMaxKey, "outcome");
  v.Int(m.took_effect);
}

template <typename V, typename C>
void ContestFields(V& v, C& c) {
  v.String(c.office, kMaxKey, "office");
  std::uint8_t stage = static_cast<std::uint8_t>(c.stage);
  v.Int(stage);
  if constexpr (V::kReading) {
    if (stage < 1 || stage > 6) v.Fail(DataLossError("unknown contest stage"));
    c.stage = static_cast<ContestStage>(stage);
  }
  v.Int(c.opened_at);
  v.Int(c.nominations_close_at);
  v.Int(c.extended);
  v.Int(c.confirmation);
  v.Int(c.signatures_needed);
  fields::ListItems(v, c.candidates, 12, [&](auto& candidacy) { CandidacyFields(v, candidacy); });
  fields::StringList<std::uint32_t>(v, c.elections);
  v.Int(c.voting_closes_at);
  v.String(c.winner, kMaxKey, "winner");
  v.String(c.outcome, kMaxKey, "outcome");
  v.Int(c.open);
  fields::ListItems(v, c.open_rounds, 8, [&](auto& round) {
    fields::StringList<std::uint32_t>(v, round.options);
    size_t n = round.votes.size();
    v.template Length<std::uint32_t>(n, 8);
    if constexpr (V::kReading) {
      for (size_t i = 0; i < n && v.ok(); ++i) {
        std::string citizen;
        std::uint32_t option = 0;
        v.String(citizen, kMaxKey, "citizen");
        v.Int(option);
        if (v.ok() && option >= round.options.size()) v.Fail(DataLossError("an open vote names no option"));
        if (v.ok()) round.votes.emplace_hint(round.votes.end(), std::move(citizen), option);
      }
    } else {
      for (const auto& [citizen, option] : round.votes) {
        v.String(citizen, kMaxKey, "citizen");
        v.Int(option);
      }
    }
  });
}

// The indexes that are not part of the digest, from the sections read; kDataLoss for a contest
// and an office that do not name each other (the digest check comes only after loading).
template <typename V>
void RebuildDerived(V& v, OfficesState& s) {
  std::vector<std::pair<size_t, std::string>> by_number;  // contest ids sort as text, not by number
  for (const auto& [id, c] : s.contests) {
    if (!s.offices.count(c.office)) return v.Fail(DataLossError("a contest's office is missing"));
    for (const std::string& election : c.elections) s.contest_of_election[election] = id;
    by_number.emplace_back(ContestNumber(id), id);
  }
  std::sort(by_number.begin(), by_number.end());
  for (const auto& [number, id] : by_number) s.contests_of_office[s.contests.at(id).office].push_back(id);
  for (const auto& [id, n] : s.nominations) s.nominations_of_contest[n.contest].insert(id);
  for (const auto& [id, m] : s.meetings) {
    if (!m.closed) s.meeting_deadlines.emplace(m.closes_at, id);
  }
  for (const auto& [id, o] : s.offices) {
    if (!o.contest.empty() && !s.contests.count(o.contest))
      return v.Fail(DataLossError("an office's contest is missing"));
  }
  for (const auto& [id, o] : s.offices) s.IndexOffice(id);
}

}  // namespace

template <typename V, typename S>
void VisitOfficesSections(V& v, S& s) {
  v.Section("training_bodies", [&] {
    fields::MapItems(v, s.training_bodies, 8, [&](auto& key, auto& b) {
      v.Fixed(key);
      v.String(b.id, kMaxKey, "training body id");
      v.String(b.name, kMaxKey, "name");
      v.String(b.territory, kMaxKey, "territory");
      fields::StringSet<std::uint8_t>(v, b.classes, false);
      v.Int(b.active);
    });
  });
  v.Section("certificates", [&] {
    fields::MapItems(v, s.certificates, 8, [&](auto& id, auto& c) {
      v.String(id, kMaxKey, "certificate id");
      CertificateFields(v, c);
    });
    if constexpr (V::kReading) {
      for (const auto& [id, c] : s.certificates) s.certificates_of[c.citizen].insert(id);
    }
  });
  v.Section("offices", [&] {
    fields::MapItems(v, s.offices, 8, [&](auto& id, auto& o) {
      v.String(id, kMaxKey, "office id");
      OfficeFields(v, o);
    });
    if constexpr (V::kReading) {
      for (const auto& [id, o] : s.offices) {
        for (const Tenure& t : o.tenures) s.offices_of_citizen[t.citizen].insert(id);
      }
    }
  });
  v.Section("contests", [&] {
    fields::MapItems(v, s.contests, 8, [&](auto& id, auto& c) {
      v.String(id, kMaxKey, "contest id");
      ContestFields(v, c);
    });
  });
  v.Section("nominations", [&] {
    fields::MapItems(v, s.nominations, 8, [&](auto& id, auto& n) {
      v.String(id, kMaxKey, "nomination id");
      v.String(n.contest, kMaxKey, "contest");
      v.String(n.nominee, kMaxKey, "nominee");
      fields::StringSet<std::uint32_t>(v, n.signers, true);
      v.String(n.collective, kMaxKey, "collective");
    });
  });
  v.Section("trustee_rolls", [&] {
    fields::MapItems(v, s.trustee_rolls, 8, [&](auto& key, auto& roll) {
      v.String(key, kMaxKey, "roll");
      v.Int(roll.threshold);
      fields::ListItems(v, roll.trustees, 32, [&](auto& k) { v.Fixed(k); });
    });
  });
  v.Section("meetings", [&] {
    fields::MapItems(v, s.meetings, 8, [&](auto& id, auto& m) {
      v.String(id, kMaxKey, "meeting id");
      MeetingFields(v, m);
    });
  });
  v.Section("office_powers", [&] {
    fields::MapItems(v, s.office_powers, 8, [&](auto& id, auto& powers) {
      v.String(id, kMaxKey, "office id");
      size_t n = powers.size();
      v.template Length<std::uint32_t>(n, 1);
      if constexpr (V::kReading) {
        for (size_t i = 0; i < n && v.ok(); ++i) {
          Power power = Power::kTerritories;
          v.Enum(power, 1, kMaxPower, "power");
          powers.insert(power);
        }
      } else {
        for (Power power : powers) v.Enum(power, 1, kMaxPower, "power");
      }
    });
  });
  if constexpr (V::kReading) {
    if (v.ok()) RebuildDerived(v, s);
  }
}

template void VisitOfficesSections(fields::DigestWriter&, const OfficesState&);
template void VisitOfficesSections(fields::StreamWriter&, const OfficesState&);
template void VisitOfficesSections(fields::StreamReader&, OfficesState&);

}  // namespace veche::core
