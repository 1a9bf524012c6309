// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The sequencer: the one writer of a log. Appenders queue entries; a commit thread takes
// whatever queued up while the previous commit was in flight (bounded by count and bytes) as one
// batch, so a lone append commits at once and load grows batches rather than latency. Each batch
// is one atomic LogStore::CommitBatch (entries, tiles, tree state; compare-and-swap on the size);
// only after it is durable is the checkpoint signed, and only then are appenders acknowledged.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "veche/base/result.h"
#include "veche/ledger/log_store.h"
#include "veche/ledger/merkle.h"
#include "veche/ledger/note.h"

namespace veche::ledger {

struct SequencerOptions {
  size_t max_batch_entries = 4096;
  size_t max_batch_bytes = 8 * 1024 * 1024;
  size_t max_queued_entries = 1 << 20;  // beyond it Append fails fast with kResourceExhausted
  // Serve the stored log without writing to the store (a node on a full disk): no commit thread
  // starts, a missing or stale checkpoint is signed in memory only, and Append fails with
  // kUnavailable, naming `read_only_reason`.
  bool read_only = false;
  std::string read_only_reason;
};

struct SequencerStats {
  std::uint64_t batches = 0;
  std::uint64_t entries = 0;
  std::uint64_t largest_batch = 0;
};

class Sequencer {
 public:
  // Loads the log's state from `store` (which must outlive the sequencer), signs a checkpoint if
  // the stored one is missing or behind, stores it (so a store that cannot be written fails here),
  // and starts the commit thread. The checkpoint origin is
  // the signer's name.
  static Result<std::unique_ptr<Sequencer>> Start(LogStore& store, NoteSigner signer, SequencerOptions options = {});

  // Stops the commit thread after the batch in flight; entries still queued fail with kCancelled.
  ~Sequencer();
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  // Called once with an entry's index when it is durable and covered by a signed checkpoint, or
  // with the error that prevented it. It runs on the commit thread (or on the appender's, before
  // Append returns, for an entry refused at once) and delays the next batch while it runs: keep it
  // short and hand longer work to another thread.
  using Done = std::function<void(Result<std::uint64_t>)>;

  // Queues an entry (at most 65535 bytes, the tile format's limit); `done` reports its fate.
  void Append(Bytes entry, Done done);
  // The same, waited for through a future.
  std::future<Result<std::uint64_t>> Append(Bytes entry);

  // The latest signed checkpoint note.
  std::string checkpoint() const;
  std::uint64_t size() const;
  SequencerStats stats() const;

 private:
  struct Pending {
    Bytes entry;
    Done done;
  };
  // The rightmost (partial) hash tile of each tile level: index and content.
  struct EdgeTile {
    std::uint64_t index = 0;
    Bytes data;
  };

  Sequencer(LogStore& store, NoteSigner signer, SequencerOptions options);
  Status Load();
  // Signs a checkpoint of the loaded range; stores it unless read-only.
  Status SignCheckpoint();
  void Run();
  // Commits one batch; returns the index of its first entry.
  Result<std::uint64_t> CommitOne(const std::vector<Pending>& batch);
  // After a failed commit: reloads the committed state and either retries, acknowledges a batch
  // that did land, or fails it because another writer moved the log. "Did land" is judged by the
  // entries' bytes at the batch's indices; byte-identical entries appended there by another
  // writer would be taken as ours, which is harmless for entries that carry their own signature.
  Result<std::uint64_t> Recover(const std::vector<Pending>& batch, const Status& error);

  LogStore& store_;
  NoteSigner signer_;
  SequencerOptions options_;

  // Owned by the commit thread (and Load before it starts).
  CompactRange range_;
  std::map<int, EdgeTile> edge_tiles_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::string checkpoint_;
  std::uint64_t size_ = 0;
  SequencerStats stats_;
  std::thread thread_;
};

}  // namespace veche::ledger
