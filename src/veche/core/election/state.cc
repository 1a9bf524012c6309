// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/election/state.h"

#include "veche/core/state_fields.h"

namespace veche::core {

const char* ElectionStatusName(ElectionStatus status) {
  switch (status) {
    case ElectionStatus::kKeygen: return "keygen";
    case ElectionStatus::kVoting: return "voting";
    case ElectionStatus::kCounting: return "counting";
    case ElectionStatus::kDecided: return "decided";
  }
  return "unknown";
}

std::vector<crypto::Ciphertext> Election::Tally() const {
  std::vector<crypto::Ciphertext> out;
  for (const crypto::CiphertextSum& sum : running_tally) {
    const auto [alpha, beta] = sum.Value();
    out.push_back(crypto::Ciphertext{alpha, beta});
  }
  return out;
}

namespace {

constexpr size_t kMaxKey = 1 << 16;  // ids in the state were checked when their records applied

template <typename V, typename T>
void TrusteeFields(V& v, T& t) {
  v.Optional(t.commit, [&](auto& p) { v.Payload(p); });
  v.Optional(t.reveal, [&](auto& p) { v.Payload(p); });
  v.Int(t.disqualified);
  size_t n = t.complained.size();
  v.template Length<std::uint32_t>(n, 1);
  if constexpr (V::kReading) {
    for (size_t i = 0; i < n && v.ok(); ++i) {
      std::uint8_t dealer = 0;
      v.Int(dealer);
      t.complained.insert(dealer);
    }
  } else {
    for (std::uint8_t dealer : t.complained) v.Int(dealer);
  }
  v.Fixed(t.verification_key);
  v.Optional(t.decryption, [&](auto& p) { v.Payload(p); });
}

template <typename V, typename C>
void CiphertextFields(V& v, C& c) {
  v.Fixed(c.alpha);
  v.Fixed(c.beta);
}

// The running tally as its encoded sums; the reader decodes them back into running sums.
template <typename V, typename E>
void TallyFields(V& v, E& el) {
  if constexpr (V::kReading) {
    size_t n = 0;
    v.template Length<std::uint32_t>(n, 64);
    el.running_tally.assign(n, crypto::CiphertextSum{});
    for (crypto::CiphertextSum& sum : el.running_tally) {
      crypto::Ciphertext c;
      CiphertextFields(v, c);
      if (v.ok() && !sum.Add(c.alpha, c.beta)) v.Fail(DataLossError("a tally point does not decode"));
    }
  } else {
    const std::vector<crypto::Ciphertext> tally = el.Tally();
    size_t n = tally.size();
    v.template Length<std::uint32_t>(n, 64);
    for (const crypto::Ciphertext& c : tally) CiphertextFields(v, c);
  }
}

// Each voter's counted ballot: the tracking code (which fixes the ciphertexts, so the digest
// covers only it), and in the snapshot the ciphertexts themselves.
template <typename V, typename E>
void BallotsFields(V& v, E& el) {
  size_t n = el.ballots.size();
  v.template Length<std::uint64_t>(n, 48);
  auto each = [&](auto& citizen, auto& b) {
    v.String(citizen, kMaxKey, "citizen");
    v.Fixed(b.tracker);
    v.Int(b.signed_at);
    v.SnapshotOnly([&] {
      size_t options = b.options.size();
      v.template Length<std::uint64_t>(options, 64);
      v.Resize(b.options, options);
      for (auto& c : b.options) CiphertextFields(v, c);
    });
    v.Cut();
  };
  if constexpr (V::kReading) {
    for (size_t i = 0; i < n && v.ok(); ++i) {
      std::string citizen;
      CastBallot b;
      each(citizen, b);
      if (v.ok()) el.ballots.emplace_hint(el.ballots.end(), std::move(citizen), std::move(b));
    }
  } else {
    for (const auto& [citizen, b] : el.ballots) each(citizen, b);
  }
}

template <typename V, typename E>
void ElectionFields(V& v, E& el) {
  v.Payload(el.spec);
  if constexpr (V::kReading) {
    el.hash = ElectionHashOf(el.spec);
    for (const PublicKeyBytes& key : el.spec.trustees) {
      Trustee t;
      t.key = key;
      el.trustees.push_back(std::move(t));
    }
  }
  v.Enum(el.status, 1, 4, "election status");
  for (auto& t : el.trustees) TrusteeFields(v, t);  // as many as the definition names
  v.Fixed(el.key);
  v.Int(el.qual);
  TallyFields(v, el);
  size_t order = el.decryption_order.size();
  v.template Length<std::uint32_t>(order, 4);
  v.Resize(el.decryption_order, order);
  for (auto& l : el.decryption_order) v.Int(l);
  v.Optional(el.result, [&](auto& r) { v.Payload(r); });
  fields::StringSet<std::uint64_t>(v, el.electorate, true);
  BallotsFields(v, el);
}

}  // namespace

template <typename V, typename S>
void VisitElectionSections(V& v, S& s) {
  v.Section("elections", [&] {
    fields::MapItems(v, s.elections, 8, [&](auto& id, auto& el) {
      ElectionFields(v, el);
      if constexpr (V::kReading) id = el.spec.id;
    });
  });
}

template void VisitElectionSections(fields::DigestWriter&, const ElectionState&);
template void VisitElectionSections(fields::StreamWriter&, const ElectionState&);
template void VisitElectionSections(fields::StreamReader&, ElectionState&);

}  // namespace veche::core
