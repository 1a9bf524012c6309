// SPDX-License-Identifier: AGPL-3.0-or-later
// Accountability figures through a real node (issue 19), every record signed and applied:
// - rating ingest: `n` citizens rate the holder of one office, through Node::SubmitBatch from 2
//   submitters in batches of 1,000 (as the votes' figure);
// - an official's portrait over HTTP: one citizen holding 5 offices, each seated with a checklist
//   of 20 promises and rated for 100 days whose counts change every day (100 snapshots each),
//   GET /officials/<id> by 16 lean keep-alive clients, 4,000 requests; p50 and p99.
// Offices are filled in the open (the charter's open_elections): a confirmation by roll call.
//   build/bench/veche_bench --benchmark_filter=AccountabilityNode

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "bench/bench_node.h"
#include "bench/load_client.h"
#include "veche/api/accountability_json.h"
#include "veche/api/accountability_routes.h"
#include "veche/core/accountability/payloads.h"
#include "veche/core/offices/payloads.h"
#include "veche/http/server.h"

namespace veche::node {
namespace {

constexpr UnixMicros kDay = 86'400'000'000;

core::PublicKeyBytes Pk(const crypto::SigningKey& k) {
  return core::KeyBytes(k.public_key());
}

// The benchmark's world cannot be built: says what failed, and stops.
void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "accountability bench: %s\n", what);
  std::abort();
}

core::Charter OpenCharter() {
  core::Charter c;
  c.open_elections = true;
  c.recall_min_raters = 1'000'000'000;  // nobody is recalled while the benchmark runs
  return c;
}

// A node with `citizens` bound citizens of the root and `offices` offices, each held by c0 with
// `promises` promises on the checklist.
struct HeldWorld {
  BenchNode b{OpenCharter()};
  FakeRng rng{19};
  std::vector<crypto::SigningKey> keys;

  Bytes Sign(core::RecordKind kind, const Bytes& payload, const crypto::SigningKey& key) {
    return core::SignRecord(b.node->log_id(), kind, payload, b.clock.Now(), key).value().Encode();
  }
  template <typename P>
  void Submit(core::RecordKind kind, const P& payload, const crypto::SigningKey& key) {
    const Bytes record = Sign(kind, core::EncodePayload(payload), key);
    Result<Receipt> receipt = b.node->Submit(record);
    Require(receipt.ok(), receipt.ok() ? "" : receipt.error().ToString().c_str());
  }
  void Days(int n) {
    b.clock.Advance(n * kDay);
    Require(b.node->Tick().ok(), "a tick failed");
  }
  static std::string OfficeId(int k) { return "office-" + std::to_string(k); }

  HeldWorld(int citizens, int offices, int promises) {
    crypto::SigningKey registrar = crypto::SigningKey::Generate(rng);
    Submit(core::RecordKind::kRegistrarAccredit, core::RegistrarAccreditPayload{Pk(registrar), "root"}, *b.authority);
    std::vector<Bytes> enrols, binds;
    for (int i = 0; i < citizens; ++i) {
      const std::string id = "c" + std::to_string(i);
      crypto::SigningKey enrolment = core::EnrolmentKeyFromCode("code-" + id);
      core::CitizenEnrolPayload e;
      e.id = id;
      e.residence = "root";
      e.enrolment_key = Pk(enrolment);
      enrols.push_back(Sign(core::RecordKind::kCitizenEnrol, core::EncodePayload(e), registrar));
      keys.push_back(crypto::SigningKey::Generate(rng));
      binds.push_back(Sign(core::RecordKind::kCitizenBind,
                           core::EncodePayload(core::MakeBindPayload(id, enrolment, Pk(keys.back()))), keys.back()));
    }
    Require(b.IngestBatched(enrols, 2, 1000) && b.IngestBatched(binds, 2, 1000), "an enrolment was refused");
    for (int k = 0; k < offices; ++k) {
      Submit(core::RecordKind::kOfficeCreate,
             core::OfficeCreatePayload{OfficeId(k), "Office " + std::to_string(k), "root", "", 0, ""}, *b.authority);
    }
    std::vector<core::TextHash> checklist;
    for (int p = 0; p < promises; ++p) {
      const std::string text = "Promise " + std::to_string(p) + " of the benchmark's official.";
      Submit(core::RecordKind::kText, core::TextPayload{text}, keys[0]);
      checklist.push_back(core::TextHashOf(text));
    }
    Days(1);  // the contests open: contest-1.. in office order
    for (int k = 0; k < offices; ++k) {
      const std::string contest = "contest-" + std::to_string(k + 1), nomination = "n-" + std::to_string(k);
      Submit(core::RecordKind::kNominationFile, core::NominationFilePayload{nomination, contest, "c0"}, keys[0]);
      const std::uint64_t needed =
          b.node->ReadState([&](const core::State& s) { return s.contests.at(contest).signatures_needed; });
      std::vector<Bytes> signatures;
      for (std::uint64_t i = 1; i < needed; ++i) {
        signatures.push_back(
            Sign(core::RecordKind::kNominationSign, core::EncodePayload(core::IdPayload{nomination}), keys[i]));
      }
      Require(b.IngestBatched(signatures, 1, 1000), "a nomination's signature was refused");
      Submit(core::RecordKind::kCandidacyFile, core::CandidacyFilePayload{contest, nomination, checklist}, keys[0]);
    }
    Days(22);  // one candidate each: the nominations are extended once
    Days(22);  // and then the confirmations are called
    for (int k = 0; k < offices; ++k) {
      Submit(core::RecordKind::kOfficeVote, core::OfficeVotePayload{"contest-" + std::to_string(k + 1), "yes"},
             keys[1]);
    }
    Days(8);
    Days(1);
    for (int k = 0; k < offices; ++k) {
      Require(b.node->ReadState([&](const core::State& s) { return s.offices.at(OfficeId(k)).Holder() != nullptr; }),
              "an office was not filled");
    }
  }
  // Every citizen but the holder rates office `k`'s holder (approving one in three), signed ahead.
  std::vector<Bytes> Ratings(int k) {
    std::vector<Bytes> out(keys.size() - 1);
    const UnixMicros now = b.clock.Now();
    const core::LogId log = b.node->log_id();
    ParallelFor(out.size(), [&](size_t i) {  // signing is the raters' devices' work
      const core::Rating rating = i % 3 == 0 ? core::Rating::kApprove : core::Rating::kDisapprove;
      out[i] = core::SignRecord(log, core::RecordKind::kRatingSet,
                                core::EncodePayload(core::RatingSetPayload{OfficeId(k), rating}), now, keys[i + 1])
                   .value()
                   .Encode();
    });
    return out;
  }
};

