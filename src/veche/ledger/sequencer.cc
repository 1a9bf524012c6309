// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/ledger/sequencer.h"

#include <optional>

#include "veche/ledger/checkpoint.h"
#include "veche/ledger/tiles.h"

namespace veche::ledger {

Sequencer::Sequencer(LogStore& store, NoteSigner signer, SequencerOptions options)
    : store_(store), signer_(std::move(signer)), options_(options) {}

Result<std::unique_ptr<Sequencer>> Sequencer::Start(LogStore& store, NoteSigner signer, SequencerOptions options) {
  std::unique_ptr<Sequencer> seq(new Sequencer(store, std::move(signer), options));
  VECHE_RETURN_IF_ERROR(seq->Load());
  Result<std::string> stored = store.ReadCheckpoint();
  bool current = false;
  if (stored.ok()) {
    NoteVerifier verifier = seq->signer_.Verifier();
    Result<OpenedNote> opened = OpenNote(*stored, std::span(&verifier, 1));
    if (opened.ok()) {
      Result<Checkpoint> cp = ParseCheckpoint(opened->text);
      current = cp.ok() && cp->size == seq->range_.size() && cp->root == seq->range_.Root();
      if (current) seq->checkpoint_ = *stored;
    }
  } else if (stored.error().code() != StatusCode::kNotFound) {
    return stored.error();
  }
  if (!current) {
    VECHE_RETURN_IF_ERROR(seq->SignCheckpoint());
  } else if (!options.read_only) {
    // Stored again, though current: one write at start, so that a log that cannot be written (a
    // full disk) fails here, where the caller can choose to serve it read-only, and not at the
    // first append.
    VECHE_RETURN_IF_ERROR(store.WriteCheckpoint(seq->range_.size(), seq->checkpoint_));
  }
  if (!options.read_only) seq->thread_ = std::thread([s = seq.get()] { s->Run(); });
  return seq;
}

Sequencer::~Sequencer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (Pending& p : queue_) p.done(CancelledError("the log is shutting down"));
}

Status Sequencer::Load() {
  VECHE_ASSIGN_OR_RETURN(TreeState state, store_.ReadTreeState());
  VECHE_ASSIGN_OR_RETURN(range_, CompactRange::FromEdge(state.size, state.edge));
  edge_tiles_.clear();
  for (int level = 0; level <= kMaxTileLevel && kTileHeight * level < 64; ++level) {
    std::uint32_t width = PartialTileWidth(state.size, level);
    std::uint64_t hashes = state.size >> (kTileHeight * level);
    if (hashes == 0) break;
    if (width == 0) continue;
    std::uint64_t index = hashes / kTileWidth;
    Result<Bytes> tile = store_.ReadHashTile(level, index);
    if (!tile.ok() || tile->size() < size_t{width} * kHashSize) {
      return DataLossError("the log's partial tile at level " + std::to_string(level) + " index " +
                           std::to_string(index) + " is missing or short");
    }
    tile->resize(size_t{width} * kHashSize);
    edge_tiles_[level] = EdgeTile{index, std::move(*tile)};
  }
  std::lock_guard lock(mu_);
  size_ = state.size;
  return OkStatus();
}

Status Sequencer::SignCheckpoint() {
  Checkpoint cp{signer_.name(), range_.size(), range_.Root(), {}};
  std::string text = cp.ToText();
  std::string note = FormatNote(Note{text, {signer_.Sign(text)}});
  // The checkpoint in the store is for restarts and read-only servers; the one in memory is
  // authoritative while we run, so a failed write here does not undo a durable commit.
  Status stored = options_.read_only ? OkStatus() : store_.WriteCheckpoint(cp.size, note);
  std::lock_guard lock(mu_);
  checkpoint_ = std::move(note);
  size_ = cp.size;
  return stored;
}

void Sequencer::Append(Bytes entry, Done done) {
  if (entry.size() > kMaxEntrySize) {
    return done(
        InvalidArgumentError("entry is " + std::to_string(entry.size()) + " bytes; the log takes at most 65535"));
  }
  Status refusal;
  Done refused;  // called outside the lock: it may append again
  {
    std::lock_guard lock(mu_);
    if (options_.read_only) {
      refusal = UnavailableError("the log is read-only: " + options_.read_only_reason);
    } else if (stopping_) {
      refusal = CancelledError("the log is shutting down");
    } else if (queue_.size() >= options_.max_queued_entries) {
      refusal = ResourceExhaustedError("the log's append queue is full; retry later");
    }
    if (refusal.ok()) {
      queue_.push_back(Pending{std::move(entry), std::move(done)});
    } else {
      refused = std::move(done);
    }
  }
  if (refused) return refused(std::move(refusal));
  wake_.notify_one();
}

