// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Secret ballots (docs/formats/election.md): the payloads of record kinds 60..68 with their field
// lists (core/fields.h), the election hash and a ballot's tracking code.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "veche/core/fields.h"
#include "veche/crypto/elgamal.h"

namespace veche::core {

constexpr size_t kMaxElectionOptions = 50;  // a ballot of 50 options and limit 50 fits a payload
constexpr size_t kMaxTrustees = 16;

// Points that each come with a proof pair (coefficient commitments, decryption shares):
// n × (point, pair), the count written before by the caller.
template <typename V, typename Points, typename Proofs>
void ProvenPointsFields(V& v, size_t n, Points& points, Proofs& proofs, std::string_view point_name,
                        std::string_view proof_name) {
  v.Resize(points, n);
  v.Resize(proofs, n);
  for (size_t i = 0; i < points.size(); ++i) {
    v.Point(points[i], point_name);
    v.Proof(proofs[i], proof_name);
  }
}

// The number of options a list holds (ballots, tallies, shares, counts): a u16, 1..50.
template <typename V>
void OptionCount(V& v, size_t& n) {
  v.template Count<std::uint16_t>(n, 1, kMaxElectionOptions,
                                  fields::CountMessage("the number of options", 1, kMaxElectionOptions));
}

struct ElectionDefinePayload {  // election_define
  std::string id, territory, title;
  std::vector<std::string> options;
  std::uint16_t limit = 1;  // marks a voter may make, at most
  UnixMicros opens_at = 0, closes_at = 0;
  std::vector<PublicKeyBytes> trustees;
  std::uint8_t threshold = 1;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "election id");
    v.Id(p.territory, "territory");
    v.Name(p.title, "title");
    size_t n = p.options.size();
    OptionCount(v, n);
    v.Resize(p.options, n);
    for (auto& o : p.options) v.Name(o, "option");
    v.Int(p.limit);
    v.Int(p.opens_at);
    v.Int(p.closes_at);
    size_t t = p.trustees.size();
    v.template Count<std::uint8_t>(t, 1, kMaxTrustees, fields::CountMessage("the number of trustees", 1, kMaxTrustees));
    v.Resize(p.trustees, t);
    for (auto& k : p.trustees) v.Fixed(k);
    v.Int(p.threshold);
  }
};
struct TrusteeCommitPayload {  // trustee_commit
  std::string election;
  crypto::Point encryption_key = crypto::kIdentity;
  crypto::ProofPair proof;  // Schnorr proof of the encryption secret
  std::array<std::uint8_t, 32> coefficient_hash{};
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.election, "election id");
    v.Point(p.encryption_key, "encryption key");
    v.Proof(p.proof, "encryption key proof");
    v.Fixed(p.coefficient_hash);
  }
};
struct EncryptedShare {
  crypto::Point r = crypto::kIdentity;
  crypto::Scalar c{};
  template <typename V, typename Self>
  static void Fields(V& v, Self& s) {
    v.PointOrIdentity(s.r, "share point");  // the dealer's own entry is zero
    v.Scalar(s.c, "encrypted share");
  }
};
struct TrusteeRevealPayload {  // trustee_reveal
  std::string election;
  std::vector<crypto::Point> coefficients;  // K_i0..K_i,k-1
  std::vector<crypto::ProofPair> proofs;    // one Schnorr proof per coefficient
  std::vector<EncryptedShare> shares;       // one per trustee l = 1..n; the dealer's own is zero
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.election, "election id");
    size_t k = p.coefficients.size();
    v.template Count<std::uint8_t>(k, 1, kMaxTrustees,
                                   fields::CountMessage("the number of coefficients", 1, kMaxTrustees));
    ProvenPointsFields(v, k, p.coefficients, p.proofs, "coefficient commitment", "coefficient proof");
    size_t n = p.shares.size();
    v.template Count<std::uint8_t>(n, 1, kMaxTrustees, fields::CountMessage("the number of shares", 1, kMaxTrustees));
    v.Resize(p.shares, n);
    for (auto& s : p.shares) v.Nested(s);
  }
};
struct TrusteeComplaintPayload {  // trustee_complaint
  std::string election;
  std::uint8_t dealer = 0;                   // 1-based
  crypto::Point shared = crypto::kIdentity;  // D = e_l·R_il
  crypto::ProofPair proof;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.election, "election id");
    v.Int(p.dealer);
    v.Point(p.shared, "shared point");
    v.Proof(p.proof, "complaint proof");
  }
};
struct ElectionOpenPayload {  // election_open
  std::string election;
  crypto::Point key = crypto::kIdentity;
  std::uint16_t qual = 0;  // bit i-1 for trustee i
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.election, "election id");
    v.Point(p.key, "joint key");
    v.Int(p.qual);
  }
  friend bool operator==(const ElectionOpenPayload&, const ElectionOpenPayload&) = default;
};
struct BallotPayload {  // ballot
  std::string election;
  crypto::EncryptedSelections selections;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    auto& s = p.selections;
    v.Id(p.election, "election id");
    size_t n = s.options.size();
    OptionCount(v, n);
    v.Resize(s.options, n);
    v.Resize(s.option_proofs, n);
    for (size_t i = 0; i < s.options.size(); ++i) {
      const std::string at = "option " + std::to_string(i);
      v.Point(s.options[i].alpha, at + " alpha");
      v.Point(s.options[i].beta, at + " beta");
      v.Proof(s.option_proofs[i][0], at + " proof");
      v.Proof(s.option_proofs[i][1], at + " proof");
    }
    size_t m = s.sum_proof.size();
    v.template Count<std::uint16_t>(m, 2, kMaxElectionOptions + 1,
                                    fields::CountMessage("the sum proof's length", 2, kMaxElectionOptions + 1));
    v.Resize(s.sum_proof, m);
    for (auto& pair : s.sum_proof) v.Proof(pair, "sum proof");
  }
};
struct ElectionClosePayload {  // election_close
  std::string election;
  std::uint64_t voters = 0;
  std::vector<crypto::Ciphertext> tally;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.election, "election id");
    v.Int(p.voters);
    size_t n = p.tally.size();
    OptionCount(v, n);
    v.Resize(p.tally, n);
    for (auto& c : p.tally) {
      v.PointOrIdentity(c.alpha, "tally alpha");
      v.PointOrIdentity(c.beta, "tally beta");
    }
  }
  friend bool operator==(const ElectionClosePayload&, const ElectionClosePayload&) = default;
};
struct DecryptionSharePayload {  // decryption_share
  std::string election;
  std::vector<crypto::Point> shares;  // M_li = s_l·A_i per option
  std::vector<crypto::ProofPair> proofs;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.election, "election id");
    size_t n = p.shares.size();
    OptionCount(v, n);
    ProvenPointsFields(v, n, p.shares, p.proofs, "decryption share", "decryption proof");
  }
};
struct ElectionResultPayload {  // election_result
  std::string election;
  std::uint16_t trustees = 0;  // bit l-1 for each trustee whose share was used
  std::vector<std::uint64_t> counts;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.election, "election id");
    v.Int(p.trustees);
    size_t n = p.counts.size();
    OptionCount(v, n);
    v.Resize(p.counts, n);
    for (auto& c : p.counts) v.Int(c);
  }
  friend bool operator==(const ElectionResultPayload&, const ElectionResultPayload&) = default;
};

// A ballot's payload is decoded against its election's shape (option count and limit), so the
// generic DecodePayload<BallotPayload> reads the shape from the bytes and checks only the syntax.

// E = SHA-256("veche/election/v1\n" || payload).
crypto::ElectionHash ElectionHashOf(const ElectionDefinePayload& p);
// SHA-256("veche/ballot-tracker/v1\n" || payload): the code the voter keeps.
std::array<std::uint8_t, 32> BallotTracker(ByteView ballot_payload);

}  // namespace veche::core
