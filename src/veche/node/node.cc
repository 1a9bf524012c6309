// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/node/node.h"

#include <filesystem>
#include <future>

#include "veche/ledger/checkpoint.h"
#include "veche/node/data_dir.h"

namespace veche::node {

void ParallelFor(size_t n, const std::function<void(size_t)>& work) {
  auto run = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) work(i);
  };
  constexpr size_t kWorthASecondThread = 16;  // below it, starting a thread costs more than it saves
  if (n < kWorthASecondThread) return run(0, n);
  std::future<void> other = std::async(std::launch::async, run, n / 2, n);
  run(0, n / 2);
  other.get();
}

DecodedRecords DecodeAhead(size_t n, const std::function<Result<core::Record>(size_t)>& decode,
                           const core::AheadSnapshot& ahead) {
  DecodedRecords out{std::vector<Result<core::Record>>(n, InternalError("not decoded")),
                     std::vector<core::Prechecked>(n)};
  ParallelFor(n, [&](size_t i) {
    out.records[i] = decode(i);
    if (out.records[i].ok()) out.prechecked[i] = core::CheckAhead(ahead, *out.records[i]);
  });
  return out;
}

Status ApplyEntries(core::State& state, std::uint64_t first, std::span<const ByteView> entries) {
  const DecodedRecords decoded = DecodeAhead(
      entries.size(), [&](size_t i) { return core::DecodeEntry(entries[i]); }, core::ChecksAheadSnapshot(state));
  for (size_t i = 0; i < entries.size(); ++i) {
    const Result<core::Record>& record = decoded.records[i];
    Status s = record.ok() ? core::Apply(state, *record, decoded.prechecked[i]) : record.error();
    if (!s.ok()) return s.WithContext("log entry " + std::to_string(first + i) + " does not replay");
  }
  return OkStatus();
}

Status CheckGenesisKey(const core::State& state, const crypto::PublicKey& log_key) {
  if (!state.has_genesis) return DataLossError("the log has no genesis record (re-create it with veche init)");
  if (!Equal(state.node_key, log_key.bytes())) {
    return DataLossError("the log's genesis names another node key than the key that signs its checkpoints");
  }
  return OkStatus();
}

Status ReplayInto(core::State& state, ledger::LogStore& store, std::uint64_t first, std::uint64_t end,
                  const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  // A pipeline: while this thread applies one chunk in order, the next is read and its signatures
  // and ballot proofs verified (on two threads) in the background, so the cores never wait for the
  // serial part. The next chunk's proofs are checked against the elections open before the chunk
  // being applied; a ballot of an election opened there is checked again by Apply.
  static constexpr std::uint64_t kChunk = 4096;
  using Decoded = Result<DecodedRecords>;
  auto read_and_verify = [&store, end](std::uint64_t at, const core::AheadSnapshot& ahead) -> Decoded {
    VECHE_ASSIGN_OR_RETURN(std::vector<Bytes> entries, store.ReadEntries(at, std::min(kChunk, end - at)));
    return DecodeAhead(
        entries.size(), [&](size_t i) { return core::DecodeEntry(entries[i]); }, ahead);
  };
  if (first >= end) return OkStatus();
  std::future<Decoded> next = std::async(std::launch::async, read_and_verify, first, core::ChecksAheadSnapshot(state));
  for (std::uint64_t at = first; at < end; at += kChunk) {
    Decoded chunk = next.get();
    if (at + kChunk < end) {
      next = std::async(std::launch::async, read_and_verify, at + kChunk, core::ChecksAheadSnapshot(state));
    }
    if (!chunk.ok()) return chunk.error();
    for (size_t i = 0; i < chunk->records.size(); ++i) {
      const Result<core::Record>& record = chunk->records[i];
      Status s = record.ok() ? core::Apply(state, *record, chunk->prechecked[i]) : record.error();
      if (!s.ok()) return DataLossError("log entry " + std::to_string(at + i) + " does not replay: " + s.message());
    }
    if (progress) progress(std::min(at + kChunk, end), end);
  }
  return OkStatus();
}

Result<core::State> ReplayStore(ledger::LogStore& store, std::uint64_t size,
                                const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  core::State state;
  VECHE_RETURN_IF_ERROR(ReplayInto(state, store, 0, size, progress));
  return state;
}

namespace {

// The root of the log's first `size` entries, from its stored tiles.
Result<ledger::Hash> RootAt(ledger::LogStore& store, std::uint64_t size) {
  if (size == 0) return ledger::EmptyRoot();
  ledger::StoreHashReader reader(store);
  return ledger::RangeHash(0, size, reader.AsFunction());
}

}  // namespace