std::future<Result<std::uint64_t>> Sequencer::Append(Bytes entry) {
  auto promise = std::make_shared<std::promise<Result<std::uint64_t>>>();
  std::future<Result<std::uint64_t>> future = promise->get_future();
  Append(std::move(entry), [promise](Result<std::uint64_t> index) { promise->set_value(std::move(index)); });
  return future;
}

std::string Sequencer::checkpoint() const {
  std::lock_guard lock(mu_);
  return checkpoint_;
}

std::uint64_t Sequencer::size() const {
  std::lock_guard lock(mu_);
  return size_;
}

SequencerStats Sequencer::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void Sequencer::Run() {
  std::vector<Pending> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      size_t bytes = 0;
      while (!queue_.empty() && batch.size() < options_.max_batch_entries &&
             (batch.empty() || bytes + queue_.front().entry.size() <= options_.max_batch_bytes)) {
        bytes += queue_.front().entry.size();
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    Result<std::uint64_t> first = CommitOne(batch);
    if (!first.ok()) first = Recover(batch, first.error());
    if (first.ok()) {
      {
        std::lock_guard lock(mu_);
        ++stats_.batches;
        stats_.entries += batch.size();
        if (batch.size() > stats_.largest_batch) stats_.largest_batch = batch.size();
      }
      for (size_t i = 0; i < batch.size(); ++i) batch[i].done(*first + i);
    } else {
      for (Pending& p : batch) p.done(first.error());
    }
    batch.clear();
  }
}

Result<std::uint64_t> Sequencer::Recover(const std::vector<Pending>& batch, const Status& error) {
  std::uint64_t before = range_.size();
  Status reloaded = Load();
  if (!reloaded.ok()) return reloaded.WithContext("after a failed commit (" + error.message() + ")");
  if (range_.size() == before) return CommitOne(batch);  // nothing moved: retry once
  // The log moved: either our commit landed but reported failure, or another writer appended.
  // Read back what is there: acknowledging a landed batch is right; appending it again is not.
  if (range_.size() - before >= batch.size()) {
    Result<std::vector<Bytes>> stored = store_.ReadEntries(before, batch.size());
    bool ours = stored.ok();
    for (size_t i = 0; ours && i < batch.size(); ++i) ours = (*stored)[i] == batch[i].entry;
    if (ours) {
      SignCheckpoint().IgnoreError();  // see SignCheckpoint
      return before;
    }
  }
  return AbortedError("another writer appended to the log; these entries were not appended");
}

Result<std::uint64_t> Sequencer::CommitOne(const std::vector<Pending>& batch) {
  LogBatch write;
  write.first_index = range_.size();
  write.entries.reserve(batch.size());
  CompactRange next = range_;
  std::map<int, EdgeTile> tiles = edge_tiles_;
  // Final content of every hash tile this batch touches (a tile completed mid-batch is captured
  // when it fills, since its level then moves on to a new tile).
  std::map<std::pair<int, std::uint64_t>, Bytes> touched;
  constexpr size_t kFullTileBytes = size_t{kTileWidth} * kHashSize;
  for (const Pending& p : batch) {
    next.Append(LeafHash(p.entry), [&](int level, std::uint64_t index, const Hash& hash) {
      if (level % kTileHeight != 0) return;
      int tile_level = level / kTileHeight;
      std::uint64_t tile_index = index / kTileWidth;
      EdgeTile& tile = tiles[tile_level];
      if (tile.data.size() == kFullTileBytes || tile.index != tile_index) tile = EdgeTile{tile_index, {}};
      veche::Append(tile.data, hash);
      touched[{tile_level, tile_index}] = tile.data.size() == kFullTileBytes ? tile.data : Bytes{};
    });
    write.entries.push_back(p.entry);
  }
  for (auto& [key, data] : touched) {
    if (data.empty()) data = tiles[key.first].data;  // still partial: its current content
    write.tiles.push_back(HashTileWrite{key.first, key.second, std::move(data)});
  }
  write.new_state = TreeState{next.size(), next.edge()};

  VECHE_RETURN_IF_ERROR(store_.CommitBatch(write));

  // Durable: adopt the new state (dropping edge tiles that filled up), then sign.
  range_ = std::move(next);
  std::erase_if(tiles, [&](const auto& t) { return t.second.data.size() == kFullTileBytes; });
  edge_tiles_ = std::move(tiles);
  SignCheckpoint().IgnoreError();  // see SignCheckpoint: the in-memory checkpoint is current either way
  return write.first_index;
}

}  // namespace veche::ledger
