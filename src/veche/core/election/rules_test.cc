// SPDX-License-Identifier: AGPL-3.0-or-later
// Secret ballots through Apply (docs/formats/election.md): the trustees' k-of-n key with a cheating
// dealer caught, ballots that are refused, the last ballot counting, a count with one trustee
// absent, and results that must match the decrypted tally.

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "veche/base/text_codec.h"

#include "veche/core/election/due.h"
#include "veche/core/election/payloads.h"
#include "veche/core/election/rules.h"
#include "veche/core/election/trustee.h"
#include "veche/core/election/voter.h"
#include "veche/core/state.h"
#include "veche/core/state_codec.h"
#include "veche/core/test_world.h"

namespace veche::core {
namespace {

constexpr UnixMicros kDay = 86'400'000'000;

struct ElectionWorld : World {
  std::vector<crypto::SigningKey> trustee_keys;
  std::vector<TrusteeSecrets> secrets;
  std::vector<crypto::SigningKey> voters;
  UnixMicros opens = 0, closes = 0;

  explicit ElectionWorld(std::uint32_t n = 5, std::uint8_t k = 3) {
    Standard();
    for (int i = 0; i < 4; ++i) {
      const std::string id = "c-" + std::to_string(i), code = "code-" + std::to_string(i);
      REQUIRE(Enrol(id, "novgorod", code).ok());
      voters.push_back(crypto::SigningKey::Generate(rng));
      REQUIRE(Bind(id, code, voters.back()).ok());
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      trustee_keys.push_back(crypto::SigningKey::Generate(rng));
      secrets.push_back(GenerateTrusteeSecrets(k, rng));
    }
    ElectionDefinePayload d;
    d.id = "mayor";
    d.territory = "north";
    d.title = "Mayor of the North";
    d.options = {"Ivanova", "Petrov", "Sidorov"};
    d.limit = 1;
    opens = time + kDay;
    closes = opens + 7 * kDay;
    d.opens_at = opens;
    d.closes_at = closes;
    for (const auto& key : trustee_keys) d.trustees.push_back(Pk(key));
    d.threshold = k;
    REQUIRE(Submit(RecordKind::kElectionDefine, d, authority).ok());
  }

