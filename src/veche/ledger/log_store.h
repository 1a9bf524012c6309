// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Where a log lives. The sequencer writes through this interface and readers (tile serving,
// proofs, replay) read through it; backends: MemoryLogStore (tests), FaultyLogStore (a wrapper
// that injects failures), and store::SqliteLogStore (the default, durable one). One contract test
// suite (src/veche/store/log_store_contract_test.cc) runs against every backend.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "veche/base/bytes.h"
#include "veche/base/result.h"
#include "veche/ledger/merkle.h"

namespace veche::ledger {

// What a sequencer needs to continue a log: its size and the right edge of its tree.
struct TreeState {
  std::uint64_t size = 0;
  std::vector<Hash> edge;  // CompactRange::edge(): popcount(size) hashes

  friend bool operator==(const TreeState&, const TreeState&) = default;
};

struct HashTileWrite {
  int level = 0;
  std::uint64_t index = 0;
  Bytes data;  // the tile's whole current content: width * 32 bytes
};

// One sequenced batch: the entries appended at indices first_index.., the hash tiles they touched
// and the tree state after them.
struct LogBatch {
  std::uint64_t first_index = 0;
  std::vector<Bytes> entries;
  std::vector<HashTileWrite> tiles;
  TreeState new_state;
};

class LogStore {
 public:
  virtual ~LogStore() = default;

  // The committed tree state; {0, {}} for a new log. Thread-safe, as is every method.
  virtual Result<TreeState> ReadTreeState() = 0;

  // Atomically: if the committed size equals batch.first_index, writes the entries, the tiles and
  // the new state, durably, and returns OK. Otherwise writes nothing and returns kAborted (another
  // sequencer moved the log: this compare-and-swap is what makes forks impossible). Any other
  // error also means nothing was written.
  virtual Status CommitBatch(const LogBatch& batch) = 0;

  // A hash tile's content as last written (any width); kNotFound if it was never written.
  virtual Result<Bytes> ReadHashTile(int level, std::uint64_t index) = 0;

  // Entries [first, first + count); kOutOfRange if that passes the committed size.
  virtual Result<std::vector<Bytes>> ReadEntries(std::uint64_t first, std::uint64_t count) = 0;

  // The latest signed checkpoint note and its tree size. Writing one for a smaller size than the
  // stored one is ignored (checkpoints never move backwards). kNotFound before the first.
  virtual Status WriteCheckpoint(std::uint64_t size, std::string_view note) = 0;
  virtual Result<std::string> ReadCheckpoint() = 0;
};

// Everything in memory, guarded by one mutex. For tests and tools; not durable.
class MemoryLogStore final : public LogStore {
 public:
  Result<TreeState> ReadTreeState() override;
  Status CommitBatch(const LogBatch& batch) override;
  Result<Bytes> ReadHashTile(int level, std::uint64_t index) override;
  Result<std::vector<Bytes>> ReadEntries(std::uint64_t first, std::uint64_t count) override;
  Status WriteCheckpoint(std::uint64_t size, std::string_view note) override;
  Result<std::string> ReadCheckpoint() override;

 private:
  std::mutex mu_;
  TreeState state_;
  std::vector<Bytes> entries_;
  std::vector<std::vector<Bytes>> tiles_;  // [level][index]; empty Bytes: never written
  std::uint64_t checkpoint_size_ = 0;
  std::string checkpoint_;
};

// Wraps a store and injects failures on command, to test what callers do when storage fails.
class FaultyLogStore final : public LogStore {
 public:
  explicit FaultyLogStore(LogStore& inner) : inner_(inner) {}

  // The next `n` commits fail with `error` and write nothing.
  void FailCommits(int n, Status error);
  // The next `n` commits are applied to the inner store but reported as failed (an ambiguous
  // outcome, like a lost acknowledgement after a durable write).
  void FailCommitsAfterApplying(int n);
  // While set, every read fails with kUnavailable.
  void FailReads(bool fail);

  Result<TreeState> ReadTreeState() override;
  Status CommitBatch(const LogBatch& batch) override;
  Result<Bytes> ReadHashTile(int level, std::uint64_t index) override;
  Result<std::vector<Bytes>> ReadEntries(std::uint64_t first, std::uint64_t count) override;
  Status WriteCheckpoint(std::uint64_t size, std::string_view note) override;
  Result<std::string> ReadCheckpoint() override;

 private:
  LogStore& inner_;
  std::mutex mu_;
  int fail_commits_ = 0;
  Status fail_error_;
  int fail_after_apply_ = 0;
  bool fail_reads_ = false;
};

// Checks that `data` is a valid encoding of a tree state edge for `size` and decodes it.
Result<std::vector<Hash>> DecodeEdge(std::uint64_t size, ByteView data);
Bytes EncodeEdge(const std::vector<Hash>& edge);

}  // namespace veche::ledger