Result<DataDirReplay> ReplayDataDir(const std::string& dir, const store::StoresOpener& open_stores,
                                    const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  // The key first: an uninitialised directory gets the hint, and no empty log.db is created.
  VECHE_ASSIGN_OR_RETURN(ledger::NoteSigner signer, ReadLogKey(dir));
  VECHE_ASSIGN_OR_RETURN(store::Stores stores, open_stores(dir));
  ledger::LogStore* log = stores.log.get();
  VECHE_ASSIGN_OR_RETURN(ledger::TreeState tree, log->ReadTreeState());
  DataDirReplay out;
  VECHE_ASSIGN_OR_RETURN(out.state, ReplayStore(*log, tree.size, progress));
  VECHE_RETURN_IF_ERROR(CheckGenesisKey(out.state, signer.signing_key().public_key()));
  out.log_size = tree.size;
  VECHE_ASSIGN_OR_RETURN(out.log_root, RootAt(*log, tree.size));
  return out;
}

Result<store::StateSnapshot> RebuildStateTables(const std::string& dir, const store::StoresOpener& open_stores) {
  VECHE_ASSIGN_OR_RETURN(DataDirReplay replay, ReplayDataDir(dir, open_stores));
  VECHE_ASSIGN_OR_RETURN(store::Stores stores, open_stores(dir));
  VECHE_RETURN_IF_ERROR(stores.state->Save(replay.state, replay.log_size, replay.log_root));
  store::StateSnapshot out;
  out.log_size = replay.log_size;
  out.log_root = replay.log_root;
  out.digest = replay.state.Digest();
  out.state = std::move(replay.state);
  return out;
}

Result<std::unique_ptr<Node>> Node::Open(const std::string& dir, const Clock& clock,
                                         const store::StoresOpener& open_stores, NodeOptions options) {
  VECHE_ASSIGN_OR_RETURN(ledger::NoteSigner signer, ReadLogKey(dir));
  std::unique_ptr<Node> node(new Node(clock, std::move(options)));
  node->verifier_key_ = signer.Verifier().ToString();
  VECHE_ASSIGN_OR_RETURN(crypto::SigningKey node_key, crypto::SigningKey::FromSeed(signer.signing_key().seed()));
  node->node_key_.emplace(std::move(node_key));
  VECHE_ASSIGN_OR_RETURN(store::Stores stores, open_stores(dir));
  node->store_ = std::move(stores.log);
  node->state_tables_ = std::move(stores.state);
  VECHE_RETURN_IF_ERROR(node->RebuildState());
  VECHE_RETURN_IF_ERROR(CheckGenesisKey(node->state_, signer.signing_key().public_key()));
  node->log_id_ = node->state_.log_id;
  ledger::SequencerOptions log_options;
  log_options.read_only = node->options_.read_only;
  log_options.read_only_reason = node->options_.read_only_reason;
  VECHE_ASSIGN_OR_RETURN(node->sequencer_, ledger::Sequencer::Start(*node->store_, std::move(signer), log_options));
  return node;
}

Node::~Node() {
  sequencer_.reset();
  // Save the fold so the next start replays nothing. Skipped when a storage failure may have left
  // the state ahead of the log (and when read-only, or when Open failed before the stores were
  // open); a failed save only costs the next start a replay.
  if (failed_ || options_.read_only || !store_ || !state_tables_) return;
  Result<ledger::TreeState> tree = store_->ReadTreeState();
  if (!tree.ok() || tree->size != state_.records) return;
  Result<ledger::Hash> root = RootAt(*store_, tree->size);
  if (root.ok()) state_tables_->Save(state_, tree->size, *root).IgnoreError();
}

Status Node::RebuildState() {
  VECHE_ASSIGN_OR_RETURN(ledger::TreeState tree, store_->ReadTreeState());
  core::State state;
  std::uint64_t from = 0;
  // The state tables are only a cache: used when they are of this log (same root at their size)
  // and reproduce their own digest; anything else means a full replay.
  Result<std::optional<store::StateSnapshot>> snapshot = state_tables_->Load();
  if (snapshot.ok() && snapshot->has_value() && (*snapshot)->log_size <= tree.size &&
      (*snapshot)->state.records == (*snapshot)->log_size) {
    Result<ledger::Hash> root = RootAt(*store_, (*snapshot)->log_size);
    if (root.ok() && *root == (*snapshot)->log_root) {
      state = std::move((*snapshot)->state);
      from = (*snapshot)->log_size;
    }
  }
  VECHE_RETURN_IF_ERROR(ReplayInto(state, *store_, from, tree.size));
  replayed_at_open_ = tree.size - from;
  std::unique_lock lock(state_mu_);
  state_ = std::move(state);
  return OkStatus();
}