  Status Commit(std::uint32_t i) {
    Result<TrusteeCommitPayload> p = MakeTrusteeCommit(state, "mayor", i, secrets[i - 1], rng);
    if (!p.ok()) return p.error();
    return Submit(RecordKind::kTrusteeCommit, *p, trustee_keys[i - 1]);
  }
  Status Reveal(std::uint32_t i) {
    Result<TrusteeRevealPayload> p = MakeTrusteeReveal(state, "mayor", i, secrets[i - 1], rng);
    if (!p.ok()) return p.error();
    return Submit(RecordKind::kTrusteeReveal, *p, trustee_keys[i - 1]);
  }
  void KeyCeremony() {
    for (std::uint32_t i = 1; i <= trustee_keys.size(); ++i) REQUIRE(Commit(i).ok());
    for (std::uint32_t i = 1; i <= trustee_keys.size(); ++i) REQUIRE(Reveal(i).ok());
  }
  Status Cast(size_t voter, std::vector<std::uint8_t> marks) {
    Result<BallotPayload> b = MakeBallot(state, "mayor", Pk(voters[voter]), marks, rng);
    if (!b.ok()) return b.error();
    return Submit(RecordKind::kBallot, *b, voters[voter]);
  }
  Status Decrypt(std::uint32_t i) {
    Result<DecryptionSharePayload> p = MakeDecryptionShare(state, "mayor", i, secrets[i - 1], rng);
    if (!p.ok()) return p.error();
    return Submit(RecordKind::kDecryptionShare, *p, trustee_keys[i - 1]);
  }
  const Election& el() const { return state.elections.at("mayor"); }
};

TEST_CASE("a full election: five trustees, threshold three, one absent, the last ballot counts") {
  ElectionWorld w;
  CHECK(w.Reveal(1).code() == StatusCode::kFailedPrecondition);  // not everyone has committed
  w.KeyCeremony();
  CHECK(w.Commit(1).code() == StatusCode::kFailedPrecondition);  // once only
  for (std::uint32_t l = 1; l <= 5; ++l) {
    CHECK(CheckSharesAndComplain(w.state, "mayor", l, w.secrets[l - 1], w.rng).value().empty());
  }
  CHECK(w.Cast(0, {1, 0, 0}).code() == StatusCode::kFailedPrecondition);  // not open yet
  REQUIRE(w.Tick(w.opens).ok());
  REQUIRE(w.el().status == ElectionStatus::kVoting);
  CHECK_FALSE(ElectionFailure(w.state, w.el()).has_value());  // one trustee absent: 4 of 5 still qualify
  CHECK(std::string(ElectionPublicStatus(w.state, w.el())) == "voting");
  CHECK(w.el().qual == 0b11111);
  CHECK(w.el().electorate.size() == 4);

  REQUIRE(w.Cast(0, {1, 0, 0}).ok());
  REQUIRE(w.Cast(1, {0, 1, 0}).ok());
  REQUIRE(w.Cast(2, {0, 1, 0}).ok());
  REQUIRE(w.Cast(3, {0, 0, 0}).ok());  // a blank ballot
  REQUIRE(w.Cast(0, {0, 0, 1}).ok());  // changes her mind: this one counts
  CHECK(w.el().ballots.size() == 4);

  // Trustees cannot decrypt before the close.
  CHECK(w.Decrypt(1).code() == StatusCode::kFailedPrecondition);
  REQUIRE(w.Tick(w.closes).ok());
  REQUIRE(w.el().status == ElectionStatus::kCounting);
  CHECK(w.Cast(1, {1, 0, 0}).code() == StatusCode::kFailedPrecondition);

  // Trustee 2 is absent; 5, 1 and 4 post their shares.
  REQUIRE(w.Decrypt(5).ok());
  REQUIRE(w.Decrypt(1).ok());
  CHECK(w.Decrypt(1).code() == StatusCode::kFailedPrecondition);
  CHECK(ComputeElectionResult(w.state, "mayor").error().code() == StatusCode::kFailedPrecondition);
  REQUIRE(w.Decrypt(4).ok());
  REQUIRE(w.Tick(w.closes + 1).ok());  // the node records the result
  REQUIRE(w.el().result.has_value());
  CHECK(w.el().result->counts == std::vector<std::uint64_t>{0, 2, 1});
  CHECK(w.el().result->trustees == 0b11001);
  CHECK(w.el().status == ElectionStatus::kDecided);
  CHECK(w.Decrypt(3).code() == StatusCode::kFailedPrecondition);

  // Replaying the log gives the same state.
  Result<State> replayed = Replay(w.log);
  REQUIRE(replayed.ok());
  CHECK(replayed->Digest() == w.state.Digest());
}

TEST_CASE("the last ballot counts in the voter's own order: one signed before the counted ballot is refused") {
  ElectionWorld w;
  w.KeyCeremony();
  REQUIRE(w.Tick(w.opens).ok());
  auto ballot = [&](std::vector<std::uint8_t> marks) {
    return EncodePayload(MakeBallot(w.state, "mayor", Pk(w.voters[0]), marks, w.rng).value());
  };
  const UnixMicros t = w.time;
  const Bytes first = ballot({1, 0, 0}), second = ballot({0, 1, 0});
  REQUIRE(w.SubmitSignedAt(RecordKind::kBallot, second, w.voters[0], t + 20).ok());
  const auto tracker = w.el().ballots.begin()->second.tracker;
  Status held_back = w.SubmitSignedAt(RecordKind::kBallot, first, w.voters[0], t + 10);
  CHECK(held_back.code() == StatusCode::kFailedPrecondition);
  CHECK(held_back.message().find("a later ballot must be signed later") != std::string::npos);
  CHECK(w.el().ballots.size() == 1);
  CHECK(w.el().ballots.begin()->second.tracker == tracker);  // the counted ballot is still the later one
  CHECK(w.SubmitSignedAt(RecordKind::kBallot, first, w.voters[0], t + 30).ok());
  CHECK(w.el().ballots.begin()->second.tracker != tracker);
}

TEST_CASE("ballots that are refused: a 2 in one option, too many marks, a copied ballot, a non-voter") {
  ElectionWorld w;
  w.KeyCeremony();
  REQUIRE(w.Tick(w.opens).ok());
  const Election& el = w.el();
  auto cheat = [&](std::vector<std::uint8_t> marks) {
    BallotPayload b;
    b.election = "mayor";
    b.selections = crypto::EncryptSelections(el.hash, el.key, Pk(w.voters[0]), marks, el.spec.limit, w.rng);
    return w.Submit(RecordKind::kBallot, b, w.voters[0]);
  };
  CHECK(cheat({0, 2, 0}).code() == StatusCode::kInvalidArgument);
  CHECK(cheat({1, 1, 0}).code() == StatusCode::kInvalidArgument);
  CHECK(cheat({1, 0}).code() == StatusCode::kInvalidArgument);  // wrong shape

  // A ballot made for voter 0 and signed by voter 1 fails: the proofs bind the voter's key.
  BallotPayload copied =
      MakeBallot(w.state, "mayor", Pk(w.voters[0]), std::vector<std::uint8_t>{1, 0, 0}, w.rng).value();
  CHECK(w.Submit(RecordKind::kBallot, copied, w.voters[1]).code() == StatusCode::kInvalidArgument);
  CHECK(w.Submit(RecordKind::kBallot, copied, w.voters[0]).ok());
  // Trustees and authorities are not citizens.
  CHECK(w.Submit(RecordKind::kBallot, copied, w.authority).code() == StatusCode::kPermissionDenied);

  // Every one-bit change of a ballot's payload is refused (sampled: every 13th bit).
  Bytes bytes =
      EncodePayload(MakeBallot(w.state, "mayor", Pk(w.voters[2]), std::vector<std::uint8_t>{0, 1, 0}, w.rng).value());
  int accepted = 0;
  for (size_t bit = 0; bit < bytes.size() * 8; bit += 13) {
    Bytes changed = bytes;
    changed[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    if (w.SubmitBytes(RecordKind::kBallot, changed, w.voters[2]).ok()) ++accepted;
  }
  CHECK(accepted == 0);
  CHECK(w.el().ballots.size() == 1);
}

// The ballot payload of the shared known-answer vectors (tests/data/ballot/vectors.json), encoded by
// the C++ encoder: its tracking code is pinned to the same value web/test/unit/ballot.test.mjs
// pins for the JavaScript encoder and for the layout written out by hand, so the two encoders
// cannot drift apart unnoticed.
TEST_CASE("the recorded ballot's payload and tracking code are the ones the web UI pins") {
  std::ifstream in(VECHE_SOURCE_DIR "/tests/data/ballot/vectors.json");
  REQUIRE(in.good());
  const nlohmann::json v = nlohmann::json::parse(in);
  auto bytes32 = [](const nlohmann::json& hex) {
    const Bytes b = HexDecode(hex.get<std::string>()).value();
    std::array<std::uint8_t, 32> out{};
    REQUIRE(b.size() == 32);
    std::copy(b.begin(), b.end(), out.begin());
    return out;
  };
  auto pair = [](const nlohmann::json& hex) {
    const Bytes b = HexDecode(hex.get<std::string>()).value();
    return crypto::DecodeProof(b, "vector").value();
  };
  BallotPayload p;
  p.election = "council-2026";
  const nlohmann::json& s = v["ballot"]["selections"];
  for (const auto& o : s["options"]) {
    p.selections.options.push_back({bytes32(o["alpha"]), bytes32(o["beta"])});
    p.selections.option_proofs.push_back({pair(o["proof"][0]), pair(o["proof"][1])});
  }
  for (const auto& q : s["sum_proof"]) p.selections.sum_proof.push_back(pair(q));
  const Bytes encoded = EncodePayload(p);
  CHECK(encoded.size() == 1 + 4 + 12 + 2 + 5 * 192 + 2 + 3 * 64);
  CHECK(HexEncode(BallotTracker(encoded)) == "47e8abff4c4c504f4e6478efd500aa662887be010730392c2130f9d8254d23b1");
  const BallotPayload decoded = DecodePayload<BallotPayload>(encoded).value();
  CHECK(EncodePayload(decoded) == encoded);
  CHECK(crypto::VerifySelections(bytes32(v["election_hash"]), bytes32(v["key"]), bytes32(v["voter"]),
                                 static_cast<std::uint32_t>(p.selections.sum_proof.size() - 1), decoded.selections));
}

TEST_CASE("the state tables' stream carries elections: key ceremony, voting, counting, decided") {
  ElectionWorld w;
  for (std::uint32_t i = 1; i <= 5; ++i) REQUIRE(w.Commit(i).ok());
  CheckStateStream(w.state);  // commits only
  for (std::uint32_t i = 1; i <= 5; ++i) REQUIRE(w.Reveal(i).ok());
  REQUIRE(w.Tick(w.opens).ok());
  REQUIRE(w.Cast(0, {1, 0, 0}).ok());
  REQUIRE(w.Cast(1, {0, 1, 0}).ok());
  REQUIRE(w.Cast(0, {0, 0, 1}).ok());  // re-cast: the tally subtracted and added
  CheckStateStream(w.state);

  // The decoded tally goes on counting: a state restored mid-vote takes the next ballot and
  // reaches the same digest as the original.
  Bytes stream;
  for (const Bytes& chunk : EncodeState(w.state)) Append(stream, chunk);
  State restored = DecodeState(stream).value();
  const BallotPayload next =
      MakeBallot(w.state, "mayor", Pk(w.voters[2]), std::vector<std::uint8_t>{0, 1, 0}, w.rng).value();
  const Record r = SignRecord(w.state.log_id, RecordKind::kBallot, EncodePayload(next), ++w.time, w.voters[2]).value();
  REQUIRE(Apply(w.state, r).ok());
  REQUIRE(Apply(restored, r).ok());
  CHECK(restored.Digest() == w.state.Digest());
  w.log.push_back(LogEntry{w.time, r.Encode()}.Encode());

  REQUIRE(w.Tick(w.closes).ok());
  REQUIRE(w.Decrypt(2).ok());
  REQUIRE(w.Decrypt(4).ok());
  CheckStateStream(w.state);  // counting, two shares in
  REQUIRE(w.Decrypt(5).ok());
  REQUIRE(w.Tick(w.closes + 1).ok());
  REQUIRE(w.el().status == ElectionStatus::kDecided);
  CheckStateStream(w.state);
}

TEST_CASE("ballot proofs checked ahead: trusted only for the facts they were checked against") {
  ElectionWorld w;
  w.KeyCeremony();
  const AheadSnapshot before_opening = ChecksAheadSnapshot(w.state);
  CHECK(before_opening.open_elections.empty());
  REQUIRE(w.Tick(w.opens).ok());
  const AheadSnapshot open = ChecksAheadSnapshot(w.state);
  REQUIRE(open.open_elections.count("mayor") == 1);
  const ElectionFacts facts = open.open_elections.at("mayor");
  CHECK(facts.key == w.el().key);
  CHECK(facts.options == 3);

  auto record = [&](size_t voter, const BallotPayload& b) {
    return SignRecord(w.state.log_id, RecordKind::kBallot, EncodePayload(b), ++w.time, w.voters[voter]).value();
  };
  const BallotPayload honest =
      MakeBallot(w.state, "mayor", Pk(w.voters[0]), std::vector<std::uint8_t>{0, 1, 0}, w.rng).value();
  const Record good = record(0, honest);
  const Prechecked ahead = CheckAhead(open, good);
  REQUIRE(ahead.ballot.has_value());
  CHECK(ahead.ballot->facts == facts);
  CHECK(EncodePayload(ahead.ballot->ballot) == good.payload);
  CHECK_FALSE(CheckAhead(before_opening, good).ballot.has_value());     // its election was not open
  CHECK_FALSE(CheckAhead(open, record(1, honest)).ballot.has_value());  // proofs bind voter 0

  // A ballot whose proofs fail: refused ahead, and Apply refuses it too, with or without a stale
  // or foreign check in hand.
  BallotPayload two = honest;
  two.selections =
      crypto::EncryptSelections(facts.hash, facts.key, Pk(w.voters[1]), std::vector<std::uint8_t>{0, 2, 0}, 1, w.rng);
  const Record bad = record(1, two);
  CHECK_FALSE(CheckAhead(open, bad).ballot.has_value());
  CHECK(Apply(w.state, bad).code() == StatusCode::kInvalidArgument);
  ElectionFacts other = facts;
  other.key = crypto::BaseMul(crypto::ScalarFromU64(7));
  CHECK(Apply(w.state, bad, Prechecked{CheckedBallot{other, two}}).code() == StatusCode::kInvalidArgument);
  ElectionFacts other_limit = facts;
  other_limit.limit = 2;
  CHECK(Apply(w.state, bad, Prechecked{CheckedBallot{other_limit, two}}).code() == StatusCode::kInvalidArgument);

  // The shape is checked by Apply even when the proofs were checked ahead.
  BallotPayload short_ballot = honest;
  short_ballot.selections.options.pop_back();
  short_ballot.selections.option_proofs.pop_back();
  CHECK(Apply(w.state, record(2, short_ballot), Prechecked{CheckedBallot{facts, short_ballot}}).code() ==
        StatusCode::kInvalidArgument);

  // The honest ballot applied with its check ahead gives the state it gives without.
  State without = w.state;
  REQUIRE(Apply(without, good).ok());
  REQUIRE(Apply(w.state, good, ahead).ok());
  CHECK(w.state.Digest() == without.Digest());
  CHECK(w.el().ballots.size() == 1);

  // And Apply does trust a check whose facts match: that is where the time is saved. (Only
  // CheckAhead may make one; a node never takes a Prechecked from outside.)
  State trusting = w.state;
  CHECK(Apply(trusting, bad, Prechecked{CheckedBallot{facts, two}}).ok());
}

TEST_CASE("a cheating trustee's share is caught by a complaint and the dealer disqualified") {
  ElectionWorld w;
  for (std::uint32_t i = 1; i <= 5; ++i) REQUIRE(w.Commit(i).ok());
  // Trustee 3 sends trustee 4 a share that does not match its commitments.
  TrusteeRevealPayload bad = MakeTrusteeReveal(w.state, "mayor", 3, w.secrets[2], w.rng).value();
  bad.shares[3].c = crypto::ScalarAdd(bad.shares[3].c, crypto::ScalarFromU64(1));
  REQUIRE(w.Submit(RecordKind::kTrusteeReveal, bad, w.trustee_keys[2]).ok());
  for (std::uint32_t i : {1u, 2u, 4u, 5u}) REQUIRE(w.Reveal(i).ok());

  // Trustee 1 has nothing to complain about, and a made-up complaint is refused.
  CHECK(CheckSharesAndComplain(w.state, "mayor", 1, w.secrets[0], w.rng).value().empty());
  std::vector<TrusteeComplaintPayload> complaints =
      CheckSharesAndComplain(w.state, "mayor", 4, w.secrets[3], w.rng).value();
  REQUIRE(complaints.size() == 1);
  CHECK(complaints[0].dealer == 3);
  // Trustee 4 cannot complain about trustee 1's correct share (it would need a false proof).
  TrusteeComplaintPayload wrong = complaints[0];
  wrong.dealer = 1;
  CHECK(w.Submit(RecordKind::kTrusteeComplaint, wrong, w.trustee_keys[3]).code() == StatusCode::kInvalidArgument);
  REQUIRE(w.Submit(RecordKind::kTrusteeComplaint, complaints[0], w.trustee_keys[3]).ok());
  CHECK(w.el().trustees[2].disqualified);

  REQUIRE(w.Tick(w.opens).ok());
  CHECK(w.el().qual == 0b11011);
  REQUIRE(w.Cast(0, {0, 1, 0}).ok());
  REQUIRE(w.Cast(1, {0, 1, 0}).ok());
  REQUIRE(w.Tick(w.closes).ok());
  CHECK(w.Decrypt(3).code() == StatusCode::kPermissionDenied);  // not in QUAL
  for (std::uint32_t i : {2u, 4u, 5u}) REQUIRE(w.Decrypt(i).ok());
  REQUIRE(w.Tick(w.closes + 1).ok());
  REQUIRE(w.el().result.has_value());
  CHECK(w.el().result->counts == std::vector<std::uint64_t>{0, 2, 0});
}

TEST_CASE("forged decryption shares and results that do not match the tally are refused") {
  ElectionWorld w(3, 2);
  w.KeyCeremony();
  REQUIRE(w.Tick(w.opens).ok());
  REQUIRE(w.Cast(0, {1, 0, 0}).ok());
  REQUIRE(w.Tick(w.closes).ok());
  // A share computed with a wrong secret does not verify against the trustee's key.
  DecryptionSharePayload forged = MakeDecryptionShare(w.state, "mayor", 1, w.secrets[0], w.rng).value();
  forged.shares[0] = crypto::Add(forged.shares[0], crypto::BaseMul(crypto::ScalarFromU64(1)));
  CHECK(w.Submit(RecordKind::kDecryptionShare, forged, w.trustee_keys[0]).code() == StatusCode::kInvalidArgument);
  REQUIRE(w.Decrypt(1).ok());
  REQUIRE(w.Decrypt(3).ok());
  ElectionResultPayload lie = ComputeElectionResult(w.state, "mayor").value();
  CHECK(lie.counts == std::vector<std::uint64_t>{1, 0, 0});
  lie.counts = {0, 1, 0};
  CHECK(w.Submit(RecordKind::kElectionResult, lie, w.node).code() == StatusCode::kFailedPrecondition);
  lie.counts = {1, 0, 0};
  lie.trustees = 0b011;  // trustee 2 posted nothing
  CHECK(w.Submit(RecordKind::kElectionResult, lie, w.node).code() == StatusCode::kFailedPrecondition);
  lie.trustees = 0b101;
  CHECK(w.Submit(RecordKind::kElectionResult, lie, w.authority).code() == StatusCode::kPermissionDenied);
  CHECK(w.Submit(RecordKind::kElectionResult, lie, w.node).ok());
}

TEST_CASE("an election with no ballots is decided with zero counts and no shares") {
  ElectionWorld w(2, 2);
  w.KeyCeremony();
  REQUIRE(w.Tick(w.opens).ok());
  REQUIRE(w.Tick(w.closes).ok());
  REQUIRE(w.el().result.has_value());
  CHECK(w.el().result->counts == std::vector<std::uint64_t>{0, 0, 0});
  CHECK(w.Decrypt(1).code() == StatusCode::kFailedPrecondition);
}

TEST_CASE("an election does not open without enough qualified trustees, and definitions are checked") {
  ElectionWorld w(3, 3);
  for (std::uint32_t i = 1; i <= 3; ++i) REQUIRE(w.Commit(i).ok());
  REQUIRE(w.Reveal(1).ok());
  REQUIRE(w.Reveal(2).ok());                                  // trustee 3 never reveals
  CHECK_FALSE(ElectionFailure(w.state, w.el()).has_value());  // there is still time
  CHECK(std::string(ElectionPublicStatus(w.state, w.el())) == "keygen");
  REQUIRE(w.Tick(w.opens).ok());
  CHECK(w.el().status == ElectionStatus::kKeygen);
  CHECK(DueElectionOpen(w.state, "mayor").error().message().find("2 qualified trustees") != std::string::npos);
  CHECK(w.Reveal(3).code() == StatusCode::kFailedPrecondition);  // too late
  // Final: shown as failed, with the reason, and nothing is due for it.
  REQUIRE(ElectionFailure(w.state, w.el()).has_value());
  CHECK(ElectionFailure(w.state, w.el())->find("has 2 qualified trustees and needs 3") != std::string::npos);
  CHECK(std::string(ElectionPublicStatus(w.state, w.el())) == "failed");
  CHECK(DueElectionRecords(w.state).empty());

  ElectionDefinePayload d = w.el().spec;
  d.id = "second";
  d.opens_at = w.state.clock + kDay;
  d.closes_at = d.opens_at + kDay;
  ElectionDefinePayload bad = d;
  bad.limit = 4;
  CHECK(w.Submit(RecordKind::kElectionDefine, bad, w.authority).code() == StatusCode::kInvalidArgument);
  bad = d;
  bad.threshold = 4;
  CHECK(w.Submit(RecordKind::kElectionDefine, bad, w.authority).code() == StatusCode::kInvalidArgument);
  bad = d;
  bad.options = {"a", "a"};
  CHECK(w.Submit(RecordKind::kElectionDefine, bad, w.authority).code() == StatusCode::kInvalidArgument);
  bad = d;
  bad.opens_at = w.state.clock;
  CHECK(w.Submit(RecordKind::kElectionDefine, bad, w.authority).code() == StatusCode::kInvalidArgument);
  CHECK(w.Submit(RecordKind::kElectionDefine, d, w.voters[0]).code() == StatusCode::kPermissionDenied);
  CHECK(w.Submit(RecordKind::kElectionDefine, d, w.authority).ok());
  CHECK(w.Submit(RecordKind::kElectionDefine, d, w.authority).code() != StatusCode::kOk);
}

TEST_CASE("trustee secrets round-trip and every election payload decodes to itself") {
  FakeRng rng(9);
  TrusteeSecrets s = GenerateTrusteeSecrets(3, rng);
  Bytes bytes = EncodeTrusteeSecrets(s);
  TrusteeSecrets back = DecodeTrusteeSecrets(bytes).value();
  CHECK(back.coefficients == s.coefficients);
  CHECK(back.encryption_secret == s.encryption_secret);
  bytes.push_back(0);
  CHECK_FALSE(DecodeTrusteeSecrets(bytes).ok());

  ElectionWorld w;
  w.KeyCeremony();
  REQUIRE(w.Tick(w.opens).ok());
  BallotPayload b = MakeBallot(w.state, "mayor", Pk(w.voters[0]), std::vector<std::uint8_t>{0, 0, 1}, w.rng).value();
  Bytes encoded = EncodePayload(b);
  CHECK(EncodePayload(DecodePayload<BallotPayload>(encoded).value()) == encoded);
  CHECK(EncodePayload(DecodePayload<ElectionDefinePayload>(EncodePayload(w.el().spec)).value()) ==
        EncodePayload(w.el().spec));
  const TrusteeRevealPayload& reveal = *w.el().trustees[1].reveal;
  CHECK(EncodePayload(DecodePayload<TrusteeRevealPayload>(EncodePayload(reveal)).value()) == EncodePayload(reveal));
  // A ballot's α replaced by the identity is refused at decoding.
  Bytes identity = encoded;
  const size_t alpha_at = 1 + 4 + 5 + 2;  // version, "mayor", n
  std::fill(identity.begin() + alpha_at, identity.begin() + alpha_at + 32, 0);
  CHECK(DecodePayload<BallotPayload>(identity).error().message().find("identity") != std::string::npos);
}

}  // namespace
}  // namespace veche::core
