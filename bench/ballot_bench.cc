// SPDX-License-Identifier: AGPL-3.0-or-later
// Secret ballots (docs/formats/election.md): what an observer pays per ballot, and the count.
//   BallotVerify/<options>: decode a signed ballot record (Ed25519 verified) and its payload, and
//     check every range proof: the work of verifying one ballot. Run on 1 and 2 threads.
//   DoubleMul/vartime:<0|1>: one s·G + t·P, with libsodium's public API (0) or vartime.h (1).
//   BallotEncrypt/<options>: what a voter's device does (encrypt and prove).
//   BallotTallyAdd/decoded:<0|1>: the homomorphic sum, per ballot of 5 options, with libsodium's
//     additions (0) or the decoded running sum Apply keeps (1).
//   BallotIngest/<ballots>, BallotReplay/<ballots>: a node taking one ballot per citizen of an open
//     5-option election, and an observer replaying them: ballots/s end to end on two cores.
//   TallyDecrypt/<voters>: three trustees' shares combined by Lagrange coefficients and the counts
//     of 5 options found by baby-step giant-step, for a tally of that many ballots.

#include <benchmark/benchmark.h>

#include "bench/bench_node.h"
#include "veche/core/registry/payloads.h"

#include "veche/base/rng.h"
#include "veche/core/election/due.h"
#include "veche/core/election/payloads.h"
#include "veche/core/election/rules.h"
#include "veche/core/election/trustee.h"
#include "veche/core/election/voter.h"
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
    record =
        core::SignRecord(core::LogId{}, core::RecordKind::kBallot, core::EncodePayload(p), 1, voter).value().Encode();
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
  if (state.range(0) == 0) {
    std::vector<crypto::Ciphertext> tally(5);
    for (auto _ : state) {
      for (size_t i = 0; i < 5; ++i) tally[i] = crypto::AddCiphertexts(tally[i], p.selections.options[i]);
    }
    benchmark::DoNotOptimize(tally);
  } else {
    std::vector<crypto::CiphertextSum> tally(5);
    for (auto _ : state) {
      for (size_t i = 0; i < 5; ++i) tally[i].Add(p.selections.options[i].alpha, p.selections.options[i].beta);
    }
    benchmark::DoNotOptimize(tally);
  }
}
BENCHMARK(BM_BallotTallyAdd)->ArgName("decoded")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

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

// A node with `voters` citizens (enrolled and bound through it), an open 5-option election whose
// three trustees (any two decrypt) made the key through it, and one signed ballot per citizen
// ready (encrypted on two threads: that is the voters' devices' work, not timed).
struct BallotWorld {
  node::BenchNode b;
  FakeRng rng{7};
  std::vector<Bytes> ballots;

  Bytes Sign(core::RecordKind kind, Bytes payload, const crypto::SigningKey& key) {
    return core::SignRecord(b.node->log_id(), kind, std::move(payload), b.clock.Now(), key).value().Encode();
  }

