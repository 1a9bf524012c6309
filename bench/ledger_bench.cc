// SPDX-License-Identifier: AGPL-3.0-or-later
// Transparency-log figures: durable appends into SQLite through the sequencer, full verification
// from tiles, and inclusion proofs generated from the store.
//   scripts/bench.sh --benchmark_filter=Log

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "veche/base/rng.h"
#include "veche/ledger/checkpoint.h"
#include "veche/ledger/log_reader.h"
#include "veche/ledger/log_verifier.h"
#include "veche/ledger/sequencer.h"
#include "veche/store/sqlite/sqlite_log_store.h"

namespace veche::ledger {
namespace {

namespace fs = std::filesystem;

fs::path TempDir() {
  std::string templ = (fs::temp_directory_path() / "veche-bench-XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) std::abort();
  return templ;
}

NoteSigner BenchSigner() {
  FakeRng rng(1);
  return NoteSigner::Create("veche.bench/log", crypto::SigningKey::Generate(rng)).value();
}

Bytes Entry200(std::uint64_t i) {
  Bytes e(200);
  for (size_t k = 0; k < e.size(); ++k) e[k] = static_cast<std::uint8_t>(i * 31 + k);
  return e;
}

// Appends `n` entries with up to `in_flight` outstanding, as many concurrent clients would.
void AppendMany(Sequencer& seq, std::uint64_t first, std::uint64_t n, size_t in_flight) {
  std::vector<std::future<Result<std::uint64_t>>> window;
  window.reserve(in_flight);
  for (std::uint64_t i = 0; i < n; ++i) {
    window.push_back(seq.Append(Entry200(first + i)));
    if (window.size() == in_flight) {
      for (auto& f : window) f.get().value();
      window.clear();
    }
  }
  for (auto& f : window) f.get().value();
}

// Durable (WAL, synchronous=FULL) appends of 200-byte entries; arg = entries in flight.
void BM_LogDurableAppendSqlite(benchmark::State& state) {
  fs::path dir = TempDir();
  auto store = store::SqliteLogStore::Open((dir / "log.db").string()).value();
  auto seq = Sequencer::Start(*store, BenchSigner()).value();
  // One append at a time is latency-bound (one fsync each): measure fewer of them.
  const std::uint64_t kPerIteration = state.range(0) == 1 ? 2'000 : 100'000;
  std::uint64_t next = 0;
  for (auto _ : state) {
    AppendMany(*seq, next, kPerIteration, static_cast<size_t>(state.range(0)));
    next += kPerIteration;
  }
  state.SetItemsProcessed(static_cast<int64_t>(next));
  SequencerStats stats = seq->stats();
  state.counters["avg_batch"] = static_cast<double>(stats.entries) / static_cast<double>(stats.batches);
  seq.reset();
  store.reset();
  fs::remove_all(dir);
}
BENCHMARK(BM_LogDurableAppendSqlite)->Arg(1)->Arg(1000)->Arg(20000)->Unit(benchmark::kMillisecond)->UseRealTime();

struct SqliteLog {
  fs::path dir = TempDir();
  std::unique_ptr<store::SqliteLogStore> store;
  std::string checkpoint;
  explicit SqliteLog(std::uint64_t n) {
    store = store::SqliteLogStore::Open((dir / "log.db").string()).value();
    auto seq = Sequencer::Start(*store, BenchSigner()).value();
    AppendMany(*seq, 0, n, 20000);
    checkpoint = seq->checkpoint();
  }
  ~SqliteLog() {
    store.reset();
    fs::remove_all(dir);
  }
};

// Full verification of a 1,000,000-entry log of 200-byte entries from its tiles and bundles,
// fetched in-process (arg 0: from SQLite, so the store's read path counts; arg 1: tiles prefetched
// into memory, so only the verifier counts). No network.
void BM_LogVerifyFromTiles(benchmark::State& state) {
  static SqliteLog log(1'000'000);
  static std::map<std::string, Bytes> prefetched = [] {
    std::map<std::string, Bytes> all;
    for (const TileId& t : TilesForTree(1'000'000)) all[TilePath(t)] = ReadTile(*log.store, t).value();
    return all;
  }();
  NoteVerifier verifier = BenchSigner().Verifier();
  LogFetcher fetch = [&](const std::string& path) -> Result<Bytes> {
    if (path == "checkpoint") return ToBytes(log.checkpoint);
    if (state.range(0) == 1) return prefetched.at(path);
    VECHE_ASSIGN_OR_RETURN(TileId id, ParseTilePath(path));
    return ReadTile(*log.store, id);
  };
  std::uint64_t leaves = 0;
  for (auto _ : state) {
    auto report = VerifyLog(fetch, verifier);
    if (!report.ok()) state.SkipWithError(report.error().ToString().c_str());
    leaves += report->checkpoint.size;
  }
  state.SetItemsProcessed(static_cast<int64_t>(leaves));
}
BENCHMARK(BM_LogVerifyFromTiles)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// An inclusion proof for a random leaf of a 1,000,000-entry log, read from SQLite with a fresh
// reader per proof (as one HTTP request would); arg 1 shares a TileCache across proofs (as a node
// does), arg 0 does not.
void BM_LogInclusionProofFromStore(benchmark::State& state) {
  static SqliteLog log(1'000'000);
  static TileCache cache;
  FakeRng rng(5 + static_cast<std::uint64_t>(state.thread_index()));
  for (auto _ : state) {
    StoreHashReader reader(*log.store, state.range(0) ? &cache : nullptr);
    auto proof = InclusionProof(rng.Uniform(1'000'000), 1'000'000, reader.AsFunction());
    if (!proof.ok()) state.SkipWithError(proof.error().ToString().c_str());
    benchmark::DoNotOptimize(proof);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LogInclusionProofFromStore)->Arg(0)->Arg(1)->Threads(1)->Threads(2)->UseRealTime()->MinTime(3);

}  // namespace
}  // namespace veche::ledger

BENCHMARK_MAIN();
