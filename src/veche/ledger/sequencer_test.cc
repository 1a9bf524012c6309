// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "veche/base/rng.h"
#include "veche/ledger/checkpoint.h"
#include "veche/ledger/log_reader.h"
#include "veche/ledger/sequencer.h"

namespace veche::ledger {
namespace {

NoteSigner TestSigner(std::uint64_t seed = 1) {
  FakeRng rng(seed);
  return NoteSigner::Create("veche.test/log", crypto::SigningKey::Generate(rng)).value();
}

Bytes Entry(std::uint64_t i) {
  return ToBytes("entry number " + std::to_string(i));
}

// Checks everything a verifier would: the checkpoint's signature and root against the entries,
// and every tile of the tree against tiles computed independently from the entries.
void CheckLogIsWhole(LogStore& store, const NoteVerifier& verifier, const std::string& note) {
  auto opened = OpenNote(note, std::span(&verifier, 1));
  REQUIRE(opened.ok());
  Checkpoint cp = ParseCheckpoint(opened->text).value();
  TreeState state = store.ReadTreeState().value();
  REQUIRE(state.size == cp.size);
  std::vector<Bytes> entries = store.ReadEntries(0, cp.size).value();
  CompactRange range;
  std::map<std::pair<int, std::uint64_t>, Bytes> tiles;
  for (const Bytes& e : entries) {
    range.Append(LeafHash(e), [&](int level, std::uint64_t index, const Hash& h) {
      if (level % 8 == 0) Append(tiles[{level / 8, index / 256}], h);
    });
  }
  CHECK(range.Root() == cp.root);
  for (const TileId& t : TilesForTree(cp.size)) {
    CAPTURE(TilePath(t));
    Bytes got = ReadTile(store, t).value();
    if (t.entries) {
      CHECK(ParseEntryBundle(got, t.width).ok());
    } else {
      CHECK(got == tiles[{t.level, t.index}]);
    }
  }
}

TEST_CASE("appends get consecutive indices and a signed checkpoint over exactly those entries") {
  MemoryLogStore store;
  NoteSigner signer = TestSigner();
  NoteVerifier verifier = signer.Verifier();
  auto seq = Sequencer::Start(store, std::move(signer)).value();
  CHECK(seq->size() == 0);
  for (std::uint64_t i = 0; i < 600; ++i) CHECK(seq->Append(Entry(i)).get().value() == i);
  CHECK(seq->size() == 600);
  CheckLogIsWhole(store, verifier, seq->checkpoint());
  CHECK(store.ReadCheckpoint().value() == seq->checkpoint());
}

TEST_CASE("concurrent appenders are grouped into fewer commits and every index is unique") {
  MemoryLogStore store;
  NoteSigner signer = TestSigner();
  NoteVerifier verifier = signer.Verifier();
  auto seq = Sequencer::Start(store, std::move(signer)).value();
  std::vector<std::future<Result<std::uint64_t>>> futures;
  for (std::uint64_t i = 0; i < 70000; ++i) futures.push_back(seq->Append(Entry(i)));
  std::set<std::uint64_t> indices;
  for (auto& f : futures) indices.insert(f.get().value());
  CHECK(indices.size() == 70000);
  CHECK(*indices.rbegin() == 69999);
  CHECK(seq->stats().batches < 1000);
  CHECK(seq->stats().largest_batch > 1);
  CheckLogIsWhole(store, verifier, seq->checkpoint());
}

TEST_CASE(
    "an append's callback runs once, after the checkpoint covers it, and entries queued at shutdown are cancelled") {
  MemoryLogStore store;
  NoteSigner signer = TestSigner();
  NoteVerifier verifier = signer.Verifier();
  auto seq = Sequencer::Start(store, std::move(signer)).value();
  std::mutex mu;
  std::condition_variable all_in;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;  // (index, checkpoint size when called)
  constexpr std::uint64_t kEntries = 2000;
  for (std::uint64_t i = 0; i < kEntries; ++i) {
    seq->Append(Entry(i), [&](Result<std::uint64_t> index) {
      std::uint64_t covered = ParseCheckpoint(ParseNote(seq->checkpoint()).value().text).value().size;
      std::lock_guard lock(mu);
      seen.emplace_back(index.value(), covered);
      all_in.notify_one();
    });
  }
  {
    std::unique_lock lock(mu);
    REQUIRE(all_in.wait_for(lock, std::chrono::seconds(30), [&] { return seen.size() == kEntries; }));
  }
  std::set<std::uint64_t> indices;
  for (auto [index, covered] : seen) {
    indices.insert(index);
    CHECK(index < covered);
  }
  CHECK(indices.size() == kEntries);
  CheckLogIsWhole(store, verifier, seq->checkpoint());

  // Refused at once: told before Append returns, on the caller's thread.
  std::optional<Status> refused;
  seq->Append(Bytes(65536, 1), [&](Result<std::uint64_t> index) { refused = index.error(); });
  REQUIRE(refused.has_value());
  CHECK(refused->code() == StatusCode::kInvalidArgument);

  // Whatever is still queued when the sequencer stops is told so, exactly once each.
  std::atomic<int> told{0}, cancelled{0};
  for (std::uint64_t i = 0; i < 5000; ++i) {
    seq->Append(Entry(kEntries + i), [&](Result<std::uint64_t> index) {
      ++told;
      if (!index.ok() && index.error().code() == StatusCode::kCancelled) ++cancelled;
    });
  }
  seq.reset();
  CHECK(told.load() == 5000);
  CHECK(store.ReadTreeState().value().size == kEntries + 5000 - static_cast<std::uint64_t>(cancelled.load()));
}

TEST_CASE("a restarted sequencer continues the same log") {
  MemoryLogStore store;
  NoteVerifier verifier = TestSigner().Verifier();
  {
    auto seq = Sequencer::Start(store, TestSigner()).value();
    for (std::uint64_t i = 0; i < 300; ++i) seq->Append(Entry(i)).get().value();
  }
  auto seq = Sequencer::Start(store, TestSigner()).value();
  CHECK(seq->size() == 300);
  for (std::uint64_t i = 300; i < 777; ++i) CHECK(seq->Append(Entry(i)).get().value() == i);
  CheckLogIsWhole(store, verifier, seq->checkpoint());
}

TEST_CASE("a read-only sequencer serves the stored log, signs a stale checkpoint in memory and appends nothing") {
  MemoryLogStore store;
  NoteVerifier verifier = TestSigner().Verifier();
  {
    auto seq = Sequencer::Start(store, TestSigner()).value();
    for (std::uint64_t i = 0; i < 300; ++i) seq->Append(Entry(i)).get().value();
  }
  REQUIRE(store.WriteCheckpoint(300, "not a signed note").ok());  // a stored checkpoint nobody can open
  const std::string stored = store.ReadCheckpoint().value();
  SequencerOptions options;
  options.read_only = true;
  options.read_only_reason = "the disk is full";
  auto seq = Sequencer::Start(store, TestSigner(), options).value();
  CHECK(seq->size() == 300);
  CheckLogIsWhole(store, verifier, seq->checkpoint());  // signed afresh, in memory
  CHECK(store.ReadCheckpoint().value() == stored);      // and not written
  Result<std::uint64_t> refused = seq->Append(Entry(300)).get();
  CHECK(refused.error().code() == StatusCode::kUnavailable);
  CHECK(refused.error().message().find("the disk is full") != std::string::npos);
  CHECK(store.ReadTreeState().value().size == 300);
}

TEST_CASE("an oversized entry is refused before it reaches the log") {
  MemoryLogStore store;
  auto seq = Sequencer::Start(store, TestSigner()).value();
  CHECK(seq->Append(Bytes(65536, 1)).get().error().code() == StatusCode::kInvalidArgument);
  CHECK(seq->Append(Bytes(65535, 1)).get().value() == 0);
}

TEST_CASE("a transient commit failure is retried and a persistent one fails the batch without a gap") {
  MemoryLogStore inner;
  FaultyLogStore store(inner);
  NoteVerifier verifier = TestSigner().Verifier();
  auto seq = Sequencer::Start(store, TestSigner()).value();
  CHECK(seq->Append(Entry(0)).get().value() == 0);
  store.FailCommits(1, UnavailableError("disk hiccup"));
  CHECK(seq->Append(Entry(1)).get().value() == 1);
  store.FailCommits(2, UnavailableError("disk gone"));
  Result<std::uint64_t> failed = seq->Append(Entry(2)).get();
  CHECK(failed.error().message().find("disk gone") != std::string::npos);
  CHECK(seq->Append(Entry(3)).get().value() == 2);  // no gap: the failed entry took no index
  CheckLogIsWhole(inner, verifier, seq->checkpoint());
}

TEST_CASE("a commit that landed but reported failure is acknowledged once, not appended twice") {
  MemoryLogStore inner;
  FaultyLogStore store(inner);
  auto seq = Sequencer::Start(store, TestSigner()).value();
  seq->Append(Entry(0)).get().value();
  store.FailCommitsAfterApplying(1);
  CHECK(seq->Append(Entry(1)).get().value() == 1);
  CHECK(seq->Append(Entry(2)).get().value() == 2);
  CHECK(inner.ReadTreeState().value().size == 3);
  CHECK(inner.ReadEntries(1, 1).value()[0] == Entry(1));
}

TEST_CASE("two sequencers on one store never fork the log") {
  MemoryLogStore store;
  NoteVerifier verifier = TestSigner().Verifier();
  auto a = Sequencer::Start(store, TestSigner()).value();
  auto b = Sequencer::Start(store, TestSigner()).value();
  std::atomic<int> acked{0}, aborted{0};
  std::set<std::uint64_t> indices;
  std::mutex mu;
  auto run = [&](Sequencer& seq, int tag) {
    for (int i = 0; i < 300; ++i) {
      Result<std::uint64_t> r = seq.Append(ToBytes(std::to_string(tag) + ":" + std::to_string(i))).get();
      if (r.ok()) {
        ++acked;
        std::lock_guard lock(mu);
        CHECK(indices.insert(*r).second);
      } else {
        CHECK(r.error().code() == StatusCode::kAborted);
        ++aborted;
      }
    }
  };
  std::thread ta(run, std::ref(*a), 1), tb(run, std::ref(*b), 2);
  ta.join();
  tb.join();
  TreeState state = store.ReadTreeState().value();
  CHECK(state.size == static_cast<std::uint64_t>(acked.load()));
  CHECK(acked + aborted == 600);
  // Whatever each sequencer last signed, the stored log verifies as one tree.
  auto c = Sequencer::Start(store, TestSigner()).value();
  CheckLogIsWhole(store, verifier, c->checkpoint());
}

TEST_CASE("proofs generated from stored tiles verify against the signed checkpoint") {
  MemoryLogStore store;
  auto seq = Sequencer::Start(store, TestSigner()).value();
  std::vector<std::future<Result<std::uint64_t>>> futures;
  for (std::uint64_t i = 0; i < 70000; ++i) futures.push_back(seq->Append(Entry(i)));
  for (auto& f : futures) f.get().value();
  Checkpoint cp = ParseCheckpoint(ParseNote(seq->checkpoint()).value().text).value();
  StoreHashReader reader(store);
  for (std::uint64_t i : {0ull, 1ull, 255ull, 256ull, 65535ull, 65536ull, 69999ull}) {
    auto proof = InclusionProof(i, cp.size, reader.AsFunction()).value();
    CHECK(VerifyInclusion(i, cp.size, LeafHash(Entry(i)), ToBytesList(proof), cp.root).ok());
  }
  // A shared cache of expanded full tiles gives the same proofs, also on a second pass from cache.
  TileCache cache(8);
  for (int pass = 0; pass < 2; ++pass) {
    for (std::uint64_t i : {0ull, 300ull, 65535ull, 65536ull, 69999ull}) {
      StoreHashReader cached(store, &cache);
      CHECK(InclusionProof(i, cp.size, cached.AsFunction()).value() ==
            InclusionProof(i, cp.size, reader.AsFunction()).value());
      CHECK(RangeHash(0, i + 1, cached.AsFunction()).value() == RangeHash(0, i + 1, reader.AsFunction()).value());
    }
  }
  Hash old_root = RangeHash(0, 1000, reader.AsFunction()).value();
  auto consistency = ConsistencyProof(1000, cp.size, reader.AsFunction()).value();
  CHECK(VerifyConsistency(1000, cp.size, ToBytesList(consistency), old_root, cp.root).ok());
}

}  // namespace
}  // namespace veche::ledger
