#include "veche/node/node.h"

#include <filesystem>
#include <future>

#include "veche/ledger/checkpoint.h"
#include "veche/node/data_dir.h"

namespace veche::node {

Status ApplyEntries(core::State& state, std::uint64_t first, std::span<const ByteView> entries) {
  // Decoding verifies the signature: the costly, stateless part, split over two threads.
  std::vector<Result<core::Record>> records(entries.size(), InternalError("not decoded"));
  auto decode = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) records[i] = core::DecodeEntry(entries[i]);
  };
  std::future<void> other = std::async(std::launch::async, decode, entries.size() / 2, entries.size());
  decode(0, entries.size() / 2);
  other.get();
  for (size_t i = 0; i < entries.size(); ++i) {
    Status s = records[i].ok() ? core::Apply(state, *records[i]) : records[i].error();
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
  constexpr std::uint64_t kChunk = 4096;
  for (std::uint64_t at = first; at < end; at += kChunk) {
    std::uint64_t count = std::min(kChunk, end - at);
    VECHE_ASSIGN_OR_RETURN(std::vector<Bytes> entries, store.ReadEntries(at, count));
    std::vector<ByteView> views(entries.begin(), entries.end());
    Status s = ApplyEntries(state, at, views);
    if (!s.ok()) return DataLossError(s.message());
    if (progress) progress(at + count, end);
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

std::string StateDbPath(const std::string& dir) {
  return (std::filesystem::path(dir) / "state.db").string();
}

// The root of the log's first `size` entries, from its stored tiles.
Result<ledger::Hash> RootAt(ledger::LogStore& store, std::uint64_t size) {
  if (size == 0) return ledger::EmptyRoot();
  ledger::StoreHashReader reader(store);
  return ledger::RangeHash(0, size, reader.AsFunction());
}

}  // namespace

Result<DataDirReplay> ReplayDataDir(const std::string& dir,
                                    const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  // The key first: an uninitialised directory gets the hint, and no empty log.db is created.
  VECHE_ASSIGN_OR_RETURN(ledger::NoteSigner signer, ReadLogKey(dir));
  VECHE_ASSIGN_OR_RETURN(auto log, store::SqliteLogStore::Open(LogDbPath(dir)));
  VECHE_ASSIGN_OR_RETURN(ledger::TreeState tree, log->ReadTreeState());
  DataDirReplay out;
  VECHE_ASSIGN_OR_RETURN(out.state, ReplayStore(*log, tree.size, progress));
  VECHE_RETURN_IF_ERROR(CheckGenesisKey(out.state, signer.signing_key().public_key()));
  out.log_size = tree.size;
  VECHE_ASSIGN_OR_RETURN(out.log_root, RootAt(*log, tree.size));
  return out;
}

Result<store::StateSnapshot> RebuildStateTables(const std::string& dir) {
  VECHE_ASSIGN_OR_RETURN(DataDirReplay replay, ReplayDataDir(dir));
  VECHE_ASSIGN_OR_RETURN(auto tables, store::SqliteStateStore::Open(StateDbPath(dir)));
  VECHE_RETURN_IF_ERROR(tables->Save(replay.state, replay.log_size, replay.log_root));
  store::StateSnapshot out;
  out.log_size = replay.log_size;
  out.log_root = replay.log_root;
  out.digest = replay.state.Digest();
  out.state = std::move(replay.state);
  return out;
}

Result<std::unique_ptr<Node>> Node::Open(const std::string& dir, const Clock& clock) {
  VECHE_ASSIGN_OR_RETURN(ledger::NoteSigner signer, ReadLogKey(dir));
  std::unique_ptr<Node> node(new Node(clock));
  node->verifier_key_ = signer.Verifier().ToString();
  VECHE_ASSIGN_OR_RETURN(crypto::SigningKey node_key, crypto::SigningKey::FromSeed(signer.signing_key().seed()));
  node->node_key_.emplace(std::move(node_key));
  VECHE_ASSIGN_OR_RETURN(node->store_, store::SqliteLogStore::Open(LogDbPath(dir)));
  VECHE_ASSIGN_OR_RETURN(node->state_tables_, store::SqliteStateStore::Open(StateDbPath(dir)));
  VECHE_RETURN_IF_ERROR(node->RebuildState());
  VECHE_RETURN_IF_ERROR(CheckGenesisKey(node->state_, signer.signing_key().public_key()));
  VECHE_ASSIGN_OR_RETURN(node->sequencer_, ledger::Sequencer::Start(*node->store_, std::move(signer)));
  return node;
}

Node::~Node() {
  sequencer_.reset();
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
  if (failed_) return UnavailableError("this node stopped accepting records after a storage failure; restart it");
  VECHE_ASSIGN_OR_RETURN(core::Record record, core::DecodeRecord(bytes));
  if (record.kind == core::RecordKind::kGenesis) {
    return PermissionDeniedError("a genesis record is written by veche init, never submitted");
  }
  core::RecordId id = record.Id();
  std::future<Result<std::uint64_t>> done;
  std::uint64_t expected = 0;
  std::optional<Receipt> duplicate;
  {
    std::lock_guard ingest(ingest_mu_);
    {
      std::shared_lock read(state_mu_);
      if (auto it = state_.applied.find(id); it != state_.applied.end()) {
        duplicate.emplace();
        duplicate->index = it->second;
        duplicate->record_id = id;
        duplicate->duplicate = true;
      }
    }
    if (!duplicate) {
      {
        std::unique_lock write(state_mu_);
        expected = state_.records;
        VECHE_RETURN_IF_ERROR(core::Apply(state_, record));
      }
      done = sequencer_->Append(core::LogEntry{clock_.Now(), Bytes(bytes.begin(), bytes.end())}.Encode());
    }
  }
  // The original receipt of a duplicate; its proof is built outside the ingest lock.
  if (duplicate) return WithProof(std::move(*duplicate));
  Result<std::uint64_t> index = done.get();
  if (!index.ok() || *index != expected) {
    // The state took a record the log did not (or not there). Rebuilding here would race with
    // records in flight, so stop taking records; a restart folds the log again.
    failed_ = true;
    if (!index.ok()) return index.error().WithContext("not appended; the node stops accepting records until restarted");
    return InternalError("the log placed the record at " + std::to_string(*index) + ", the state expected " +
                         std::to_string(expected) + "; the node stops accepting records until restarted");
  }
  Receipt receipt;
  receipt.index = *index;
  receipt.record_id = id;
  return WithProof(std::move(receipt));
}

Result<Receipt> Node::Tick() {
  UnixMicros now = clock_.Now();
  if (UnixMicros last = ReadState([](const core::State& st) { return st.clock; }); now <= last) {
    return FailedPreconditionError("the clock has not moved past the last clock record");
  }
  VECHE_ASSIGN_OR_RETURN(
      core::Record record,
      core::SignRecord(core::RecordKind::kClock, core::EncodePayload(core::ClockPayload{now}), now, *node_key_));
  VECHE_ASSIGN_OR_RETURN(Receipt receipt, Submit(record.Encode()));
  VECHE_RETURN_IF_ERROR(AppendDueRecords(now));
  return receipt;
}

Status Node::AppendDueRecords(UnixMicros now) {
  // Closing a session makes its results due, so settle in rounds; each round's records are valid
  // in order (core::DueRecords), and a few rounds always suffice.
  for (int round = 0; round < 4; ++round) {
    std::vector<core::DueRecord> due = ReadState([](const core::State& st) { return core::DueRecords(st); });
    if (due.empty()) return OkStatus();
    for (core::DueRecord& d : due) {
      VECHE_ASSIGN_OR_RETURN(core::Record record, core::SignRecord(d.kind, std::move(d.payload), now, *node_key_));
      Result<Receipt> appended = Submit(record.Encode());
      if (!appended.ok()) return appended.error().WithContext(std::string(core::RecordKindName(d.kind)));
    }
  }
  return InternalError("records due at the clock did not settle in four rounds");
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
  return WithProof(std::move(receipt));
}

Result<Receipt> Node::WithProof(Receipt receipt) {
  receipt.checkpoint = sequencer_->checkpoint();
  VECHE_ASSIGN_OR_RETURN(ledger::Note note, ledger::ParseNote(receipt.checkpoint));
  VECHE_ASSIGN_OR_RETURN(ledger::Checkpoint cp, ledger::ParseCheckpoint(note.text));
  receipt.tree_size = cp.size;
  if (receipt.index >= cp.size) {
    // Still in flight (a duplicate of a record being sequenced): no proof yet.
    return receipt;
  }
  ledger::StoreHashReader reader(*store_, &tiles_);
  VECHE_ASSIGN_OR_RETURN(receipt.inclusion_proof, ledger::InclusionProof(receipt.index, cp.size, reader.AsFunction()));
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
