// SPDX-License-Identifier: AGPL-3.0-or-later
// The secret ballot's cryptography (docs/formats/election.md): decoding rules, proofs that accept
// honest statements and refuse every one-bit change, the trustees' k-of-n key, baby-step
// giant-step, and the known-answer vectors shared with the web UI (tests/data/ballot/).

#include <doctest/doctest.h>

#include <cstdlib>
#include <deque>
#include <fstream>
#include <nlohmann/json.hpp>

#include "veche/base/text_codec.h"
#include "veche/crypto/elgamal.h"

namespace veche::crypto {
namespace {

std::string Hex(const std::array<std::uint8_t, 32>& a) {
  return HexEncode(ByteView(a.data(), a.size()));
}
std::array<std::uint8_t, 32> Arr32(const std::string& hex) {
  Bytes b = HexDecode(hex).value();
  std::array<std::uint8_t, 32> out{};
  std::copy(b.begin(), b.end(), out.begin());
  return out;
}

ElectionHash TestElection() {
  ElectionHash e{};
  for (size_t i = 0; i < e.size(); ++i) e[i] = static_cast<std::uint8_t>(i);
  return e;
}

// Hands out recorded 64-byte values (the vectors' "random"), and records what a source gives.
class ScriptedRng final : public Rng {
 public:
  explicit ScriptedRng(Rng* source) : source_(source) {}
  explicit ScriptedRng(std::deque<Bytes> script) : script_(std::move(script)) {}
  void Fill(std::span<std::uint8_t> out) override {
    if (source_) {
      source_->Fill(out);
      taken.emplace_back(out.begin(), out.end());
      return;
    }
    REQUIRE(!script_.empty());
    REQUIRE(script_.front().size() == out.size());
    std::copy(script_.front().begin(), script_.front().end(), out.begin());
    script_.pop_front();
  }
  std::vector<Bytes> taken;