Result<Receipt> Node::Submit(ByteView bytes) {
  return std::move(SubmitBatch(std::span(&bytes, 1))[0]);
}

namespace {

// The answers of one SubmitBatchAsync, gathered from the caller's thread and the sequencer's; the
// last one in calls `done`.
struct Answers {
  explicit Answers(size_t n, Node::Sequenced when_all_in)
      : receipts(n, InternalError("not submitted")), outstanding(n), done(std::move(when_all_in)) {}
  void Give(size_t i, Result<Receipt> r) {
    receipts[i] = std::move(r);  // each slot is written once, before the count that publishes it
    if (outstanding.fetch_sub(1, std::memory_order_acq_rel) == 1) done(std::move(receipts));
  }
  std::vector<Result<Receipt>> receipts;
  std::atomic<size_t> outstanding;
  Node::Sequenced done;
};

}  // namespace

void Node::SubmitBatchAsync(std::span<const ByteView> batch, Sequenced sequenced) {
  if (batch.empty()) return sequenced({});
  auto answers = std::make_shared<Answers>(batch.size(), std::move(sequenced));
  if (Status refused = RefusalOfRecords(); !refused.ok()) {
    for (size_t i = 0; i < batch.size(); ++i) answers->Give(i, refused);
    return;
  }
  // Signatures and ballot proofs: the costly checks, made outside the exclusive lock.
  core::AheadSnapshot ahead;
  {
    std::shared_lock read(state_mu_);
    ahead = core::ChecksAheadSnapshot(state_);
  }
  DecodedRecords decoded = DecodeAhead(
      batch.size(), [&](size_t i) { return core::DecodeRecord(batch[i]); }, ahead);

  // Answers known before sequencing (refusals, duplicates) are given after the lock is released.
  std::vector<std::pair<size_t, Result<Receipt>>> known;
  {
    // One lock orders validate + apply + queue, so the log order is the apply order.
    std::lock_guard ingest(ingest_mu_);
    std::unique_lock write(state_mu_);
    for (size_t i = 0; i < batch.size(); ++i) {
      const Result<core::Record>& record = decoded.records[i];
      if (!record.ok()) {
        known.emplace_back(i, record.error());
        continue;
      }
      if (record->kind == core::RecordKind::kGenesis) {
        known.emplace_back(i, PermissionDeniedError("a genesis record is written by veche init, never submitted"));
        continue;
      }
      Receipt receipt;
      receipt.record_id = record->Id();
      if (auto it = state_.applied.find(receipt.record_id); it != state_.applied.end()) {
        receipt.index = it->second;  // the original receipt of a duplicate
        receipt.duplicate = true;
        known.emplace_back(i, std::move(receipt));
        continue;
      }
      const UnixMicros now = clock_.Now();  // the entry's node time, checked against the author's
      if (Status timely = core::CheckAuthorTime(record->author_time, now); !timely.ok()) {
        known.emplace_back(i, timely);
        continue;
      }
      const std::uint64_t expected = state_.records;
      if (Status applied = core::Apply(state_, *record, decoded.prechecked[i]); !applied.ok()) {
        known.emplace_back(i, applied);
        continue;
      }
      auto on_sequenced = [this, i, expected, receipt, answers](Result<std::uint64_t> index) mutable {
        if (!index.ok() || *index != expected) {
          // The state took a record the log did not (or not there). Rebuilding here would race with
          // records in flight, so stop taking records; a restart folds the log again.
          failed_ = true;
          return answers->Give(
              i,
              !index.ok()
                  ? index.error().WithContext("not appended; the node stops accepting records until restarted")
                  : InternalError("the log placed the record at " + std::to_string(*index) + ", the state expected " +
                                  std::to_string(expected) + "; the node stops accepting records until restarted"));
        }
        receipt.index = *index;
        answers->Give(i, std::move(receipt));
      };
      sequencer_->Append(core::LogEntry{now, Bytes(batch[i].begin(), batch[i].end())}.Encode(),
                         std::move(on_sequenced));
    }
  }
  for (auto& [i, result] : known) answers->Give(i, std::move(result));
}

std::vector<Result<Receipt>> Node::SubmitBatch(std::span<const ByteView> batch) {
  std::promise<std::vector<Result<Receipt>>> sequenced;
  std::future<std::vector<Result<Receipt>>> ready = sequenced.get_future();
  SubmitBatchAsync(batch, [&sequenced](std::vector<Result<Receipt>> r) { sequenced.set_value(std::move(r)); });
  std::vector<Result<Receipt>> out = ready.get();
  Prove(out);
  return out;
}

