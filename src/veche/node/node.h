// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// A running node: its log (store + sequencer) and the state folded from it. The submit path is
//   decode + verify signature (in parallel, outside any lock)
//   -> validate against the state and apply, then queue for sequencing (one lock, so log order
//      is apply order) -> wait until durable and covered by a signed checkpoint -> receipt.
// If sequencing fails after the state took the record, state and log may disagree: the node then
// refuses further records (kUnavailable) until restarted, when it folds the log again. Reads go on.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include "veche/base/clock.h"
#include "veche/core/apply.h"
#include "veche/core/legislation/due.h"
#include "veche/core/legislation/rules.h"
#include "veche/ledger/log_reader.h"
#include "veche/ledger/sequencer.h"
#include "veche/store/stores.h"

namespace veche::node {

struct Receipt {
  std::uint64_t index = 0;
  core::RecordId record_id{};
  bool duplicate = false;  // the record was already in the log; this is its original receipt
  // The signed checkpoint the proof is for, and the RFC 9162 inclusion proof of the log entry.
  std::string checkpoint;
  std::uint64_t tree_size = 0;
  std::vector<ledger::Hash> inclusion_proof;
};

struct StateSummary {
  std::uint64_t records = 0;
  crypto::Sha256Digest digest{};
  std::vector<std::pair<std::string, crypto::Sha256Digest>> sections;
};

struct NodeOptions {
  // Serve reads only, writing nothing to the data directory (a full disk): open it with a
  // read-only StoresOpener (store::OpenSqliteStoresReadOnly). Submissions and clock records are
  // refused with kUnavailable naming `read_only_reason`; the state is not saved at exit.
  bool read_only = false;
  std::string read_only_reason = "started read-only";
};

class Node {
 public:
  // Opens DIR: reads the log key, opens the stores with `open_stores` (the binary's choice:
  // store::OpenSqliteStores by default), replays every entry (re-verifying every signature) into
  // the state, and starts the sequencer. kDataLoss if the log does not replay. The state comes from
  // the state store when it holds a snapshot of this log that reproduces its digest; only the
  // records after it are replayed. Otherwise from all records.
  static Result<std::unique_ptr<Node>> Open(const std::string& dir, const Clock& clock,
                                            const store::StoresOpener& open_stores, NodeOptions options = {});
  // Stops the sequencer and saves the state tables (unless a storage failure left the state ahead
  // of the log), so the next start replays nothing.
  ~Node();

  bool read_only() const { return options_.read_only; }
  const std::string& read_only_reason() const { return options_.read_only_reason; }

  // How many records the last Open replayed (the rest came from the state tables).
  std::uint64_t replayed_at_open() const { return replayed_at_open_; }

  // Submits one encoded record (see docs/formats/record.md). Errors name the problem:
  // kInvalidArgument (malformed), kUnauthenticated (signature), kPermissionDenied (author may not),
  // kFailedPrecondition (contradicts the state), or a storage error. A record already in the log
  // gets its original receipt with duplicate = true and is not appended again.
  Result<Receipt> Submit(ByteView record);
  // Submits many records at once, as Submit does each, in order: their signatures are verified on
  // two threads, they are validated and applied under one lock (so a record may depend on an
  // earlier one of the batch), sequenced together, and proved against one checkpoint. One result
  // per record, in input order; a refused record does not stop the others.
  std::vector<Result<Receipt>> SubmitBatch(std::span<const ByteView> records);
  // SubmitBatch without waiting for the log, so that a server can wait for many submissions at once
  // without a thread for each. The records are checked and applied on the calling thread; then
  // `sequenced` is called once with one result per record, in input order, when every accepted
  // record is durable and covered by a signed checkpoint. The receipts carry no inclusion proof
  // yet (Prove adds it). `sequenced` runs on the thread that gives the last answer: the
  // sequencer's, or the caller's before SubmitBatchAsync returns (always so when no record needed
  // the log). On the sequencer's it delays the log's next batch, so it should only hand the
  // results on.
  using Sequenced = std::function<void(std::vector<Result<Receipt>>)>;
  void SubmitBatchAsync(std::span<const ByteView> records, Sequenced sequenced);
  // Adds to every receipt in `receipts` its inclusion proof against the current checkpoint (none for
  // a duplicate of a record still being sequenced, which the checkpoint does not cover yet).
  void Prove(std::vector<Result<Receipt>>& receipts);
  // Appends a clock record signed by the node key, moving the state's clock to the clock's now
  // (so deadlines replay from records, never from an observer's wall clock), then every record
  // that time makes due (core::DueRecords: sessions closing, their results, sessions opening).
  // Returns the clock record's receipt. kFailedPrecondition if the clock has not moved past the
  // state's.
  Result<Receipt> Tick();

