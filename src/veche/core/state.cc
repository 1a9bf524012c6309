// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/state.h"

#include <algorithm>

#include "veche/base/canonical.h"
#include "veche/core/payload_codec.h"

namespace veche::core {

bool State::InScope(const std::string& scope, const std::string& territory) const {
  std::string at = territory;
  for (size_t depth = 0; depth <= territories.size(); ++depth) {  // bounded: the tree has no cycles
    if (at == scope) return true;
    auto it = territories.find(at);
    if (it == territories.end() || it->second.parent.empty()) return false;
    at = it->second.parent;
  }
  return false;
}

void State::AddResident(const Citizen& c) {
  Residents& r = residents[c.residence];
  ++r.total;
  ++r.by_majority_date[c.majority_date];
}

void State::RemoveResident(const Citizen& c) {
  auto it = residents.find(c.residence);
  if (it == residents.end()) return;
  Residents& r = it->second;
  --r.total;
  auto date = r.by_majority_date.find(c.majority_date);
  if (date != r.by_majority_date.end() && --date->second == 0) r.by_majority_date.erase(date);
}

std::uint64_t State::AdultResidentsOf(const std::string& territory) const {
  auto it = residents.find(territory);
  if (it == residents.end()) return 0;
  std::uint64_t minors = 0;
  for (auto date = it->second.by_majority_date.upper_bound(clock); date != it->second.by_majority_date.end(); ++date) {
    minors += date->second;
  }
  return it->second.total - minors;
}

std::vector<std::pair<std::string, crypto::Sha256Digest>> State::SectionDigests() const {
  // Each section is streamed into its own hash in chunks, so a large state is never encoded whole.
  std::vector<std::pair<std::string, crypto::Sha256Digest>> out;
  auto section = [&](const char* name, auto&& fill) {
    crypto::Sha256 hash;
    auto flush = [&](Encoder& e) { hash.Update(e.Finish()); };
    Encoder head(1);
    head.PutString(std::string("veche/state/") + name);
    flush(head);
    fill(flush);
    out.emplace_back(name, hash.Finish());
  };
  section("meta", [&](auto& flush) {
    Encoder e(1);
    e.PutBool(has_genesis).PutFixed(node_key).PutString(root).PutI64(clock).PutU64(records);
    e.PutU64(authorities.size());
    for (const auto& k : authorities) e.PutFixed(k);
    flush(e);
  });
  section("territories", [&](auto& flush) {
    for (const auto& [id, t] : territories) {
      Encoder e(1);
      e.PutString(id)
          .PutString(t.parent)
          .PutU8(static_cast<std::uint8_t>(t.kind))
          .PutString(t.name)
          .PutBool(t.dissolved);
      t.charter.EncodeTo(e);
      flush(e);
    }
  });
  section("collectives", [&](auto& flush) {
    for (const auto& [id, c] : collectives) {
      Encoder e(1);
      e.PutString(id).PutString(c.parent).PutString(c.territory).PutU8(static_cast<std::uint8_t>(c.kind));
      e.PutString(c.name).PutBool(c.dissolved);
      flush(e);
    }
  });
  section("registrars", [&](auto& flush) {
    for (const auto& [key, r] : registrars) {
      Encoder e(1);
      e.PutFixed(key).PutString(r.territory).PutBool(r.active);
      flush(e);
    }
  });
  section("citizens", [&](auto& flush) {
    for (const auto& [id, c] : citizens) {
      Encoder e(1);
      e.PutString(id).PutString(c.residence).PutI64(c.majority_date).PutI64(c.consultative_date);
      e.PutFixed(c.personal_data).PutBool(c.key.has_value());
      if (c.key) e.PutFixed(*c.key);
      e.PutFixed(c.enrolment_key).PutBool(c.enrolment_pending).PutU64(c.collectives.size());
      for (const auto& col : c.collectives) e.PutString(col);
      e.PutU8(c.removed ? static_cast<std::uint8_t>(*c.removed) : 0);
      flush(e);
    }
  });
  // Flushes every 64 KiB so a roll call or electorate of millions is never encoded whole.
  auto maybe_flush = [](Encoder& e, auto& flush) {
    if (e.bytes().size() > 64 * 1024) flush(e), e = Encoder(1);
  };
  section("texts", [&](auto& flush) {
    Encoder e(1);
    for (const auto& [hash, index] : texts) {
      e.PutFixed(hash).PutU64(index);
      maybe_flush(e, flush);
    }
    flush(e);
  });
  section("measures", [&](auto& flush) {
    for (const auto& [id, m] : measures) {
      Encoder e(1);
      e.PutBytes(EncodePayload(MeasurePayload{id, m.spec})).PutBool(m.from_initiative);
      e.PutU8(static_cast<std::uint8_t>(m.status)).PutU32(m.session);
      e.PutU16(m.rule.quorum_permille).PutU8(static_cast<std::uint8_t>(m.rule.majority.kind));
      e.PutU16(m.rule.majority.num).PutU16(m.rule.majority.den).PutBool(m.rule.double_majority);
      codec::PutCount(e, m.binding);
      codec::PutCount(e, m.consultative);
      e.PutU32(static_cast<std::uint32_t>(m.members.size()));
      for (const auto& c : m.members) codec::PutCount(e, c);
      e.PutBool(m.result.has_value());
      if (m.result) e.PutBytes(EncodePayload(*m.result));
      e.PutU64(m.votes.size());
      for (const auto& [citizen, vote] : m.votes) {  // in citizen-id order
        e.PutString(citizen).PutU8(static_cast<std::uint8_t>(vote));
        maybe_flush(e, flush);
      }
      flush(e);
    }
  });
  section("initiatives", [&](auto& flush) {
    for (const auto& [id, i] : initiatives) {
      Encoder e(1);
      e.PutBytes(EncodePayload(MeasurePayload{id, i.spec})).PutString(i.filer).PutU64(i.threshold);
      e.PutBool(i.qualified).PutU64(i.signatures.size());
      for (const auto& citizen : i.signatures) {
        e.PutString(citizen);
        maybe_flush(e, flush);
      }
      flush(e);
    }
  });
  section("sessions", [&](auto& flush) {
    for (const auto& [key, ses] : sessions) {
      Encoder e(1);
      e.PutString(key.first).PutU32(key.second).PutBool(ses.extraordinary).PutBool(ses.closed);
      e.PutI64(ses.opened_at).PutI64(ses.closes_at).PutU32(static_cast<std::uint32_t>(ses.members.size()));
      for (const auto& t : ses.members) e.PutString(t);
      e.PutU32(static_cast<std::uint32_t>(ses.measures.size()));
      for (const auto& m : ses.measures) e.PutString(m);
      e.PutU64(ses.binding_electorate).PutU64(ses.consultative_electorate);
      std::vector<std::pair<std::string_view, Voter>> voters(ses.electorate.begin(), ses.electorate.end());
      std::sort(voters.begin(), voters.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      e.PutU64(voters.size());
      for (const auto& [citizen, v] : voters) {
        e.PutString(citizen).PutBool(v.binding).PutU32(v.member);
        maybe_flush(e, flush);
      }
      flush(e);
    }
  });
  section("assemblies", [&](auto& flush) {
    for (const auto& [id, a] : assemblies) {
      Encoder e(1);
      e.PutString(id).PutU32(a.sessions).PutU32(a.open_session).PutI64(a.last_regular_month).PutString(a.budget);
      e.PutU64(a.pending.size());
      for (const auto& m : a.pending) e.PutString(m);
      e.PutU64(a.petitions.size());
      for (const auto& citizen : a.petitions) {
        e.PutString(citizen);
        maybe_flush(e, flush);
      }
      flush(e);
    }
  });
  section("laws", [&](auto& flush) {
    for (const auto& [id, law] : laws) {
      Encoder e(1);
      e.PutString(id)
          .PutString(law.territory)
          .PutString(law.title)
          .PutU32(static_cast<std::uint32_t>(law.versions.size()));
      for (const auto& v : law.versions) e.PutFixed(v.text).PutString(v.measure).PutI64(v.adopted_at);
      flush(e);
    }
  });
  section("elections", [&](auto& flush) {
    for (const auto& [id, el] : elections) {
      Encoder e(1);
      e.PutBytes(EncodePayload(el.spec)).PutU8(static_cast<std::uint8_t>(el.status));
      for (const Trustee& t : el.trustees) {
        e.PutBool(t.commit.has_value());
        if (t.commit) e.PutBytes(EncodePayload(*t.commit));
        e.PutBool(t.reveal.has_value());
        if (t.reveal) e.PutBytes(EncodePayload(*t.reveal));
        e.PutBool(t.disqualified).PutU32(static_cast<std::uint32_t>(t.complained.size()));
        for (std::uint8_t dealer : t.complained) e.PutU8(dealer);
        e.PutFixed(t.verification_key).PutBool(t.decryption.has_value());
        if (t.decryption) e.PutBytes(EncodePayload(*t.decryption));
      }
      const std::vector<crypto::Ciphertext> tally = el.Tally();
      e.PutFixed(el.key).PutU16(el.qual).PutU32(static_cast<std::uint32_t>(tally.size()));
      for (const crypto::Ciphertext& c : tally) e.PutFixed(c.alpha).PutFixed(c.beta);
      e.PutU32(static_cast<std::uint32_t>(el.decryption_order.size()));
      for (std::uint32_t l : el.decryption_order) e.PutU32(l);
      e.PutBool(el.result.has_value());
      if (el.result) e.PutBytes(EncodePayload(*el.result));
      e.PutU64(el.electorate.size());
      for (const std::string& citizen : el.electorate) {
        e.PutString(citizen);
        maybe_flush(e, flush);
      }
      e.PutU64(el.ballots.size());
      for (const auto& [citizen, b] : el.ballots) {  // the tracker fixes the ciphertexts
        e.PutString(citizen).PutFixed(b.tracker);
        maybe_flush(e, flush);
      }
      flush(e);
    }
  });
  section("applied", [&](auto& flush) {
    // Which records were applied, at which index: what duplicate detection depends on.
    std::vector<std::pair<std::uint64_t, RecordId>> by_index;
    by_index.reserve(applied.size());
    for (const auto& [id, index] : applied) by_index.emplace_back(index, id);
    std::sort(by_index.begin(), by_index.end());
    Encoder e(1);
    for (const auto& [index, id] : by_index) {
      e.PutU64(index).PutFixed(id);
      maybe_flush(e, flush);
    }
    flush(e);
  });
  return out;
}

const char* ElectionStatusName(ElectionStatus status) {
  switch (status) {
    case ElectionStatus::kKeygen: return "keygen";
    case ElectionStatus::kVoting: return "voting";
    case ElectionStatus::kCounting: return "counting";
    case ElectionStatus::kDecided: return "decided";
  }
  return "unknown";
}

const char* MeasureStatusName(MeasureStatus status) {
  switch (status) {
    case MeasureStatus::kPending: return "pending";
    case MeasureStatus::kVoting: return "voting";
    case MeasureStatus::kCounting: return "counting";
    case MeasureStatus::kDecided: return "decided";
  }
  return "unknown";
}

crypto::Sha256Digest State::CombineSections(const std::vector<std::pair<std::string, crypto::Sha256Digest>>& sections) {
  Encoder e(1);
  e.PutString("veche/state/v2");
  for (const auto& [name, digest] : sections) e.PutString(name).PutFixed(digest);
  return crypto::Sha256Of(e.Finish());
}

}  // namespace veche::core
