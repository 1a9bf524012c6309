// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Read-side helpers over a LogStore: C2SP tiles as served, and subtree hashes for proofs.

#include <array>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "veche/base/result.h"
#include "veche/ledger/log_store.h"
#include "veche/ledger/merkle.h"
#include "veche/ledger/tiles.h"

namespace veche::ledger {

// The bytes of `tile` exactly as C2SP serves them: a hash tile of tile.width hashes or an entry
// bundle of tile.width entries. kNotFound if the log does not (yet) hold that many.
Result<Bytes> ReadTile(LogStore& store, const TileId& tile);

// Every node of a full tile's subtree: level r (0..8) of the tile holds 256 >> r hashes starting
// at kOffset(r) = 512 - (512 >> r); level 8 is the tile's root.
struct ExpandedTile {
  static constexpr size_t Offset(int r) { return 512 - (512u >> r); }
  std::array<Hash, 511> nodes;
};

// Full tiles never change, so their expanded subtrees can be shared by every request: an LRU cache
// of at most `capacity` tiles (16 KiB each). A partial tile only grows (a narrower one is a
// prefix of a wider one), so the widest partial tile read at each position is kept too, and
// serves every node inside it. Thread-safe.
class TileCache {
 public:
  explicit TileCache(size_t capacity = 4096) : capacity_(capacity) {}
  std::shared_ptr<const ExpandedTile> Get(int level, std::uint64_t index);
  void Put(int level, std::uint64_t index, std::shared_ptr<const ExpandedTile> tile);
  // The widest partial tile seen at (level, index), or null.
  std::shared_ptr<const Bytes> GetPartial(int level, std::uint64_t index);
  void PutPartial(int level, std::uint64_t index, std::shared_ptr<const Bytes> tile);
  // Hashes of complete Merkle nodes computed from partial tiles (a complete node never changes).
  std::optional<Hash> GetNode(int level, std::uint64_t index);
  void PutNode(int level, std::uint64_t index, const Hash& hash);

 private:
  using Key = std::pair<int, std::uint64_t>;
  std::mutex mu_;
  size_t capacity_;
  std::list<Key> order_;  // most recently used first
  std::map<Key, std::pair<std::shared_ptr<const ExpandedTile>, std::list<Key>::iterator>> tiles_;
  std::map<Key, std::shared_ptr<const Bytes>> partial_;  // one per tile level in practice
  std::map<Key, Hash> nodes_;                            // bounded: cleared when it reaches capacity_
};

// Subtree hashes computed from a store's hash tiles, for InclusionProof / ConsistencyProof /
// RangeHash. Keeps the tiles it reads for its own lifetime (so one reader serves one request, or
// one batch of proofs against the same tree) and, given a TileCache, shares expanded full tiles
// across readers. Not thread-safe itself.
class StoreHashReader {
 public:
  explicit StoreHashReader(LogStore& store, TileCache* cache = nullptr) : store_(store), cache_tiles_(cache) {}
  Result<Hash> operator()(int level, std::uint64_t index);
  SubtreeHashReader AsFunction() {
    return [this](int level, std::uint64_t index) { return (*this)(level, index); };
  }

 private:
  // The tile at (tile_level, tile_index) holding at least `min_bytes`, from the caches or the store.
  Result<std::shared_ptr<const Bytes>> Tile(int tile_level, std::uint64_t tile_index, size_t min_bytes);
  LogStore& store_;
  TileCache* cache_tiles_;
  std::map<std::pair<int, std::uint64_t>, std::shared_ptr<const Bytes>> cache_;
};

}  // namespace veche::ledger
