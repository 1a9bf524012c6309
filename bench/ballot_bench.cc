// Secret ballots (docs/formats/ballot.md): what an observer pays per ballot, and the count.
//   BallotVerify/<options>: decode a signed ballot record (Ed25519 verified) and its payload, and
//     check every range proof: the work of verifying one ballot. Run on 1 and 2 threads.
//   DoubleMul/vartime:<0|1>: one s·G + t·P, with libsodium's public API (0) or vartime.h (1).
//   BallotEncrypt/<options>: what a voter's device does (encrypt and prove).
//   BallotTallyAdd: the homomorphic sum, per ballot of 5 options.
//   TallyDecrypt/<voters>: three trustees' shares combined by Lagrange coefficients and the counts
//     of 5 options found by baby-step giant-step, for a tally of that many ballots.

#include <benchmark/benchmark.h>

#include "veche/base/rng.h"
#include "veche/core/election.h"
#include "veche/core/record.h"
#include "veche/crypto/elgamal.h"
#include "veche/crypto/vartime.h"

namespace veche {
namespace {

struct BallotFixture {
  FakeRng rng{11};
  crypto::ElectionHash e{};
  crypto::Scalar secret = crypto::RandomScalar(rng);
  crypto::Point key = crypto::BaseMul(secret);
  crypto::SigningKey voter = crypto::SigningKey::Generate(rng);
  std::array<std::uint8_t, 32> voter_bytes{};
  Bytes record;

  explicit BallotFixture(int options) {
    std::copy(voter.public_key().bytes().begin(), voter.public_key().bytes().end(), voter_bytes.begin());
    std::vector<std::uint8_t> marks(options, 0);
    marks[1] = 1;
    core::BallotPayload p;
    p.election = "mayor";
    p.selections = crypto::EncryptSelections(e, key, voter_bytes, marks, 1, rng);
    record = core::SignRecord(core::RecordKind::kBallot, core::EncodePayload(p), 1, voter).value().Encode();
  }
};

void BM_BallotVerify(benchmark::State& state) {
  static BallotFixture* fixture = nullptr;
  if (state.thread_index() == 0) fixture = new BallotFixture(static_cast<int>(state.range(0)));
  // Google Benchmark starts every thread's loop together, after thread 0's setup above.
  for (auto _ : state) {
    Result<core::Record> r = core::DecodeRecord(fixture->record);
    Result<core::BallotPayload> p = core::DecodePayload<core::BallotPayload>(r->payload);
    if (!crypto::VerifySelections(fixture->e, fixture->key, fixture->voter_bytes, 1, p->selections)) {
      state.SkipWithError("the ballot does not verify");
    }
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    delete fixture;
    fixture = nullptr;
  }
}
BENCHMARK(BM_BallotVerify)->Arg(5)->Unit(benchmark::kMillisecond)->Threads(1)->Threads(2)->UseRealTime();

// One s·G + t·P, the step a verifier repeats 4 times per range-proof branch: with libsodium's public
// API (constant time, a decode and an encode around each operation) and with vartime.h.
void BM_DoubleMul(benchmark::State& state) {
  FakeRng rng{5};
  const crypto::Scalar s = crypto::RandomScalar(rng), t = crypto::RandomScalar(rng);
  const crypto::Point p = crypto::BaseMul(crypto::RandomScalar(rng));
  if (state.range(0) == 0) {
    for (auto _ : state) benchmark::DoNotOptimize(crypto::Add(crypto::BaseMul(s), crypto::Mul(t, p)));
  } else {
    const crypto::VartimeTable table = *crypto::VartimeTable::Of(p, 5);
    for (auto _ : state) {
      benchmark::DoNotOptimize(crypto::DoubleMulVartime(s, crypto::VartimeTable::Generator(), t, table));
    }
  }
}
BENCHMARK(BM_DoubleMul)->ArgName("vartime")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_BallotEncrypt(benchmark::State& state) {
  BallotFixture f(static_cast<int>(state.range(0)));
  std::vector<std::uint8_t> marks(state.range(0), 0);
  marks[0] = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto::EncryptSelections(f.e, f.key, f.voter_bytes, marks, 1, f.rng));
  }
}
BENCHMARK(BM_BallotEncrypt)->Arg(5)->Unit(benchmark::kMillisecond);

void BM_BallotTallyAdd(benchmark::State& state) {
  BallotFixture f(5);
  core::BallotPayload p = core::DecodePayload<core::BallotPayload>(core::DecodeRecord(f.record)->payload).value();
  std::vector<crypto::Ciphertext> tally(5);
  for (auto _ : state) {
    for (size_t i = 0; i < 5; ++i) tally[i] = crypto::AddCiphertexts(tally[i], p.selections.options[i]);
  }
  benchmark::DoNotOptimize(tally);
}
BENCHMARK(BM_BallotTallyAdd)->Unit(benchmark::kMicrosecond);

void BM_TallyDecrypt(benchmark::State& state) {
  const std::uint64_t voters = static_cast<std::uint64_t>(state.range(0));
  FakeRng rng(12);
  // A joint secret shared 3-of-5 by one polynomial (the combination is the same as for a sum of
  // dealers' polynomials); a tally whose counts add up to `voters`.
  std::vector<crypto::Scalar> coeffs;
  for (int j = 0; j < 3; ++j) coeffs.push_back(crypto::RandomScalar(rng));
  const crypto::Point key = crypto::BaseMul(coeffs[0]);
  const std::uint64_t counts[5] = {voters * 2 / 5, voters * 3 / 10, voters / 5, voters / 20,
                                   voters - (voters * 2 / 5 + voters * 3 / 10 + voters / 5 + voters / 20)};
  std::vector<crypto::Ciphertext> tally;
  for (std::uint64_t c : counts) tally.push_back(crypto::Encrypt(key, c, crypto::RandomScalar(rng)));
  const std::vector<std::uint32_t> trustees{1, 3, 4};
  std::vector<std::vector<crypto::Point>> shares;  // what the trustees post
  for (std::uint32_t l : trustees) {
    std::vector<crypto::Point> m;
    for (const crypto::Ciphertext& c : tally) m.push_back(crypto::Mul(crypto::EvalPolynomial(coeffs, l), c.alpha));
    shares.push_back(m);
  }
  for (auto _ : state) {
    crypto::DiscreteLog dlog(key, voters);
    for (size_t i = 0; i < tally.size(); ++i) {
      crypto::Point combined = crypto::kIdentity;
      for (size_t n = 0; n < trustees.size(); ++n) {
        combined = crypto::Add(combined, crypto::Mul(crypto::LagrangeAtZero(trustees, trustees[n]), shares[n][i]));
      }
      std::optional<std::uint64_t> t = dlog.Solve(crypto::Sub(tally[i].beta, combined));
      if (t != counts[i]) state.SkipWithError("wrong count");
    }
  }
}
BENCHMARK(BM_TallyDecrypt)->Arg(1'000'000)->Arg(1'000'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace veche
