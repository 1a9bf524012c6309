// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/ledger/tiles.h"

#include <cstdio>
#include <cstring>

namespace veche::ledger {
namespace {

std::string EncodeIndex(std::uint64_t index) {
  std::vector<std::string> groups;
  do {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%03u", static_cast<unsigned>(index % 1000));
    groups.emplace_back(buf);
    index /= 1000;
  } while (index > 0);
  std::string out;
  for (size_t i = groups.size(); i-- > 0;) {
    if (i > 0) out += "x";
    out += groups[i];
    if (i > 0) out += "/";
  }
  return out;
}

// A decimal with no leading zeros, at most `max`.
Result<std::uint64_t> ParseSmallDecimal(std::string_view s, std::uint64_t max, std::string_view what) {
  if (s.empty() || s.size() > 3 || (s.size() > 1 && s[0] == '0')) {
    return InvalidArgumentError(std::string(what) + " is not a canonical decimal");
  }
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return InvalidArgumentError(std::string(what) + " is not a decimal");
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > max) return InvalidArgumentError(std::string(what) + " is out of range");
  return v;
}

}  // namespace

std::string TilePath(const TileId& tile) {
  std::string out = tile.entries ? "tile/entries/" : "tile/" + std::to_string(tile.level) + "/";
  out += EncodeIndex(tile.index);
  if (!tile.full()) out += ".p/" + std::to_string(tile.width);
  return out;
}

Result<TileId> ParseTilePath(std::string_view path) {
  if (path.substr(0, 5) != "tile/") return InvalidArgumentError("tile path must start with tile/");
  path.remove_prefix(5);
  TileId tile;
  size_t slash = path.find('/');
  if (slash == std::string_view::npos) return InvalidArgumentError("tile path has no index");
  std::string_view level = path.substr(0, slash);
  if (level == "entries") {
    tile.entries = true;
  } else {
    VECHE_ASSIGN_OR_RETURN(std::uint64_t l, ParseSmallDecimal(level, kMaxTileLevel, "tile level"));
    tile.level = static_cast<int>(l);
  }
  path.remove_prefix(slash + 1);
  // Index groups: "xNNN/"* then "NNN", then optionally ".p/W".
  std::uint64_t index = 0;
  size_t groups = 0;
  for (;;) {
    bool more = !path.empty() && path[0] == 'x';
    if (more) path.remove_prefix(1);
    if (path.size() < 3) return InvalidArgumentError("tile index group is not three digits");
    for (size_t i = 0; i < 3; ++i) {
      if (path[i] < '0' || path[i] > '9') return InvalidArgumentError("tile index group is not three digits");
    }
    if (++groups > 7) return InvalidArgumentError("tile index is too large");
    std::uint64_t group = static_cast<std::uint64_t>((path[0] - '0') * 100 + (path[1] - '0') * 10 + (path[2] - '0'));
    if (index > (UINT64_MAX - group) / 1000) return InvalidArgumentError("tile index is too large");
    index = index * 1000 + group;
    path.remove_prefix(3);
    if (more) {
      if (path.empty() || path[0] != '/') return InvalidArgumentError("tile index group must be followed by /");
      path.remove_prefix(1);
      continue;
    }
    break;
  }
  // Canonical: exactly as many groups as the index needs (no leading "x000/").
  size_t needed = 1;
  for (std::uint64_t v = index; v >= 1000; v /= 1000) ++needed;
  if (groups != needed) return InvalidArgumentError("tile index has leading zero groups");
  tile.index = index;
  if (!path.empty()) {
    if (path.substr(0, 3) != ".p/") return InvalidArgumentError("unexpected text after the tile index");
    VECHE_ASSIGN_OR_RETURN(std::uint64_t w, ParseSmallDecimal(path.substr(3), kTileWidth - 1, "partial tile width"));
    if (w == 0) return InvalidArgumentError("partial tile width must be 1..255");
    tile.width = static_cast<std::uint32_t>(w);
  }
  return tile;
}

std::uint32_t PartialTileWidth(std::uint64_t size, int level) {
  std::uint64_t hashes = size >> (kTileHeight * level);
  return static_cast<std::uint32_t>(hashes % kTileWidth);
}

std::vector<TileId> TilesForTree(std::uint64_t size) {
  std::vector<TileId> out;
  for (int level = 0; level <= kMaxTileLevel; ++level) {
    std::uint64_t hashes = level * kTileHeight >= 64 ? 0 : size >> (kTileHeight * level);
    if (hashes == 0) break;
    for (std::uint64_t n = 0; n < hashes / kTileWidth; ++n) out.push_back(TileId{false, level, n, kTileWidth});
    if (std::uint32_t w = PartialTileWidth(size, level)) out.push_back(TileId{false, level, hashes / kTileWidth, w});
  }
  for (std::uint64_t n = 0; n < size / kTileWidth; ++n) out.push_back(TileId{true, 0, n, kTileWidth});
  if (std::uint32_t w = PartialTileWidth(size, 0)) out.push_back(TileId{true, 0, size / kTileWidth, w});
  return out;
}

Result<Bytes> EncodeEntryBundle(const std::vector<Bytes>& entries) {
  Bytes out;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].size() > kMaxEntrySize) {
      return InvalidArgumentError("entry " + std::to_string(i) + " is longer than 65535 bytes");
    }
    out.push_back(static_cast<std::uint8_t>(entries[i].size() >> 8));
    out.push_back(static_cast<std::uint8_t>(entries[i].size()));
    Append(out, entries[i]);
  }
  return out;
}

Result<std::vector<ByteView>> SplitEntryBundle(ByteView data, std::uint32_t count) {
  std::vector<ByteView> out;
  out.reserve(count);
  size_t pos = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (data.size() - pos < 2) {
      return InvalidArgumentError("entry bundle ends before entry " + std::to_string(i) + " of " +
                                  std::to_string(count));
    }
    size_t len = static_cast<size_t>(data[pos]) << 8 | data[pos + 1];
    pos += 2;
    if (data.size() - pos < len)
      return InvalidArgumentError("entry bundle truncated inside entry " + std::to_string(i));
    out.push_back(data.subspan(pos, len));
    pos += len;
  }
  if (pos != data.size()) {
    return InvalidArgumentError("entry bundle has " + std::to_string(data.size() - pos) + " bytes after entry " +
                                std::to_string(count));
  }
  return out;
}

Result<std::vector<Bytes>> ParseEntryBundle(ByteView data, std::uint32_t count) {
  VECHE_ASSIGN_OR_RETURN(std::vector<ByteView> views, SplitEntryBundle(data, count));
  std::vector<Bytes> out;
  out.reserve(views.size());
  for (ByteView v : views) out.emplace_back(v.begin(), v.end());
  return out;
}

Result<std::vector<Hash>> ParseHashTile(ByteView data, std::uint32_t width) {
  if (width == 0 || width > kTileWidth || data.size() != size_t{width} * kHashSize) {
    return InvalidArgumentError("hash tile is " + std::to_string(data.size()) + " bytes, expected " +
                                std::to_string(size_t{width} * kHashSize));
  }
  std::vector<Hash> out(width);
  for (std::uint32_t i = 0; i < width; ++i) std::memcpy(out[i].data(), data.data() + i * kHashSize, kHashSize);
  return out;
}

}  // namespace veche::ledger