  // The receipt of a record in the log, with a proof against the current checkpoint.
  Result<Receipt> ReceiptFor(const core::RecordId& id);

  StateSummary Summary() const;
  // Runs `read` on the state under a shared lock.
  template <typename F>
  auto ReadState(F&& read) const {
    std::shared_lock lock(state_mu_);
    return read(state_);
  }

  ledger::LogStore& store() { return *store_; }
  ledger::Sequencer& sequencer() { return *sequencer_; }
  const std::string& verifier_key() const { return verifier_key_; }
  // The log's id (its genesis record's id), which every record submitted here must name.
  const core::LogId& log_id() const { return log_id_; }

 private:
  Node(const Clock& clock, NodeOptions options) : clock_(clock), options_(std::move(options)) {}
  Status RebuildState();
  // Why no record can be taken now (read-only, or a storage failure), or OK.
  Status RefusalOfRecords() const;
  Status AppendDueRecords(UnixMicros now);
  std::atomic<bool> failed_{false};
  struct ProofBase {  // the checkpoint receipts are proved against
    std::string note;
    std::uint64_t size = 0;
  };
  Result<ProofBase> CurrentProofBase() const;
  Result<Receipt> WithProof(Receipt receipt, const ProofBase& base);

  const Clock& clock_;
  NodeOptions options_;
  std::optional<crypto::SigningKey> node_key_;  // signs clock records (the same key as the log's)
  std::unique_ptr<ledger::LogStore> store_;
  std::unique_ptr<store::StateStore> state_tables_;
  std::uint64_t replayed_at_open_ = 0;
  std::unique_ptr<ledger::Sequencer> sequencer_;
  std::string verifier_key_;
  core::LogId log_id_{};
  ledger::TileCache tiles_;
  std::mutex ingest_mu_;                // orders validate+apply+queue
  mutable std::shared_mutex state_mu_;  // guards state_ for readers
  core::State state_;
};

// Runs work(0..n-1), split over two threads when n is large enough to be worth it. `work` must be
// safe to call concurrently for different indices.
void ParallelFor(size_t n, const std::function<void(size_t)>& work);

// Records decoded and checked ahead of Apply on two threads: `decode(i)` verifies the signature,
// then core::CheckAhead checks what `ahead` allows (ballot proofs). Apply records[i] with
// prechecked[i].
struct DecodedRecords {
  std::vector<Result<core::Record>> records;
  std::vector<core::Prechecked> prechecked;
};
DecodedRecords DecodeAhead(size_t n, const std::function<Result<core::Record>(size_t)>& decode,
                           const core::AheadSnapshot& ahead);

// Applies consecutive log entries (the first at index `first`) to `state`: signatures (and ballot
// proofs) are verified on two threads, then the records are applied in order. On error, names the entry's index;
// entries before it have been applied.
Status ApplyEntries(core::State& state, std::uint64_t first, std::span<const ByteView> entries);

// OK if `state` began with a genesis whose node key is `log_key` (the key that signs the log's
// checkpoints): a log whose records name another node is not this log. kDataLoss otherwise.
Status CheckGenesisKey(const core::State& state, const crypto::PublicKey& log_key);

// Replays entries [first, end) of `store` into `state` (verifying every signature), reading in
// chunks; `progress` (may be empty) is called after each chunk with (done, end).
Status ReplayInto(core::State& state, ledger::LogStore& store, std::uint64_t first, std::uint64_t end,
                  const std::function<void(std::uint64_t, std::uint64_t)>& progress = nullptr);
// ReplayInto an empty state from entry 0.
Result<core::State> ReplayStore(ledger::LogStore& store, std::uint64_t size,
                                const std::function<void(std::uint64_t, std::uint64_t)>& progress = nullptr);

// Folds the whole log of DIR from an empty state (every signature re-verified) and checks that it
// begins with a genesis by the log's own key. The missing-key error carries the `veche init` hint.
struct DataDirReplay {
  core::State state;
  std::uint64_t log_size = 0;
  ledger::Hash log_root{};
};
Result<DataDirReplay> ReplayDataDir(const std::string& dir, const store::StoresOpener& open_stores,
                                    const std::function<void(std::uint64_t, std::uint64_t)>& progress = nullptr);

// Re-folds the whole log of DIR (no node may be running on it) and replaces its state tables.
Result<store::StateSnapshot> RebuildStateTables(const std::string& dir, const store::StoresOpener& open_stores);

}  // namespace veche::node