  explicit BallotWorld(int voters) {
    constexpr UnixMicros kDay = 86'400'000'000;
    const crypto::SigningKey registrar = crypto::SigningKey::Generate(rng);
    std::vector<crypto::SigningKey> trustees;
    for (int i = 0; i < 3; ++i) trustees.push_back(crypto::SigningKey::Generate(rng));
    core::ElectionDefinePayload d;
    d.id = "council";
    d.territory = "root";
    d.title = "Council";
    d.options = {"A", "B", "C", "D", "E"};
    d.opens_at = b.clock.Now() + kDay;
    d.closes_at = d.opens_at + 30 * kDay;
    for (const auto& t : trustees) d.trustees.push_back(core::KeyBytes(t.public_key()));
    d.threshold = 2;
    b.Ingest({Sign(core::RecordKind::kRegistrarAccredit,
                   core::EncodePayload(core::RegistrarAccreditPayload{core::KeyBytes(registrar.public_key()), "root"}),
                   *b.authority),
              Sign(core::RecordKind::kElectionDefine, core::EncodePayload(d), *b.authority)},
             1);
    std::vector<Bytes> enrols, binds;
    std::vector<crypto::SigningKey> keys;
    for (int i = 0; i < voters; ++i) {
      const std::string id = "c" + std::to_string(i);
      const crypto::SigningKey enrolment = core::EnrolmentKeyFromCode("code-" + id);
      core::CitizenEnrolPayload e;
      e.id = id;
      e.residence = "root";
      e.enrolment_key = core::KeyBytes(enrolment.public_key());
      enrols.push_back(Sign(core::RecordKind::kCitizenEnrol, core::EncodePayload(e), registrar));
      keys.push_back(crypto::SigningKey::Generate(rng));
      binds.push_back(
          Sign(core::RecordKind::kCitizenBind,
               core::EncodePayload(core::MakeBindPayload(id, enrolment, core::KeyBytes(keys.back().public_key()))),
               keys.back()));
    }
    b.Ingest(enrols, 64);
    b.Ingest(binds, 64);
    std::vector<core::TrusteeSecrets> secrets;
    for (std::uint32_t i = 1; i <= 3; ++i) {
      secrets.push_back(core::GenerateTrusteeSecrets(2, rng));
      auto commit = b.node->ReadState(
          [&](const core::State& s) { return core::MakeTrusteeCommit(s, "council", i, secrets.back(), rng); });
      b.Ingest({Sign(core::RecordKind::kTrusteeCommit, core::EncodePayload(commit.value()), trustees[i - 1])}, 1);
    }
    for (std::uint32_t i = 1; i <= 3; ++i) {
      auto reveal = b.node->ReadState(
          [&](const core::State& s) { return core::MakeTrusteeReveal(s, "council", i, secrets[i - 1], rng); });
      b.Ingest({Sign(core::RecordKind::kTrusteeReveal, core::EncodePayload(reveal.value()), trustees[i - 1])}, 1);
    }
    b.clock.Advance(kDay);
    b.node->Tick().value();  // opens the election
    ballots.resize(voters);
    b.node->ReadState([&](const core::State& s) {
      node::ParallelFor(ballots.size(), [&](size_t i) {
        FakeRng device(1000 + i);
        std::vector<std::uint8_t> marks(5, 0);
        marks[i % 5] = 1;
        auto p = core::MakeBallot(s, "council", core::KeyBytes(keys[i].public_key()), marks, device).value();
        ballots[i] =
            core::SignRecord(s.log_id, core::RecordKind::kBallot, core::EncodePayload(p), b.clock.Now(), keys[i])
                .value()
                .Encode();
      });
      return 0;
    });
  }
  size_t Counted() const {
    return b.node->ReadState([](const core::State& s) { return s.elections.at("council").ballots.size(); });
  }
};

// Ballots/s through Node::Submit with 64 concurrent submitters (signature and proofs checked
// ahead on two threads, then the serial apply: eligibility, the running encrypted tally).
void BM_BallotIngest(benchmark::State& state) {
  BallotWorld w(static_cast<int>(state.range(0)));
  for (auto _ : state) w.b.Ingest(w.ballots, 64);
  if (w.Counted() != w.ballots.size()) state.SkipWithError("not every ballot counted");
  state.SetItemsProcessed(static_cast<int64_t>(w.ballots.size()));
}
BENCHMARK(BM_BallotIngest)->Arg(4'000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// Replay of a log's `arg` ballots, every signature and proof checked: what an observer pays per
// ballot on two cores. The records before the ballots are replayed untimed first.
void BM_BallotReplay(benchmark::State& state) {
  BallotWorld w(static_cast<int>(state.range(0)));
  const std::uint64_t first_ballot = w.b.node->sequencer().size();
  w.b.Ingest(w.ballots, 64);
  const std::uint64_t size = w.b.node->sequencer().size();
  const crypto::Sha256Digest digest = w.b.node->Summary().digest;
  for (auto _ : state) {
    state.PauseTiming();
    core::State s = node::ReplayStore(w.b.node->store(), first_ballot).value();
    state.ResumeTiming();
    node::ReplayInto(s, w.b.node->store(), first_ballot, size).IgnoreError();
    state.PauseTiming();
    if (s.Digest() != digest) state.SkipWithError("replay disagrees");
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * (size - first_ballot)));
}
BENCHMARK(BM_BallotReplay)->Arg(4'000)->Arg(20'000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace veche
