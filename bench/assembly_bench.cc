// SPDX-License-Identifier: AGPL-3.0-or-later
// People's Assembly figures:
//   - vote ingest through Node::Submit (decode, verify, validate against the session's electorate,
//     count, sequence durably), with citizens enrolled and bound through the same node;
//   - replay of that log with every signature verified (what an observer pays per vote);
//   - closing a session whose measure holds 10,000,000 counted votes: the close, the result
//     (binding, consultative, double majority over 100 member territories) and its effect.
//   build/bench/veche_bench --benchmark_filter=Assembly

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>

#include "bench/bench_node.h"
#include "bench/load_client.h"
#include "veche/api/election_routes.h"
#include "veche/api/export_routes.h"
#include "veche/api/legislation_routes.h"
#include "veche/api/record_routes.h"
#include "veche/api/registry_routes.h"
#include "veche/core/apply.h"
#include "veche/core/legislation/due.h"
#include "veche/core/legislation/rules.h"
#include "veche/http/server.h"
#include "veche/node/http_client.h"

namespace veche::node {
namespace {

constexpr UnixMicros kDay = 86'400'000'000;

core::PublicKeyBytes Pk(const crypto::SigningKey& k) {
  return core::KeyBytes(k.public_key());
}

// A union of `members` republics with `citizens` adults spread over them, enrolled and bound
// through the node, one law tabled and its session open; one signed vote per citizen ready.
struct VoteWorld {
  core::Charter charter = [] {
    core::Charter c;
    c.double_majority = true;
    return c;
  }();
  BenchNode b{charter};
  FakeRng rng{42};
  std::vector<Bytes> votes;

  Bytes Sign(core::RecordKind kind, Bytes payload, const crypto::SigningKey& key) {
    return core::SignRecord(b.node->log_id(), kind, std::move(payload), b.clock.Now(), key).value().Encode();
  }