 private:
  Rng* source_ = nullptr;
  std::deque<Bytes> script_;
};

// Flips each bit of `bytes` in turn and counts the variants `accepts` still takes.
template <typename F>
int AcceptedFlips(Bytes bytes, F accepts) {
  int accepted = 0;
  for (size_t bit = 0; bit < bytes.size() * 8; ++bit) {
    bytes[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    if (accepts(bytes)) ++accepted;
    bytes[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
  }
  return accepted;
}

TEST_CASE("points and scalars from outside are checked") {
  FakeRng rng(1);
  const Point p = BaseMul(RandomScalar(rng));
  CHECK(DecodePoint(ByteView(p.data(), 32), "p").ok());
  CHECK(DecodePoint(ByteView(kIdentity.data(), 32), "p").error().message().find("identity") != std::string::npos);
  CHECK(DecodePointOrIdentity(ByteView(kIdentity.data(), 32), "p").ok());
  Point bad = p;
  bad[31] |= 0x80;  // the top bit must be zero (libsodium 1.0.18 alone ignores it)
  CHECK_FALSE(DecodePoint(ByteView(bad.data(), 32), "p").ok());
  CHECK_FALSE(DecodePoint(ByteView(p.data(), 31), "p").ok());
  // L itself and 2^256 - 1 are not canonical scalars; L - 1 is.
  Scalar l = Arr32("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  CHECK_FALSE(DecodeScalar(ByteView(l.data(), 32), "s").ok());
  Scalar ones;
  ones.fill(0xff);
  CHECK_FALSE(DecodeScalar(ByteView(ones.data(), 32), "s").ok());
  l[0] -= 1;
  CHECK(DecodeScalar(ByteView(l.data(), 32), "s").ok());
  // 0·P and s·identity are the identity, not an error.
  CHECK(Mul(kZeroScalar, p) == kIdentity);
  CHECK(Mul(ScalarFromU64(5), kIdentity) == kIdentity);
  CHECK(Add(p, kIdentity) == p);
}

TEST_CASE("exponential ElGamal: the sum of ciphertexts decrypts to the sum of marks") {
  FakeRng rng(2);
  const Scalar s = RandomScalar(rng);
  const Point k = BaseMul(s);
  Ciphertext sum;
  for (std::uint64_t m : {1, 0, 1, 1, 0, 1}) sum = AddCiphertexts(sum, Encrypt(k, m, RandomScalar(rng)));
  // β - s·α = t·K
  CHECK(Sub(sum.beta, Mul(s, sum.alpha)) == Mul(ScalarFromU64(4), k));
  DiscreteLog dlog(k, 10);
  CHECK(dlog.Solve(Sub(sum.beta, Mul(s, sum.alpha))) == std::optional<std::uint64_t>(4));
}

TEST_CASE("Schnorr and DLEQ proofs accept the truth and refuse every one-bit change") {
  FakeRng rng(3);
  const ElectionHash e = TestElection();
  const Scalar x = RandomScalar(rng);
  const Point X = BaseMul(x);
  const std::uint32_t items[] = {1, 2};
  const ProofPair schnorr = ProveSchnorr(kTagCoefficient, e, x, X, items, rng);
  CHECK(VerifySchnorr(kTagCoefficient, e, X, items, schnorr));
  const std::uint32_t other_items[] = {1, 3};
  CHECK_FALSE(VerifySchnorr(kTagCoefficient, e, X, other_items, schnorr));
  CHECK_FALSE(VerifySchnorr(kTagEncryptionKey, e, X, items, schnorr));
  Bytes bytes;
  AppendProof(bytes, schnorr);
  CHECK(AcceptedFlips(bytes, [&](const Bytes& b) {
          Result<ProofPair> p = DecodeProof(b, "proof");
          return p.ok() && VerifySchnorr(kTagCoefficient, e, X, items, *p);
        }) == 0);

  const Point A = BaseMul(RandomScalar(rng));
  const Point M = Mul(x, A);
  const ProofPair dleq = ProveDleq(kTagDecryption, e, x, X, A, M, items, rng);
  CHECK(VerifyDleq(kTagDecryption, e, X, A, M, items, dleq));
  CHECK_FALSE(VerifyDleq(kTagDecryption, e, X, A, Add(M, A), items, dleq));  // a wrong share
  bytes.clear();
  AppendProof(bytes, dleq);
  CHECK(AcceptedFlips(bytes, [&](const Bytes& b) {
          Result<ProofPair> p = DecodeProof(b, "proof");
          return p.ok() && VerifyDleq(kTagDecryption, e, X, A, M, items, *p);
        }) == 0);
}

struct BallotFixture {
  FakeRng rng{4};
  ElectionHash e = TestElection();
  Scalar secret = RandomScalar(rng);
  Point key = BaseMul(secret);
  std::array<std::uint8_t, 32> voter = Arr32("aa00000000000000000000000000000000000000000000000000000000000055");
};

TEST_CASE("a ballot's range proofs: honest marks verify, and cheating marks cannot be proved") {
  BallotFixture f;
  const std::uint8_t honest[] = {0, 1, 0, 0, 1};
  EncryptedSelections ballot = EncryptSelections(f.e, f.key, f.voter, honest, 2, f.rng);
  CHECK(VerifySelections(f.e, f.key, f.voter, 2, ballot));
  // Bound to the voter, the key, the election and the limit.
  std::array<std::uint8_t, 32> other_voter = f.voter;
  other_voter[0] ^= 1;
  CHECK_FALSE(VerifySelections(f.e, f.key, other_voter, 2, ballot));
  CHECK_FALSE(VerifySelections(f.e, BaseMul(ScalarFromU64(7)), f.voter, 2, ballot));
  ElectionHash other_e = f.e;
  other_e[5] ^= 1;
  CHECK_FALSE(VerifySelections(other_e, f.key, f.voter, 2, ballot));
  CHECK_FALSE(VerifySelections(f.e, f.key, f.voter, 1, ballot));
  // Options cannot be reordered.
  EncryptedSelections swapped = ballot;
  std::swap(swapped.options[0], swapped.options[1]);
  std::swap(swapped.option_proofs[0], swapped.option_proofs[1]);
  CHECK_FALSE(VerifySelections(f.e, f.key, f.voter, 2, swapped));

  const std::uint8_t two_in_one[] = {0, 2, 0, 0, 0};
  CHECK_FALSE(VerifySelections(f.e, f.key, f.voter, 2, EncryptSelections(f.e, f.key, f.voter, two_in_one, 2, f.rng)));
  const std::uint8_t too_many[] = {1, 1, 1, 0, 0};
  CHECK_FALSE(VerifySelections(f.e, f.key, f.voter, 2, EncryptSelections(f.e, f.key, f.voter, too_many, 2, f.rng)));
  const std::uint8_t none[] = {0, 0, 0, 0, 0};
  CHECK(VerifySelections(f.e, f.key, f.voter, 2, EncryptSelections(f.e, f.key, f.voter, none, 2, f.rng)));
}

TEST_CASE("every one-bit change of a ciphertext or a range proof is refused") {
  BallotFixture f;
  const std::uint8_t marks[] = {1, 0};
  const EncryptedSelections ballot = EncryptSelections(f.e, f.key, f.voter, marks, 1, f.rng);
  Bytes option;  // α, β and the proof of option 0
  option.insert(option.end(), ballot.options[0].alpha.begin(), ballot.options[0].alpha.end());
  option.insert(option.end(), ballot.options[0].beta.begin(), ballot.options[0].beta.end());
  AppendProof(option, ballot.option_proofs[0][0]);
  AppendProof(option, ballot.option_proofs[0][1]);
  const int accepted = AcceptedFlips(option, [&](const Bytes& b) {
    EncryptedSelections changed = ballot;
    ByteView v(b);
    Result<Point> alpha = DecodePoint(v.subspan(0, 32), "alpha");
    Result<Point> beta = DecodePoint(v.subspan(32, 32), "beta");
    Result<ProofPair> p0 = DecodeProof(v.subspan(64, 64), "p0");
    Result<ProofPair> p1 = DecodeProof(v.subspan(128, 64), "p1");
    if (!alpha.ok() || !beta.ok() || !p0.ok() || !p1.ok()) return false;
    changed.options[0] = Ciphertext{*alpha, *beta};
    changed.option_proofs[0] = {*p0, *p1};
    return VerifySelections(f.e, f.key, f.voter, 1, changed);
  });
  CHECK(accepted == 0);
}

TEST_CASE("the Benaloh audit opens an honest ballot and catches a device that lied") {
  BallotFixture f;
  const std::uint8_t marks[] = {0, 1, 0};
  std::vector<Scalar> nonces;
  const EncryptedSelections ballot = EncryptSelections(f.e, f.key, f.voter, marks, 1, f.rng, &nonces);
  CHECK(CheckAudit(f.key, ballot, marks, nonces));
  const std::uint8_t claimed[] = {1, 0, 0};  // the device shows one choice and encrypted another
  CHECK_FALSE(CheckAudit(f.key, ballot, claimed, nonces));
}

TEST_CASE("five trustees, threshold three: shares check against commitments, any three decrypt") {
  FakeRng rng(5);
  constexpr std::uint32_t n = 5, k = 3;
  std::vector<std::vector<Scalar>> coeffs(n + 1);
  std::vector<std::vector<Point>> commits(n + 1);
  for (std::uint32_t i = 1; i <= n; ++i) {
    for (std::uint32_t j = 0; j < k; ++j) {
      coeffs[i].push_back(RandomScalar(rng));
      commits[i].push_back(BaseMul(coeffs[i].back()));
    }
  }
  // Every share P_i(l) checks against dealer i's commitments; a share off by one does not.
  for (std::uint32_t i = 1; i <= n; ++i) {
    for (std::uint32_t l = 1; l <= n; ++l) {
      CHECK(BaseMul(EvalPolynomial(coeffs[i], l)) == EvalCommitments(commits[i], l));
    }
  }
  const Scalar cheat = ScalarAdd(EvalPolynomial(coeffs[2], 4), ScalarFromU64(1));
  CHECK_FALSE(BaseMul(cheat) == EvalCommitments(commits[2], 4));

  // The share pad: the dealer's r·E_l equals the recipient's e_l·R.
  const Scalar e_l = RandomScalar(rng), r = RandomScalar(rng);
  const Point E_l = BaseMul(e_l), R = BaseMul(r);
  CHECK(Mul(r, E_l) == Mul(e_l, R));
  CHECK(SharePad(TestElection(), 2, 4, R, Mul(r, E_l)) == SharePad(TestElection(), 2, 4, R, Mul(e_l, R)));

  Point key = kIdentity;
  Scalar secret = kZeroScalar;
  std::vector<Scalar> share(n + 1, kZeroScalar);
  for (std::uint32_t i = 1; i <= n; ++i) {
    key = Add(key, commits[i][0]);
    secret = ScalarAdd(secret, coeffs[i][0]);
    for (std::uint32_t l = 1; l <= n; ++l) share[l] = ScalarAdd(share[l], EvalPolynomial(coeffs[i], l));
  }
  CHECK(BaseMul(secret) == key);
  const Ciphertext ct = AddCiphertexts(Encrypt(key, 1, RandomScalar(rng)), Encrypt(key, 1, RandomScalar(rng)));
  for (std::vector<std::uint32_t> set : {std::vector<std::uint32_t>{1, 2, 3}, {1, 4, 5}, {2, 3, 5}, {3, 4, 5}}) {
    Point combined = kIdentity;
    for (std::uint32_t l : set) combined = Add(combined, Mul(LagrangeAtZero(set, l), Mul(share[l], ct.alpha)));
    CHECK(Sub(ct.beta, combined) == Mul(ScalarFromU64(2), key));
  }
  // Two trustees interpolate a different line: not the key.
  const std::vector<std::uint32_t> two{1, 2};
  Scalar guess = kZeroScalar;
  for (std::uint32_t l : two) guess = ScalarAdd(guess, ScalarMul(LagrangeAtZero(two, l), share[l]));
  CHECK_FALSE(guess == secret);
}

TEST_CASE("baby-step giant-step finds every count up to its bound and nothing beyond") {
  FakeRng rng(6);
  const Point k = BaseMul(RandomScalar(rng));
  DiscreteLog dlog(k, 1000);
  CHECK(dlog.baby_steps() == 32);
  for (std::uint64_t t : {0, 1, 31, 32, 33, 999, 1000}) {
    CHECK(dlog.Solve(Mul(ScalarFromU64(t), k)) == std::optional<std::uint64_t>(t));
  }
  CHECK_FALSE(dlog.Solve(Mul(ScalarFromU64(1001), k)).has_value());
  CHECK_FALSE(dlog.Solve(BaseMul(ScalarFromU64(3))).has_value());
}

// --- Known-answer vectors shared with the web UI ---

const char* VectorsPath() {
  return VECHE_SOURCE_DIR "/tests/data/ballot/vectors.json";
}

nlohmann::json Selections(const EncryptedSelections& s) {
  nlohmann::json options = nlohmann::json::array();
  auto pair_hex = [](const ProofPair& p) {
    Bytes b;
    AppendProof(b, p);
    return HexEncode(b);
  };
  for (size_t i = 0; i < s.options.size(); ++i) {
    options.push_back({{"alpha", Hex(s.options[i].alpha)},
                       {"beta", Hex(s.options[i].beta)},
                       {"proof", {pair_hex(s.option_proofs[i][0]), pair_hex(s.option_proofs[i][1])}}});
  }
  nlohmann::json sum = nlohmann::json::array();
  for (const ProofPair& p : s.sum_proof) sum.push_back(pair_hex(p));
  return {{"options", options}, {"sum_proof", sum}};
}

// Builds the vectors from a scripted random stream; returns them with that stream.
nlohmann::json BuildVectors(ScriptedRng& rng) {
  nlohmann::json v;
  const ElectionHash e = TestElection();
  const Scalar secret = RandomScalar(rng);
  const Point key = BaseMul(secret);
  const auto voter = Arr32("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  v["election_hash"] = Hex(e);
  v["secret"] = Hex(secret);
  v["key"] = Hex(key);
  v["voter"] = Hex(voter);
  {
    Transcript t("veche/test/v1");
    t.Add(AsBytes("abc")).AddU32(7).Add(key);
    v["transcript"] = {{"tag", "veche/test/v1"},
                       {"items", {HexEncode(AsBytes("abc")), "00000007", Hex(key)}},
                       {"challenge", Hex(t.Challenge())}};
  }
  const std::uint32_t items[] = {3, 1};
  const ProofPair schnorr = ProveSchnorr(kTagCoefficient, e, secret, key, items, rng);
  Bytes sb;
  AppendProof(sb, schnorr);
  v["schnorr"] = {{"tag", kTagCoefficient}, {"items", {3, 1}}, {"proof", HexEncode(sb)}};
  const std::uint8_t marks[] = {0, 1, 0, 0, 1};
  std::vector<Scalar> nonces;
  const EncryptedSelections ballot = EncryptSelections(e, key, voter, marks, 2, rng, &nonces);
  nlohmann::json nonce_hex = nlohmann::json::array();
  for (const Scalar& n : nonces) nonce_hex.push_back(Hex(n));
  v["ballot"] = {{"marks", {0, 1, 0, 0, 1}}, {"limit", 2}, {"nonces", nonce_hex}, {"selections", Selections(ballot)}};
  return v;
}

TEST_CASE("known-answer vectors (tests/data/ballot/vectors.json) are rebuilt byte for byte") {
  if (std::getenv("VECHE_WRITE_BALLOT_VECTORS")) {
    FakeRng source(20261123);
    ScriptedRng recorder(&source);
    nlohmann::json v = BuildVectors(recorder);
    nlohmann::json random = nlohmann::json::array();
    for (const Bytes& b : recorder.taken) random.push_back(HexEncode(b));
    v["random"] = random;
    v["note"] =
        "Generated by src/veche/crypto/elgamal_test.cc (VECHE_WRITE_BALLOT_VECTORS=1). 'random' is the stream of "
        "64-byte values RandomScalar reads, in order; each is reduced modulo L. Layout: docs/formats/election.md.";
    std::ofstream(VectorsPath()) << v.dump(2) << "\n";
  }
  std::ifstream in(VectorsPath());
  REQUIRE(in.good());
  const nlohmann::json want = nlohmann::json::parse(in);
  std::deque<Bytes> script;
  for (const auto& r : want["random"]) script.push_back(HexDecode(r.get<std::string>()).value());
  ScriptedRng replay(std::move(script));
  nlohmann::json got = BuildVectors(replay);
  got["random"] = want["random"];
  got["note"] = want["note"];
  CHECK(got == want);

  // And the recorded ballot verifies as it stands.
  EncryptedSelections ballot;
  for (const auto& o : want["ballot"]["selections"]["options"]) {
    ballot.options.push_back(Ciphertext{Arr32(o["alpha"]), Arr32(o["beta"])});
    std::array<ProofPair, 2> p;
    for (int j = 0; j < 2; ++j) p[j] = DecodeProof(HexDecode(o["proof"][j].get<std::string>()).value(), "p").value();
    ballot.option_proofs.push_back(p);
  }
  for (const auto& p : want["ballot"]["selections"]["sum_proof"]) {
    ballot.sum_proof.push_back(DecodeProof(HexDecode(p.get<std::string>()).value(), "p").value());
  }
  CHECK(VerifySelections(Arr32(want["election_hash"]), Arr32(want["key"]), Arr32(want["voter"]), 2, ballot));
}

}  // namespace
}  // namespace veche::crypto
