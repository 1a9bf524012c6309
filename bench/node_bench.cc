// SPDX-License-Identifier: AGPL-3.0-or-later
// Record figures: ingest through the node's submit path (decode, verify, validate, apply,
// sequence durably in SQLite), replay of the stored log with every signature verified, and an
// observer's verification + replay from the tiles.
//   build/bench/veche_bench --benchmark_filter=Node

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "bench/bench_node.h"
#include "veche/core/apply.h"
#include "veche/ledger/log_reader.h"
#include "veche/ledger/log_verifier.h"
#include "veche/node/data_dir.h"
#include "veche/node/node.h"

namespace veche::node {
namespace {

// Records/s through Node::Submit with `arg` concurrent submitters.
void BM_NodeIngest(benchmark::State& state) {
  BenchNode b;
  std::uint64_t done = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<Bytes> records = b.Records(done, 20'000);
    state.ResumeTiming();
    b.Ingest(records, static_cast<int>(state.range(0)));
    done += records.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(done));
}
BENCHMARK(BM_NodeIngest)->Arg(2)->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// Records/s through Node::SubmitBatch: 2 submitters, batches of 1,000.
void BM_NodeIngestBatched(benchmark::State& state) {
  BenchNode b;
  std::uint64_t done = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<Bytes> records = b.Records(done, 40'000);
    state.ResumeTiming();
    if (!b.IngestBatched(records, 2, 1000)) state.SkipWithError("a record was refused");
    done += records.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(done));
}
BENCHMARK(BM_NodeIngestBatched)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

struct LoadedNode {
  BenchNode b;
  explicit LoadedNode(std::uint64_t n) {
    for (std::uint64_t first = 0; first < n; first += 20'000) {
      b.Ingest(b.Records(first, std::min<std::uint64_t>(20'000, n - first)), 64);
    }
  }
};

// One node per size, built on first use and kept for the other benchmarks of the run.
LoadedNode& Loaded(std::uint64_t n) {
  static std::map<std::uint64_t, std::unique_ptr<LoadedNode>> nodes;
  auto& node = nodes[n];
  if (!node) node = std::make_unique<LoadedNode>(n);
  return *node;
}

// Replay of a 100,001-record log from SQLite, every signature verified (on two threads; records
// applied in order).
void BM_NodeReplay(benchmark::State& state) {
  LoadedNode& loaded = Loaded(100'000);
  std::uint64_t size = loaded.b.node->sequencer().size();
  for (auto _ : state) {
    core::State s = ReplayStore(loaded.b.node->store(), size).value();
    benchmark::DoNotOptimize(s.records);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * size));
}
BENCHMARK(BM_NodeReplay)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// An observer: verify every tile and the checkpoint, replay every record (tiles fetched in
// process from the node's store: no network); arg = records in the log.
void BM_NodeObserverVerify(benchmark::State& state) {
  LoadedNode& loaded = Loaded(static_cast<std::uint64_t>(state.range(0)));
  Node& node = *loaded.b.node;
  ledger::NoteVerifier key = ledger::NoteVerifier::Parse(node.verifier_key()).value();
  for (auto _ : state) {
    core::State s;
    ledger::LogVerifyOptions options;
    options.on_entries = [&](std::uint64_t first, std::span<const ByteView> entries) {
      return ApplyEntries(s, first, entries);
    };
    ledger::LogFetcher fetch = [&](const std::string& path) -> Result<Bytes> {
      if (path == "checkpoint") return ToBytes(node.sequencer().checkpoint());
      VECHE_ASSIGN_OR_RETURN(ledger::TileId id, ledger::ParseTilePath(path));
      return ledger::ReadTile(node.store(), id);
    };
    auto report = ledger::VerifyLog(fetch, key, options);
    if (!report.ok() || s.Digest() != node.Summary().digest) state.SkipWithError("observer disagrees");
    state.SetItemsProcessed(static_cast<int64_t>(s.records));
  }
}
BENCHMARK(BM_NodeObserverVerify)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
}  // namespace veche::node
