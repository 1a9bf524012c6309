// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Secret ballots in the pure core (docs/formats/ballot.md): the payloads of record kinds 60..68
// and their encoding, the rules Apply enforces for them (ApplyElection), what the node must
// append when its clock moves (DueElectionRecords), and the builders a trustee's or a voter's
// tool uses to make its records from a replayed state.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "veche/base/clock.h"
#include "veche/base/result.h"
#include "veche/core/payloads.h"
#include "veche/core/record.h"
#include "veche/crypto/elgamal.h"
#include "veche/crypto/vartime.h"

namespace veche::core {

struct State;
struct Election;

constexpr size_t kMaxElectionOptions = 50;  // a ballot of 50 options and limit 50 fits a payload
constexpr size_t kMaxTrustees = 16;

struct ElectionDefinePayload {  // election_define
  std::string id, territory, title;
  std::vector<std::string> options;
  std::uint16_t limit = 1;  // marks a voter may make, at most
  UnixMicros opens_at = 0, closes_at = 0;
  std::vector<PublicKeyBytes> trustees;
  std::uint8_t threshold = 1;
};
struct TrusteeCommitPayload {  // trustee_commit
  std::string election;
  crypto::Point encryption_key = crypto::kIdentity;
  crypto::ProofPair proof;  // Schnorr proof of the encryption secret
  std::array<std::uint8_t, 32> coefficient_hash{};
};
struct EncryptedShare {
  crypto::Point r = crypto::kIdentity;
  crypto::Scalar c{};
};
struct TrusteeRevealPayload {  // trustee_reveal
  std::string election;
  std::vector<crypto::Point> coefficients;  // K_i0..K_i,k-1
  std::vector<crypto::ProofPair> proofs;    // one Schnorr proof per coefficient
  std::vector<EncryptedShare> shares;       // one per trustee l = 1..n; the dealer's own is zero
};
struct TrusteeComplaintPayload {  // trustee_complaint
  std::string election;
  std::uint8_t dealer = 0;                   // 1-based
  crypto::Point shared = crypto::kIdentity;  // D = e_l·R_il
  crypto::ProofPair proof;
};
struct ElectionOpenPayload {  // election_open
  std::string election;
  crypto::Point key = crypto::kIdentity;
  std::uint16_t qual = 0;  // bit i-1 for trustee i
  friend bool operator==(const ElectionOpenPayload&, const ElectionOpenPayload&) = default;
};
struct BallotPayload {  // ballot
  std::string election;
  crypto::EncryptedSelections selections;
};
struct ElectionClosePayload {  // election_close
  std::string election;
  std::uint64_t voters = 0;
  std::vector<crypto::Ciphertext> tally;
  friend bool operator==(const ElectionClosePayload&, const ElectionClosePayload&) = default;
};
struct DecryptionSharePayload {  // decryption_share
  std::string election;
  std::vector<crypto::Point> shares;  // M_li = s_l·A_i per option
  std::vector<crypto::ProofPair> proofs;
};
struct ElectionResultPayload {  // election_result
  std::string election;
  std::uint16_t trustees = 0;  // bit l-1 for each trustee whose share was used
  std::vector<std::uint64_t> counts;
  friend bool operator==(const ElectionResultPayload&, const ElectionResultPayload&) = default;
};

Bytes EncodePayload(const ElectionDefinePayload& p);
Bytes EncodePayload(const TrusteeCommitPayload& p);
Bytes EncodePayload(const TrusteeRevealPayload& p);
Bytes EncodePayload(const TrusteeComplaintPayload& p);
Bytes EncodePayload(const ElectionOpenPayload& p);
Bytes EncodePayload(const BallotPayload& p);
Bytes EncodePayload(const ElectionClosePayload& p);
Bytes EncodePayload(const DecryptionSharePayload& p);
Bytes EncodePayload(const ElectionResultPayload& p);
// A ballot's payload is decoded against its election's shape (option count and limit), so the
// generic DecodePayload<BallotPayload> reads the shape from the bytes and checks only the syntax.

// E = SHA-256("veche/election/v1\n" || payload).
crypto::ElectionHash ElectionHashOf(const ElectionDefinePayload& p);
// SHA-256("veche/ballot-tracker/v1\n" || payload): the code the voter keeps.
std::array<std::uint8_t, 32> BallotTracker(ByteView ballot_payload);

// A ballot's proofs are the costliest check in Apply, yet they depend only on the voter and on
// facts fixed once its election opens. So they can be checked ahead, on any thread, against a
// snapshot of those facts taken before a batch (OpenElectionFacts); Apply skips its own check when
// handed facts equal to the election's at that point (BallotChecked), and checks otherwise.
struct ElectionFacts {
  crypto::ElectionHash hash{};
  crypto::Point key = crypto::kIdentity;
  std::uint32_t limit = 0;
  size_t options = 0;
  friend bool operator==(const ElectionFacts&, const ElectionFacts&) = default;
};
using OpenElections = std::map<std::string, ElectionFacts, std::less<>>;
OpenElections OpenElectionFacts(const State& state);
// A ballot record's payload, decoded, with the facts its shape and proofs were checked against.
struct CheckedBallot {
  ElectionFacts facts;
  BallotPayload ballot;
};
// nullopt unless `record` is a ballot of an election in `open` whose shape and proofs hold.
std::optional<CheckedBallot> CheckBallotAhead(const OpenElections& open, const Record& record);

// Applies record kinds 60..68 with Apply's contract (signature checked, record new); on error the
// state is unchanged. `ballot_checked` (may be null): CheckBallotAhead's result for this record.
Status ApplyElection(State& state, const Record& record, const PublicKeyBytes& author,
                     const CheckedBallot* ballot_checked);

// The election records the node must append at the state's clock: openings, closes, and results
// whose shares are in. Each applies in the order given.
struct DueRecord;
std::vector<DueRecord> DueElectionRecords(const State& state);
// The open record due for `id` at the clock, or kFailedPrecondition saying why none is.
Result<ElectionOpenPayload> DueElectionOpen(const State& state, const std::string& id);
// Why election `el` can never open, or nullopt if it still may (or did): its opening time has
// passed on the state's clock with fewer qualified trustees than its threshold. No reveal is taken
// after the opening time and complaints only remove trustees, so the answer is final. The status
// stays kKeygen (nothing is recorded); readers show the election as failed.
std::optional<std::string> ElectionFailure(const State& state, const Election& el);
// "failed" for an election ElectionFailure names, else ElectionStatusName(el.status).
const char* ElectionPublicStatus(const State& state, const Election& el);
// The counts from the first `threshold` decryption shares, found by baby-step giant-step.
// kFailedPrecondition while the election is not closed or too few shares are in.
Result<ElectionResultPayload> ComputeElectionResult(const State& state, const std::string& id);

// --- What a trustee's tool keeps and makes (it replays the log for the state) ---
struct TrusteeSecrets {
  std::vector<crypto::Scalar> coefficients;  // a_i0..a_i,k-1
  crypto::Scalar encryption_secret{};        // e_i
};
TrusteeSecrets GenerateTrusteeSecrets(std::uint8_t threshold, Rng& rng);
Bytes EncodeTrusteeSecrets(const TrusteeSecrets& s);  // secret: write with WriteSecretFile
Result<TrusteeSecrets> DecodeTrusteeSecrets(ByteView bytes);
// The trustee's 1-based index in election `id` for `key`, or kNotFound / kPermissionDenied.
Result<std::uint32_t> TrusteeIndex(const State& state, const std::string& id, const PublicKeyBytes& key);
Result<TrusteeCommitPayload> MakeTrusteeCommit(const State& state, const std::string& id, std::uint32_t index,
                                               const TrusteeSecrets& secrets, Rng& rng);
Result<TrusteeRevealPayload> MakeTrusteeReveal(const State& state, const std::string& id, std::uint32_t index,
                                               const TrusteeSecrets& secrets, Rng& rng);
// Checks every dealer's share for trustee `index` once all have revealed: the complaints it should
// file (empty if every share is right).
Result<std::vector<TrusteeComplaintPayload>> CheckSharesAndComplain(const State& state, const std::string& id,
                                                                    std::uint32_t index, const TrusteeSecrets& secrets,
                                                                    Rng& rng);
// After the close: this trustee's decryption share of the tally.
Result<DecryptionSharePayload> MakeDecryptionShare(const State& state, const std::string& id, std::uint32_t index,
                                                   const TrusteeSecrets& secrets, Rng& rng);

// --- What a voter's tool makes ---
// `marks` has one 0/1 per option. `nonces` receives the ξ_i for a Benaloh audit.
Result<BallotPayload> MakeBallot(const State& state, const std::string& id, const PublicKeyBytes& voter,
                                 std::span<const std::uint8_t> marks, Rng& rng,
                                 std::vector<crypto::Scalar>* nonces = nullptr);
// Every check a ballot passes in Apply except who signed it: shape and proofs.
Status CheckBallot(const Election& election, const PublicKeyBytes& voter, const BallotPayload& ballot);

}  // namespace veche::core
