// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/ledger/log_reader.h"

#include <cstring>

namespace veche::ledger {

Result<Bytes> ReadTile(LogStore& store, const TileId& tile) {
  if (tile.width == 0 || tile.width > kTileWidth) return InvalidArgumentError("tile width must be 1..256");
  if (tile.entries) {
    Result<std::vector<Bytes>> entries = store.ReadEntries(tile.index * kTileWidth, tile.width);
    if (!entries.ok()) {
      if (entries.error().code() == StatusCode::kOutOfRange)
        return NotFoundError("the log has no such entry bundle yet");
      return entries.error();
    }
    return EncodeEntryBundle(*entries);
  }
  VECHE_ASSIGN_OR_RETURN(Bytes data, store.ReadHashTile(tile.level, tile.index));
  size_t want = size_t{tile.width} * kHashSize;
  if (data.size() < want) return NotFoundError("the log has no such tile yet");
  data.resize(want);
  return data;
}

Result<std::shared_ptr<const Bytes>> StoreHashReader::Tile(int tile_level, std::uint64_t tile_index, size_t min_bytes) {
  auto key = std::make_pair(tile_level, tile_index);
  if (auto it = cache_.find(key); it != cache_.end() && it->second->size() >= min_bytes) return it->second;
  if (cache_tiles_ != nullptr) {
    if (auto partial = cache_tiles_->GetPartial(tile_level, tile_index); partial && partial->size() >= min_bytes) {
      cache_[key] = partial;
      return partial;
    }
  }
  VECHE_ASSIGN_OR_RETURN(Bytes data, store_.ReadHashTile(tile_level, tile_index));
  auto tile = std::make_shared<const Bytes>(std::move(data));
  cache_[key] = tile;
  if (cache_tiles_ != nullptr && tile->size() < size_t{kTileWidth} * kHashSize) {
    cache_tiles_->PutPartial(tile_level, tile_index, tile);
  }
  return tile;
}

std::shared_ptr<const ExpandedTile> TileCache::Get(int level, std::uint64_t index) {
  std::lock_guard lock(mu_);
  auto it = tiles_.find({level, index});
  if (it == tiles_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second.second);
  return it->second.first;
}

std::shared_ptr<const Bytes> TileCache::GetPartial(int level, std::uint64_t index) {
  std::lock_guard lock(mu_);
  auto it = partial_.find({level, index});
  return it == partial_.end() ? nullptr : it->second;
}

void TileCache::PutPartial(int level, std::uint64_t index, std::shared_ptr<const Bytes> tile) {
  std::lock_guard lock(mu_);
  // Only the rightmost partial tile per level is ever useful: drop ones to its left at that level.
  std::erase_if(partial_, [&](const auto& p) { return p.first.first == level && p.first.second < index; });
  auto& slot = partial_[{level, index}];
  if (!slot || slot->size() < tile->size()) slot = std::move(tile);
}

std::optional<Hash> TileCache::GetNode(int level, std::uint64_t index) {
  std::lock_guard lock(mu_);
  auto it = nodes_.find({level, index});
  if (it == nodes_.end()) return std::nullopt;
  return it->second;
}

void TileCache::PutNode(int level, std::uint64_t index, const Hash& hash) {
  std::lock_guard lock(mu_);
  if (nodes_.size() >= capacity_) nodes_.clear();
  nodes_.emplace(Key{level, index}, hash);
}

void TileCache::Put(int level, std::uint64_t index, std::shared_ptr<const ExpandedTile> tile) {
  std::lock_guard lock(mu_);
  partial_.erase({level, index});  // now full
  Key key{level, index};
  if (tiles_.count(key) != 0 || capacity_ == 0) return;
  order_.push_front(key);
  tiles_.emplace(key, std::make_pair(std::move(tile), order_.begin()));
  if (tiles_.size() > capacity_) {
    tiles_.erase(order_.back());
    order_.pop_back();
  }
}

Result<Hash> StoreHashReader::operator()(int level, std::uint64_t index) {
  // Node (level, index) spans 2^r consecutive hashes of tile level level/8, r = level % 8, all in
  // one tile; hash them pairwise up to the node.
  int tile_level = level / kTileHeight;
  int r = level % kTileHeight;
  std::uint64_t first = index << r;
  std::uint64_t tile_index = first / kTileWidth;
  size_t offset = static_cast<size_t>(first % kTileWidth);
  size_t count = size_t{1} << r;
  if (cache_tiles_ != nullptr) {
    if (auto expanded = cache_tiles_->Get(tile_level, tile_index)) {
      return expanded->nodes[ExpandedTile::Offset(r) + (offset >> r)];
    }
    if (r > 0) {
      if (std::optional<Hash> node = cache_tiles_->GetNode(level, index)) return *node;
    }
  }
  VECHE_ASSIGN_OR_RETURN(std::shared_ptr<const Bytes> tile, Tile(tile_level, tile_index, (offset + count) * kHashSize));
  if (cache_tiles_ != nullptr && tile->size() == size_t{kTileWidth} * kHashSize) {
    auto expanded = std::make_shared<ExpandedTile>();
    for (size_t i = 0; i < kTileWidth; ++i)
      std::memcpy(expanded->nodes[i].data(), tile->data() + i * kHashSize, kHashSize);
    for (int lr = 1; lr <= kTileHeight; ++lr) {
      const size_t below = ExpandedTile::Offset(lr - 1), here = ExpandedTile::Offset(lr);
      for (size_t i = 0; i < (kTileWidth >> lr); ++i) {
        expanded->nodes[here + i] = NodeHash(expanded->nodes[below + 2 * i], expanded->nodes[below + 2 * i + 1]);
      }
    }
    cache_tiles_->Put(tile_level, tile_index, expanded);
    return expanded->nodes[ExpandedTile::Offset(r) + (offset >> r)];
  }
  if (tile->size() < (offset + count) * kHashSize) {
    return NotFoundError("the log has no node at level " + std::to_string(level) + " index " + std::to_string(index));
  }
  std::vector<Hash> hashes(count);
  for (size_t i = 0; i < count; ++i) std::memcpy(hashes[i].data(), tile->data() + (offset + i) * kHashSize, kHashSize);
  for (; count > 1; count /= 2) {
    for (size_t i = 0; i < count / 2; ++i) hashes[i] = NodeHash(hashes[2 * i], hashes[2 * i + 1]);
  }
  if (cache_tiles_ != nullptr && r > 0) cache_tiles_->PutNode(level, index, hashes[0]);
  return hashes[0];
}

}  // namespace veche::ledger
