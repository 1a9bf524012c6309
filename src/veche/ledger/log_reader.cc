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

Result<const Bytes*> StoreHashReader::Tile(int tile_level, std::uint64_t tile_index) {
  auto key = std::make_pair(tile_level, tile_index);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    VECHE_ASSIGN_OR_RETURN(Bytes data, store_.ReadHashTile(tile_level, tile_index));
    it = cache_.emplace(key, std::move(data)).first;
  }
  return &it->second;
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
  VECHE_ASSIGN_OR_RETURN(const Bytes* tile, Tile(tile_level, tile_index));
  if (tile->size() < (offset + count) * kHashSize) {
    return NotFoundError("the log has no node at level " + std::to_string(level) + " index " + std::to_string(index));
  }
  std::vector<Hash> hashes(count);
  for (size_t i = 0; i < count; ++i) std::memcpy(hashes[i].data(), tile->data() + (offset + i) * kHashSize, kHashSize);
  for (; count > 1; count /= 2) {
    for (size_t i = 0; i < count / 2; ++i) hashes[i] = NodeHash(hashes[2 * i], hashes[2 * i + 1]);
  }
  return hashes[0];
}

}  // namespace veche::ledger