void Node::Prove(std::vector<Result<Receipt>>& receipts) {
  // Every receipt is proved against one checkpoint, read after the last append was acknowledged
  // (so it covers them all); the proofs are built on two threads for a large batch.
  Result<ProofBase> base = CurrentProofBase();
  ParallelFor(receipts.size(), [&](size_t i) {
    if (!receipts[i].ok()) return;
    receipts[i] = base.ok() ? WithProof(std::move(*receipts[i]), *base) : Result<Receipt>(base.error());
  });
}

Status Node::RefusalOfRecords() const {
  if (options_.read_only) {
    return UnavailableError("this node is read-only (" + options_.read_only_reason +
                            "); it serves reads; records are taken again once it is restarted with room to write");
  }
  if (failed_) {
    return UnavailableError(
        "this node stopped accepting records after a storage failure (a full disk, say); it still serves reads; fix "
        "the storage and restart it");
  }
  return OkStatus();
}

Result<Receipt> Node::Tick() {
  VECHE_RETURN_IF_ERROR(RefusalOfRecords());
  UnixMicros now = clock_.Now();
  if (UnixMicros last = ReadState([](const core::State& st) { return st.clock; }); now <= last) {
    return FailedPreconditionError("the clock has not moved past the last clock record");
  }
  VECHE_ASSIGN_OR_RETURN(core::Record record,
                         core::SignRecord(log_id_, core::RecordKind::kClock,
                                          core::EncodePayload(core::ClockPayload{now}), now, *node_key_));
  VECHE_ASSIGN_OR_RETURN(Receipt receipt, Submit(record.Encode()));
  VECHE_RETURN_IF_ERROR(AppendDueRecords(now));
  return receipt;
}

Status Node::AppendDueRecords(UnixMicros now) {
  // Closing a session makes its results due, and results make openings due, so settle in rounds;
  // each round's records are valid in order (core::DueRecords). Records from clients may land
  // between computing a round and submitting it and change what is due (a measure tabled turns a
  // due extraordinary session into a regular one): a due record refused as contradicting the
  // state ends the round, and the next round recomputes.
  constexpr int kRounds = 8;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<core::DueRecord> due = ReadState([](const core::State& st) { return core::DueRecords(st); });
    if (due.empty()) return OkStatus();
    for (core::DueRecord& d : due) {
      VECHE_ASSIGN_OR_RETURN(core::Record record,
                             core::SignRecord(log_id_, d.kind, std::move(d.payload), now, *node_key_));
      Result<Receipt> appended = Submit(record.Encode());
      if (appended.ok()) continue;
      if (appended.error().code() == StatusCode::kFailedPrecondition) break;
      return appended.error().WithContext(std::string(core::RecordKindName(d.kind)));
    }
  }
  return InternalError("records due at the clock did not settle in " + std::to_string(kRounds) + " rounds");
}

Result<Receipt> Node::ReceiptFor(const core::RecordId& id) {
  Receipt receipt;
  receipt.record_id = id;
  {
    std::shared_lock read(state_mu_);
    auto it = state_.applied.find(id);
    if (it == state_.applied.end()) return NotFoundError("no such record in the log");
    receipt.index = it->second;
  }
  VECHE_ASSIGN_OR_RETURN(ProofBase base, CurrentProofBase());
  return WithProof(std::move(receipt), base);
}

Result<Node::ProofBase> Node::CurrentProofBase() const {
  ProofBase base;
  base.note = sequencer_->checkpoint();
  VECHE_ASSIGN_OR_RETURN(ledger::Note note, ledger::ParseNote(base.note));
  VECHE_ASSIGN_OR_RETURN(ledger::Checkpoint cp, ledger::ParseCheckpoint(note.text));
  base.size = cp.size;
  return base;
}

Result<Receipt> Node::WithProof(Receipt receipt, const ProofBase& base) {
  receipt.checkpoint = base.note;
  receipt.tree_size = base.size;
  if (receipt.index >= base.size) {
    // Still in flight (a duplicate of a record being sequenced): no proof yet.
    return receipt;
  }
  ledger::StoreHashReader reader(*store_, &tiles_);
  VECHE_ASSIGN_OR_RETURN(receipt.inclusion_proof,
                         ledger::InclusionProof(receipt.index, base.size, reader.AsFunction()));
  return receipt;
}

StateSummary Node::Summary() const {
  std::shared_lock read(state_mu_);
  StateSummary summary;
  summary.records = state_.records;
  summary.sections = state_.SectionDigests();
  summary.digest = core::State::CombineSections(summary.sections);
  return summary;
}

}  // namespace veche::node
