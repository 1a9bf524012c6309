// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// C2SP tlog-tiles: tile coordinates, their URL paths, entry bundles and hash tiles. Pure.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "veche/base/bytes.h"
#include "veche/base/result.h"
#include "veche/ledger/merkle.h"

namespace veche::ledger {

constexpr int kTileHeight = 8;
constexpr std::uint32_t kTileWidth = 256;
constexpr int kMaxTileLevel = 63;
constexpr size_t kMaxEntrySize = 65535;  // an entry bundle's uint16 length prefix

struct TileId {
  bool entries = false;  // an entry bundle rather than a hash tile
  int level = 0;         // hash tiles only
  std::uint64_t index = 0;
  std::uint32_t width = kTileWidth;  // 1..256; 256 is a full tile

  bool full() const { return width == kTileWidth; }
  friend bool operator==(const TileId&, const TileId&) = default;
};

// "tile/0/x001/x234/067", "tile/entries/000.p/5" (no leading slash or prefix).
std::string TilePath(const TileId& tile);
// Parses exactly the canonical form TilePath produces; kInvalidArgument (naming the problem) else.
Result<TileId> ParseTilePath(std::string_view path);

// The tiles (all levels) and entry bundles that a tree of `size` consists of: full ones plus the
// partial rightmost one per level where its width is not zero.
std::vector<TileId> TilesForTree(std::uint64_t size);
// The width of the rightmost tile at `level` (hash tiles) for a tree of `size`; 0 if none.
std::uint32_t PartialTileWidth(std::uint64_t size, int level);

// Entry bundle: each entry as a big-endian uint16 length then its bytes.
Result<Bytes> EncodeEntryBundle(const std::vector<Bytes>& entries);
// Contract-checked parse: exactly `count` entries and nothing after them.
Result<std::vector<Bytes>> ParseEntryBundle(ByteView data, std::uint32_t count);
// As ParseEntryBundle, but the entries are views into `data` (which must outlive them).
Result<std::vector<ByteView>> SplitEntryBundle(ByteView data, std::uint32_t count);

// Splits a hash tile into `width` hashes; its size must be exactly width * 32.
Result<std::vector<Hash>> ParseHashTile(ByteView data, std::uint32_t width);

}  // namespace veche::ledger
