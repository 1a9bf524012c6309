// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The state store: the projection (core::State) kept as a cache of the fold, so a node restarts
// by replaying only the records after it. A snapshot names the log size and root it was folded
// from and the state's digest; it is the state's canonical stream (core/state_codec.h) in chunks.
// Whatever a backend hands back is decoded and must reproduce its digest, or Load refuses it: the
// log is the truth (`veche rebuild` re-folds it). Every backend passes one contract suite
// (state_store_contract_test.cc). Layout in docs/formats/state-store.md.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "veche/core/state.h"
#include "veche/ledger/merkle.h"

namespace veche::store {

struct StateSnapshot {
  core::State state;
  std::uint64_t log_size = 0;
  ledger::Hash log_root{};
  crypto::Sha256Digest digest{};
};

// What a backend stores: the snapshot's header and its stream in chunks.
struct StoredSnapshot {
  std::uint64_t log_size = 0;
  ledger::Hash log_root{};
  crypto::Sha256Digest digest{};
  std::vector<Bytes> chunks;  // concatenated, the state stream
};

class StateStore {
 public:
  virtual ~StateStore() = default;

  // Replaces the stored snapshot with `state`, folded from the first `log_size` entries whose
  // tree has `log_root`. Atomic: a crash leaves the old snapshot or the new one.
  Status Save(const core::State& state, std::uint64_t log_size, const ledger::Hash& log_root);
  // The stored snapshot, or nullopt if there is none. kDataLoss if what is stored does not decode
  // or does not reproduce its digest (a snapshot of an older format included).
  Result<std::optional<StateSnapshot>> Load();
  // Forgets the snapshot.
  virtual Status Clear() = 0;

 protected:
  friend class FaultyStateStore;  // wraps another store's Write and Read
  // The backend's part: store and fetch a snapshot as bytes, atomically.
  virtual Status Write(const StoredSnapshot& snapshot) = 0;
  virtual Result<std::optional<StoredSnapshot>> Read() = 0;
};

// Keeps the snapshot in memory (tests and tools); thread-safe.
class MemoryStateStore final : public StateStore {
 public:
  Status Clear() override;

 protected:
  Status Write(const StoredSnapshot& snapshot) override;
  Result<std::optional<StoredSnapshot>> Read() override;

 private:
  std::mutex mu_;
  std::optional<StoredSnapshot> stored_;
};

// Wraps a store and fails on request, to test what its users do when a store misbehaves.
class FaultyStateStore final : public StateStore {
 public:
  explicit FaultyStateStore(std::unique_ptr<StateStore> inner) : inner_(std::move(inner)) {}
  void FailNextWrites(int n) { fail_writes_ = n; }
  void FailNextReads(int n) { fail_reads_ = n; }
  // The next read hands back the stored bytes with one byte of the stream changed.
  void CorruptNextRead() { corrupt_read_ = true; }
  Status Clear() override { return inner_->Clear(); }

 protected:
  Status Write(const StoredSnapshot& snapshot) override;
  Result<std::optional<StoredSnapshot>> Read() override;

 private:
  std::unique_ptr<StateStore> inner_;
  int fail_writes_ = 0, fail_reads_ = 0;
  bool corrupt_read_ = false;
};

}  // namespace veche::store
