#pragma once
// Read-side helpers over a LogStore: C2SP tiles as served, and subtree hashes for proofs.

#include <cstdint>
#include <map>

#include "veche/base/result.h"
#include "veche/ledger/log_store.h"
#include "veche/ledger/merkle.h"
#include "veche/ledger/tiles.h"

namespace veche::ledger {

// The bytes of `tile` exactly as C2SP serves them: a hash tile of tile.width hashes or an entry
// bundle of tile.width entries. kNotFound if the log does not (yet) hold that many.
Result<Bytes> ReadTile(LogStore& store, const TileId& tile);

// Subtree hashes computed from a store's hash tiles, for InclusionProof / ConsistencyProof /
// RangeHash. Caches the tiles it reads, so one reader should serve one request (or one batch of
// proofs against the same tree); not thread-safe.
class StoreHashReader {
 public:
  explicit StoreHashReader(LogStore& store) : store_(store) {}
  Result<Hash> operator()(int level, std::uint64_t index);
  SubtreeHashReader AsFunction() {
    return [this](int level, std::uint64_t index) { return (*this)(level, index); };
  }

 private:
  Result<const Bytes*> Tile(int tile_level, std::uint64_t tile_index);
  LogStore& store_;
  std::map<std::pair<int, std::uint64_t>, Bytes> cache_;
};

}  // namespace veche::ledger