void BM_AccountabilityNodeRatingIngest(benchmark::State& state) {
  HeldWorld w(static_cast<int>(state.range(0)) + 1, 1, 0);
  const std::vector<Bytes> ratings = w.Ratings(0);
  for (auto _ : state) {
    if (!w.b.IngestBatched(ratings, 2, 1000)) state.SkipWithError("a rating was refused");
  }
  const std::uint64_t raters =
      w.b.node->ReadState([](const core::State& s) { return s.holder_ratings.at(HeldWorld::OfficeId(0)).Raters(); });
  if (raters != ratings.size()) state.SkipWithError("not every rating counted");
  state.SetItemsProcessed(static_cast<int64_t>(ratings.size()));
}
BENCHMARK(BM_AccountabilityNodeRatingIngest)->Arg(40'000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// 5 offices held by c0, 20 promises each, 100 daily snapshots each (one citizen more rates every
// office each day), served over HTTP.
struct PortraitWorld {
  HeldWorld w{120, 5, 20};
  std::unique_ptr<http::Server> server;
  PortraitWorld() {
    for (int day = 0; day < 100; ++day) {
      std::vector<Bytes> ratings;
      for (int k = 0; k < 5; ++k) {
        const core::Rating rating = day % 2 == 0 ? core::Rating::kApprove : core::Rating::kDisapprove;
        ratings.push_back(w.Sign(core::RecordKind::kRatingSet,
                                 core::EncodePayload(core::RatingSetPayload{HeldWorld::OfficeId(k), rating}),
                                 w.keys[static_cast<size_t>(day) + 1]));
      }
      Require(w.b.IngestBatched(ratings, 1, 5), "a day's rating was refused");
      w.Days(1);
    }
    http::Router router;
    api::AddAccountabilityRoutes(router, *w.b.node);
    http::ServerOptions options;
    options.port = 0;
    options.threads = 16;
    server = http::Server::Start(options, std::move(router)).value();
  }
  static PortraitWorld& Get() {
    static PortraitWorld* world = new PortraitWorld();  // built once for both benchmarks
    return *world;
  }
};

// The portrait's JSON built and serialised in the process, without HTTP: its cost per request.
void BM_AccountabilityNodePortraitJson(benchmark::State& state) {
  PortraitWorld& world = PortraitWorld::Get();
  size_t bytes = 0;
  for (auto _ : state) {
    bytes = world.w.b.node->ReadState([](const core::State& s) { return api::PortraitJson(s, "c0").dump().size(); });
  }
  state.counters["KB"] = static_cast<double>(bytes) / 1e3;
}
BENCHMARK(BM_AccountabilityNodePortraitJson)->Unit(benchmark::kMicrosecond);

void BM_AccountabilityNodePortraitHttp(benchmark::State& state) {
  PortraitWorld& world = PortraitWorld::Get();
  const size_t snapshots = world.w.b.node->ReadState(
      [](const core::State& s) { return s.holder_ratings.at(HeldWorld::OfficeId(0)).history.size(); });
  if (snapshots != 100) return state.SkipWithError("the holder does not have 100 snapshots");
  constexpr size_t kRequests = 4'000;
  bench::GetLoad load;
  for (auto _ : state) load = bench::GetUnderLoad(world.server->port(), "/officials/c0", kRequests, 16);
  if (!load.all_ok) state.SkipWithError("the portrait did not answer 200");
  state.counters["p50_ms"] = load.Percentile(50);
  state.counters["p99_ms"] = load.Percentile(99);
  bench::LoadConnection one(world.server->port());
  state.counters["KB"] = one.Get("/officials/c0") == 200 ? static_cast<double>(one.body().size()) / 1e3 : 0;
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRequests));
}
BENCHMARK(BM_AccountabilityNodePortraitHttp)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace veche::node
