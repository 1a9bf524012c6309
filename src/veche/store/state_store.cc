// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/store/state_store.h"

#include "veche/core/state_codec.h"

namespace veche::store {

Status StateStore::Save(const core::State& state, std::uint64_t log_size, const ledger::Hash& log_root) {
  StoredSnapshot snapshot;
  snapshot.log_size = log_size;
  snapshot.log_root = log_root;
  snapshot.digest = state.Digest();
  snapshot.chunks = core::EncodeState(state);
  return Write(snapshot);
}

Result<std::optional<StateSnapshot>> StateStore::Load() {
  VECHE_ASSIGN_OR_RETURN(std::optional<StoredSnapshot> stored, Read());
  if (!stored) return std::optional<StateSnapshot>();
  Bytes stream;
  for (const Bytes& chunk : stored->chunks) Append(stream, chunk);
  VECHE_ASSIGN_OR_RETURN(core::State state, core::DecodeState(stream));
  if (state.Digest() != stored->digest) return DataLossError("the state snapshot does not reproduce its digest");
  StateSnapshot out;
  out.state = std::move(state);
  out.log_size = stored->log_size;
  out.log_root = stored->log_root;
  out.digest = stored->digest;
  return std::optional<StateSnapshot>(std::move(out));
}

Status MemoryStateStore::Clear() {
  std::lock_guard lock(mu_);
  stored_.reset();
  return OkStatus();
}

Status MemoryStateStore::Write(const StoredSnapshot& snapshot) {
  std::lock_guard lock(mu_);
  stored_ = snapshot;
  return OkStatus();
}

Result<std::optional<StoredSnapshot>> MemoryStateStore::Read() {
  std::lock_guard lock(mu_);
  return stored_;
}

Status FaultyStateStore::Write(const StoredSnapshot& snapshot) {
  if (fail_writes_ > 0) {
    --fail_writes_;
    return UnavailableError("injected state store write failure");
  }
  return inner_->Write(snapshot);
}

Result<std::optional<StoredSnapshot>> FaultyStateStore::Read() {
  if (fail_reads_ > 0) {
    --fail_reads_;
    return UnavailableError("injected state store read failure");
  }
  VECHE_ASSIGN_OR_RETURN(std::optional<StoredSnapshot> stored, inner_->Read());
  if (corrupt_read_ && stored) {
    corrupt_read_ = false;
    for (Bytes& chunk : stored->chunks) {
      if (chunk.size() > 1) {
        chunk[chunk.size() / 2] ^= 0x40;
        break;
      }
    }
  }
  return stored;
}

}  // namespace veche::store
