// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/ledger/log_store.h"

#include <bit>
#include <cstring>

namespace veche::ledger {

Result<std::vector<Hash>> DecodeEdge(std::uint64_t size, ByteView data) {
  size_t expected = static_cast<size_t>(std::popcount(size));
  if (data.size() != expected * kHashSize) {
    return DataLossError("stored tree edge for size " + std::to_string(size) + " is " + std::to_string(data.size()) +
                         " bytes, expected " + std::to_string(expected * kHashSize));
  }
  std::vector<Hash> edge(expected);
  for (size_t i = 0; i < expected; ++i) std::memcpy(edge[i].data(), data.data() + i * kHashSize, kHashSize);
  return edge;
}

Bytes EncodeEdge(const std::vector<Hash>& edge) {
  Bytes out;
  out.reserve(edge.size() * kHashSize);
  for (const Hash& h : edge) Append(out, h);
  return out;
}

Result<TreeState> MemoryLogStore::ReadTreeState() {
  std::lock_guard lock(mu_);
  return state_;
}

Status MemoryLogStore::CommitBatch(const LogBatch& batch) {
  std::lock_guard lock(mu_);
  if (state_.size != batch.first_index) {
    return AbortedError("log size is " + std::to_string(state_.size) + ", batch expected " +
                        std::to_string(batch.first_index));
  }
  entries_.insert(entries_.end(), batch.entries.begin(), batch.entries.end());
  for (const HashTileWrite& t : batch.tiles) {
    if (tiles_.size() <= static_cast<size_t>(t.level)) tiles_.resize(static_cast<size_t>(t.level) + 1);
    auto& level = tiles_[static_cast<size_t>(t.level)];
    if (level.size() <= t.index) level.resize(t.index + 1);
    level[t.index] = t.data;
  }
  state_ = batch.new_state;
  return OkStatus();
}

Result<Bytes> MemoryLogStore::ReadHashTile(int level, std::uint64_t index) {
  std::lock_guard lock(mu_);
  if (level < 0 || static_cast<size_t>(level) >= tiles_.size() || index >= tiles_[static_cast<size_t>(level)].size() ||
      tiles_[static_cast<size_t>(level)][index].empty()) {
    return NotFoundError("no tile at level " + std::to_string(level) + " index " + std::to_string(index));
  }
  return tiles_[static_cast<size_t>(level)][index];
}

Result<std::vector<Bytes>> MemoryLogStore::ReadEntries(std::uint64_t first, std::uint64_t count) {
  std::lock_guard lock(mu_);
  if (first > state_.size || count > state_.size - first) {
    return OutOfRangeError("entries " + std::to_string(first) + "+" + std::to_string(count) + " pass the log size " +
                           std::to_string(state_.size));
  }
  return std::vector<Bytes>(entries_.begin() + static_cast<std::ptrdiff_t>(first),
                            entries_.begin() + static_cast<std::ptrdiff_t>(first + count));
}

Status MemoryLogStore::WriteCheckpoint(std::uint64_t size, std::string_view note) {
  std::lock_guard lock(mu_);
  if (!checkpoint_.empty() && size < checkpoint_size_) return OkStatus();
  checkpoint_size_ = size;
  checkpoint_ = std::string(note);
  return OkStatus();
}

Result<std::string> MemoryLogStore::ReadCheckpoint() {
  std::lock_guard lock(mu_);
  if (checkpoint_.empty()) return NotFoundError("no checkpoint yet");
  return checkpoint_;
}

void FaultyLogStore::FailCommits(int n, Status error) {
  std::lock_guard lock(mu_);
  fail_commits_ = n;
  fail_error_ = std::move(error);
}

void FaultyLogStore::FailCommitsAfterApplying(int n) {
  std::lock_guard lock(mu_);
  fail_after_apply_ = n;
}

void FaultyLogStore::FailReads(bool fail) {
  std::lock_guard lock(mu_);
  fail_reads_ = fail;
}

#define VECHE_FAULTY_READ_GUARD()                                      \
  do {                                                                 \
    std::lock_guard lock(mu_);                                         \
    if (fail_reads_) return UnavailableError("injected read failure"); \
  } while (false)

Result<TreeState> FaultyLogStore::ReadTreeState() {
  VECHE_FAULTY_READ_GUARD();
  return inner_.ReadTreeState();
}

Status FaultyLogStore::CommitBatch(const LogBatch& batch) {
  {
    std::lock_guard lock(mu_);
    if (fail_commits_ > 0) {
      --fail_commits_;
      return fail_error_;
    }
    if (fail_after_apply_ > 0) {
      --fail_after_apply_;
      Status applied = inner_.CommitBatch(batch);
      if (!applied.ok()) return applied;
      return UnavailableError("injected failure after a durable commit");
    }
  }
  return inner_.CommitBatch(batch);
}

Result<Bytes> FaultyLogStore::ReadHashTile(int level, std::uint64_t index) {
  VECHE_FAULTY_READ_GUARD();
  return inner_.ReadHashTile(level, index);
}

Result<std::vector<Bytes>> FaultyLogStore::ReadEntries(std::uint64_t first, std::uint64_t count) {
  VECHE_FAULTY_READ_GUARD();
  return inner_.ReadEntries(first, count);
}

Status FaultyLogStore::WriteCheckpoint(std::uint64_t size, std::string_view note) {
  return inner_.WriteCheckpoint(size, note);
}

Result<std::string> FaultyLogStore::ReadCheckpoint() {
  VECHE_FAULTY_READ_GUARD();
  return inner_.ReadCheckpoint();
}

#undef VECHE_FAULTY_READ_GUARD

}  // namespace veche::ledger