  // `measures` laws are tabled for the same session ("act", then "act-1", "act-2", ...), and every
  // citizen has a signed vote on each, measure by measure.
  VoteWorld(int citizens, int members, int measures = 1) {
    crypto::SigningKey registrar = crypto::SigningKey::Generate(rng);
    std::vector<Bytes> setup;
    for (int m = 0; m < members; ++m) {
      core::TerritoryCreatePayload t{"r" + std::to_string(m), "root", core::TerritoryKind::kRepublic, "Republic", {}};
      setup.push_back(Sign(core::RecordKind::kTerritoryCreate, core::EncodePayload(t), *b.authority));
    }
    setup.push_back(Sign(core::RecordKind::kRegistrarAccredit,
                         core::EncodePayload(core::RegistrarAccreditPayload{Pk(registrar), "root"}), *b.authority));
    for (int k = 0; k < measures; ++k) {
      const std::string text = "A law for the benchmark, number " + std::to_string(k) + ".";
      setup.push_back(Sign(core::RecordKind::kText, core::EncodePayload(core::TextPayload{text}), *b.authority));
      core::MeasureSpec spec;
      spec.territory = "root";
      spec.title = "Benchmark act " + std::to_string(k);
      spec.text = core::TextHashOf(text);
      setup.push_back(Sign(core::RecordKind::kMeasureTable,
                           core::EncodePayload(core::MeasurePayload{MeasureId(k), spec}), *b.authority));
    }
    b.Ingest(setup, 1);

    std::vector<Bytes> enrols, binds;
    std::vector<crypto::SigningKey> keys;
    for (int i = 0; i < citizens; ++i) {
      std::string id = "c" + std::to_string(i);
      crypto::SigningKey enrolment = core::EnrolmentKeyFromCode("code-" + id);
      core::CitizenEnrolPayload e;
      e.id = id;
      e.residence = "r" + std::to_string(i % members);
      e.enrolment_key = Pk(enrolment);
      enrols.push_back(Sign(core::RecordKind::kCitizenEnrol, core::EncodePayload(e), registrar));
      keys.push_back(crypto::SigningKey::Generate(rng));
      binds.push_back(Sign(core::RecordKind::kCitizenBind,
                           core::EncodePayload(core::MakeBindPayload(id, enrolment, Pk(keys.back()))), keys.back()));
    }
    b.Ingest(enrols, 64);
    b.Ingest(binds, 64);
    b.clock.Advance(kDay);
    b.node->Tick().value();  // opens the session
    votes.resize(static_cast<size_t>(measures) * citizens);
    const UnixMicros now = b.clock.Now();
    ParallelFor(votes.size(), [&](size_t v) {  // signing is the voters' devices' work
      const size_t i = v % citizens;
      const auto choice = static_cast<core::VoteChoice>(1 + i % 3);
      const core::VotePayload vote{MeasureId(static_cast<int>(v / citizens)), choice};
      votes[v] = core::SignRecord(b.node->log_id(), core::RecordKind::kVote, core::EncodePayload(vote), now, keys[i])
                     .value()
                     .Encode();
    });
  }
  static std::string MeasureId(int k) { return k == 0 ? "act" : "act-" + std::to_string(k); }
};

// Votes/s through Node::Submit with 64 concurrent submitters; arg = votes (one per citizen).
void BM_AssemblyVoteIngest(benchmark::State& state) {
  VoteWorld w(static_cast<int>(state.range(0)), 10);
  for (auto _ : state) w.b.Ingest(w.votes, 64);
  const core::Measure m = w.b.node->ReadState([](const core::State& s) { return s.measures.at("act"); });
  if (m.votes.size() != w.votes.size()) state.SkipWithError("not every vote counted");
  state.SetItemsProcessed(static_cast<int64_t>(w.votes.size()));
}
BENCHMARK(BM_AssemblyVoteIngest)->Arg(20'000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// Votes/s through Node::SubmitBatch: `arg` submitters, each sending batches of 1,000 votes (a
// gateway or kiosk server forwarding its voters' signed votes).
void BM_AssemblyVoteIngestBatched(benchmark::State& state) {
  VoteWorld w(40'000, 10);
  for (auto _ : state) {
    if (!w.b.IngestBatched(w.votes, static_cast<int>(state.range(0)), 1000)) state.SkipWithError("a vote was refused");
  }
  state.SetItemsProcessed(static_cast<int64_t>(w.votes.size()));
}
BENCHMARK(BM_AssemblyVoteIngestBatched)->Arg(2)->Arg(4)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// Signed votes over HTTP on loopback: the node's record routes on our Beast server, and 64 client
// threads with keep-alive connections sharing the same 2 cores. Args: votes per request (1: one
// POST /records each; N > 1: POST /records/batch with N), server threads (`veche serve` runs 16),
// and the client: libcurl (0) or bench/load_client.h (1), which leaves the cores to the server.
// Reports votes/s and the p50/p99 latency of a request.
void BM_AssemblyHttpVotes(benchmark::State& state) {
  VoteWorld w(20'000, 10);
  const size_t per_request = static_cast<size_t>(state.range(0));
  http::Router router;
  api::AddRecordRoutes(router, *w.b.node);
  http::ServerOptions options;
  options.port = 0;
  options.threads = static_cast<int>(state.range(1));
  auto server = http::Server::Start(options, std::move(router)).value();
  const std::string base = "http://127.0.0.1:" + std::to_string(server->port());
  const bool lean_client = state.range(2) != 0;
  std::vector<std::string> bodies;  // one per request
  for (size_t first = 0; first < w.votes.size(); first += per_request) {
    std::string body;
    for (size_t i = first; i < std::min(first + per_request, w.votes.size()); ++i) {
      if (per_request > 1) {
        std::uint32_t n = static_cast<std::uint32_t>(w.votes[i].size());
        for (int shift : {24, 16, 8, 0}) body += static_cast<char>(n >> shift);
      }
      body.append(w.votes[i].begin(), w.votes[i].end());
    }
    bodies.push_back(std::move(body));
  }
  std::vector<double> latencies_ms(bodies.size());
  std::atomic<bool> failed{false};
  for (auto _ : state) {
    std::atomic<size_t> next{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 64; ++t) {
      clients.emplace_back([&] {
        HttpClient client;
        bench::LoadConnection lean(server->port());
        const std::string path = per_request > 1 ? "/records/batch" : "/records";
        for (size_t i; (i = next.fetch_add(1)) < bodies.size();) {
          auto started = std::chrono::steady_clock::now();
          int status = -1;
          if (lean_client) {
            status = lean.Post(path, bodies[i]);
          } else if (Result<HttpClient::Reply> reply = client.Post(base + path, AsBytes(bodies[i]), 1 << 24);
                     reply.ok()) {
            status = reply->status;
          }
          latencies_ms[i] =
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
          if (status != 201 && status != 200) failed = true;
        }
      });
    }
    for (auto& c : clients) c.join();
  }
  const core::Measure m = w.b.node->ReadState([](const core::State& s) { return s.measures.at("act"); });
  if (failed || m.votes.size() != w.votes.size()) state.SkipWithError("a vote was not acknowledged or not counted");
  std::sort(latencies_ms.begin(), latencies_ms.end());
  state.counters["p50_ms"] = latencies_ms[latencies_ms.size() / 2];
  state.counters["p99_ms"] = latencies_ms[latencies_ms.size() * 99 / 100];
  state.SetItemsProcessed(static_cast<int64_t>(w.votes.size()));
}
BENCHMARK(BM_AssemblyHttpVotes)
    ->ArgNames({"per_request", "server_threads", "lean_client"})
    ->Args({1, 16, 0})
    ->Args({1, 2, 1})
    ->Args({1, 4, 1})
    ->Args({1, 16, 1})
    ->Args({100, 16, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// Replay of the `arg` votes of a log, every signature verified: what an observer pays per vote.
// The records before the votes (territories, enrolments, binds) are replayed untimed first.
void BM_AssemblyVoteReplay(benchmark::State& state) {
  VoteWorld w(static_cast<int>(state.range(0)), 10);
  std::uint64_t first_vote = w.b.node->sequencer().size();
  w.b.Ingest(w.votes, 64);
  std::uint64_t size = w.b.node->sequencer().size();
  crypto::Sha256Digest digest = w.b.node->Summary().digest;
  for (auto _ : state) {
    state.PauseTiming();
    core::State s = ReplayStore(w.b.node->store(), first_vote).value();
    state.ResumeTiming();
    ReplayInto(s, w.b.node->store(), first_vote, size).IgnoreError();
    state.PauseTiming();
    if (s.Digest() != digest) state.SkipWithError("replay disagrees");
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * (size - first_vote)));
}
BENCHMARK(BM_AssemblyVoteReplay)
    ->Arg(20'000)
    ->Arg(200'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// Public pages with 1,000 measures and 1,000,000 votes (1,000 citizens voting on every measure,
// ingested through SubmitBatch): the read routes on our server, 16 lean keep-alive clients, 4,000
// requests per page; then the whole roll call of every measure streamed as CSV. Reports
// requests/s and p50/p99 per page (arg: the page's index in kPages).
const char* const kPages[] = {
    "/measures?limit=100",
    "/measures?limit=100&after=act-500",
    "/measures?status=voting&limit=1000",
    "/measures/act-500",
    "/measures/act-500/votes?limit=1000",
    "/measures/act-500/votes?limit=100&after=c500",
    "/citizens?limit=100&after=c500",
    "/territories/root",
};
struct PagesWorld {
  VoteWorld w{1'000, 10, 1'000};
  std::unique_ptr<http::Server> server;
  PagesWorld() {
    if (!w.b.IngestBatched(w.votes, 4, 1000)) std::abort();
    http::Router router;
    api::AddRegistryRoutes(router, *w.b.node);
    api::AddLegislationRoutes(router, *w.b.node);
    api::AddElectionRoutes(router, *w.b.node);
    api::AddExportRoutes(router, *w.b.node);
    http::ServerOptions options;
    options.port = 0;
    options.threads = 16;
    server = http::Server::Start(options, std::move(router)).value();
  }
  static PagesWorld& Get() {
    static PagesWorld* world = new PagesWorld();  // built once for every page (about a minute)
    return *world;
  }
};

void BM_PagesAtScale(benchmark::State& state) {
  PagesWorld& world = PagesWorld::Get();
  const std::string path = kPages[state.range(0)];
  state.SetLabel(path);
  constexpr size_t kRequests = 4'000;
  bench::GetLoad load;
  for (auto _ : state) load = bench::GetUnderLoad(world.server->port(), path, kRequests, 16);
  if (!load.all_ok) state.SkipWithError("a page did not answer 200");
  state.counters["p50_ms"] = load.Percentile(50);
  state.counters["p99_ms"] = load.Percentile(99);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRequests));
}
BENCHMARK(BM_PagesAtScale)->DenseRange(0, 7)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// The open-data export of every vote (1,000,000 rows of CSV), streamed to one client.
void BM_PagesAtScaleExportVotes(benchmark::State& state) {
  PagesWorld& world = PagesWorld::Get();
  bench::LoadConnection client(world.server->port());
  size_t rows = 0;
  for (auto _ : state) {
    if (client.Get("/export/votes.csv") != 200) state.SkipWithError("the export did not answer 200");
    rows = static_cast<size_t>(std::count(client.body().begin(), client.body().end(), '\n'));
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["MB"] = static_cast<double>(client.body().size()) / 1e6;
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
}
BENCHMARK(BM_PagesAtScaleExportVotes)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// Closing a session whose one measure has `arg` votes counted (nine binding to one consultative),
// with a double majority over 100 member territories: the session_close record, the result the
// core computes (binding, consultative, members) and the measure_result record applied. The
// electorate and roll call are filled directly (building them through 10^7 signed records would
// take an hour of key generation); closing reads only the running counts.
void BM_AssemblyClose(benchmark::State& state) {
  const std::uint64_t votes = static_cast<std::uint64_t>(state.range(0));
  constexpr int kMembers = 100;
  FakeRng rng(3);
  crypto::SigningKey node_key = crypto::SigningKey::Generate(rng);
  for (auto _ : state) {
    state.PauseTiming();
    core::State s;
    s.has_genesis = true;
    s.node_key = Pk(node_key);
    s.root = "union";
    s.territories["union"] = core::Territory{"", core::TerritoryKind::kUnion, "Union", {}, false};
    core::Session ses;
    ses.closes_at = kDay;
    for (int m = 0; m < kMembers; ++m) {
      std::string id = "r" + std::to_string(m);
      s.territories[id] = core::Territory{"union", core::TerritoryKind::kRepublic, id, {}, false};
      ses.members.push_back(id);
    }
    std::sort(ses.members.begin(), ses.members.end());
    core::Measure m;
    m.spec.territory = "union";
    m.spec.title = "Act";
    m.status = core::MeasureStatus::kVoting;
    m.session = 1;
    m.rule = {0, {}, true};
    m.members.assign(kMembers, {});
    ses.electorate.reserve(votes);
    for (std::uint64_t i = 0; i < votes; ++i) {
      std::string citizen = std::to_string(i);
      bool binding = i % 10 != 0;
      auto choice = static_cast<core::VoteChoice>(1 + (i * 7919) % 3);
      std::uint32_t member = static_cast<std::uint32_t>(i % kMembers);
      ses.electorate.emplace(citizen, core::Voter{binding, member});
      m.votes.emplace(std::move(citizen), core::CastVote{choice, 0});
      choice::Count& c = binding ? m.binding : m.consultative;
      (choice == core::VoteChoice::kYes ? c.yes : choice == core::VoteChoice::kNo ? c.no : c.abstain)++;
      if (binding) {
        choice::Count& mc = m.members[member];
        (choice == core::VoteChoice::kYes ? mc.yes : choice == core::VoteChoice::kNo ? mc.no : mc.abstain)++;
      }
      ++(binding ? ses.binding_electorate : ses.consultative_electorate);
    }
    ses.measures.push_back("act");
    s.measures.emplace("act", std::move(m));
    s.sessions.emplace(core::SessionKey{"union", 1}, std::move(ses));
    s.assemblies["union"].sessions = 1;
    s.assemblies["union"].open_session = 1;
    s.clock = kDay;
    state.ResumeTiming();

    for (int round = 0; round < 2; ++round) {
      for (core::DueRecord& d : core::DueRecords(s)) {
        core::Record r = core::SignRecord(s.log_id, d.kind, std::move(d.payload), kDay, node_key).value();
        if (!core::Apply(s, r).ok()) state.SkipWithError("close refused");
      }
    }
    if (!s.measures.at("act").result) state.SkipWithError("no result");

    state.PauseTiming();
    {  // freeing ten million entries is not part of closing
      core::State dying = std::move(s);
    }
    state.ResumeTiming();
  }
  state.counters["votes"] = static_cast<double>(votes);
}
BENCHMARK(BM_AssemblyClose)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace veche::node
