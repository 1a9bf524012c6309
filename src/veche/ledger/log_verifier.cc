// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/ledger/log_verifier.h"

#include <algorithm>
#include <future>
#include <map>

#include "veche/base/text_codec.h"
#include "veche/ledger/merkle.h"
#include "veche/ledger/tiles.h"

namespace veche::ledger {
namespace {

Result<Checkpoint> OpenCheckpoint(std::string_view note, const NoteVerifier& key, std::string_view what) {
  Result<OpenedNote> opened = OpenNote(note, std::span(&key, 1));
  if (!opened.ok()) return opened.error().WithContext(what);
  Result<Checkpoint> cp = ParseCheckpoint(opened->text);
  if (!cp.ok()) return cp.error().WithContext(what);
  if (cp->origin != key.name()) {
    return UnauthenticatedError(std::string(what) + ": origin '" + cp->origin + "' is not the key's name '" +
                                key.name() + "'");
  }
  return cp;
}

Result<Bytes> Fetch(const LogFetcher& fetch, const std::string& path) {
  Result<Bytes> data = fetch(path);
  if (!data.ok()) return data.error().WithContext("fetching " + path);
  return data;
}

}  // namespace

Result<LogVerifyReport> VerifyLog(const LogFetcher& fetch, const NoteVerifier& key, const LogVerifyOptions& options) {
  LogVerifyReport report;
  VECHE_ASSIGN_OR_RETURN(Bytes note, Fetch(fetch, "checkpoint"));
  VECHE_ASSIGN_OR_RETURN(report.checkpoint, OpenCheckpoint(AsStringView(note), key, "checkpoint"));
  const Checkpoint& cp = report.checkpoint;

  std::optional<Checkpoint> old;
  if (options.old_checkpoint) {
    VECHE_ASSIGN_OR_RETURN(old, OpenCheckpoint(*options.old_checkpoint, key, "older checkpoint"));
    if (old->size > cp.size) {
      return UnauthenticatedError("the older checkpoint has size " + std::to_string(old->size) +
                                  ", more than the current " + std::to_string(cp.size) + ": the log shrank");
    }
  }
  std::optional<Hash> old_root;
  if (old && old->size == 0) old_root = EmptyRoot();

  // Tiles computed from the entries, per tile level, compared with the fetched ones as each
  // completes (full) or at the end (partial): memory stays at one tile per level.
  struct Pending {
    std::uint64_t index = 0;
    Bytes data;
  };
  std::map<int, Pending> computed;
  Status mismatch;
  auto compare = [&](int level, const Pending& tile) -> Status {
    TileId id{false, level, tile.index, static_cast<std::uint32_t>(tile.data.size() / kHashSize)};
    std::string path = TilePath(id);
    VECHE_ASSIGN_OR_RETURN(Bytes served, Fetch(fetch, path));
    ++report.hash_tiles;
    if (served != tile.data) {
      if (served.size() != tile.data.size()) {
        return InvalidArgumentError(path + " is " + std::to_string(served.size()) + " bytes, expected " +
                                    std::to_string(tile.data.size()));
      }
      for (size_t i = 0; i < served.size(); i += kHashSize) {
        if (!std::equal(served.begin() + static_cast<std::ptrdiff_t>(i),
                        served.begin() + static_cast<std::ptrdiff_t>(i + kHashSize),
                        tile.data.begin() + static_cast<std::ptrdiff_t>(i))) {
          return DataLossError(path + " hash " + std::to_string(i / kHashSize) +
                               " does not match the hash recomputed from the entries");
        }
      }
    }
    return OkStatus();
  };

  CompactRange range;
  const std::uint64_t bundles = (cp.size + kTileWidth - 1) / kTileWidth;
  // Bundles are fetched in chunks; the chunk's leaf hashes are computed on two threads (they are
  // independent), then folded into the tree in order.
  constexpr std::uint64_t kChunkBundles = 16;
  std::vector<Bytes> chunk_data;
  std::vector<ByteView> chunk_entries;
  std::vector<Hash> leaf_hashes;
  for (std::uint64_t chunk = 0; chunk < bundles; chunk += kChunkBundles) {
    chunk_data.clear();
    chunk_entries.clear();
    for (std::uint64_t n = chunk; n < std::min(bundles, chunk + kChunkBundles); ++n) {
      std::uint32_t width = static_cast<std::uint32_t>(std::min<std::uint64_t>(kTileWidth, cp.size - n * kTileWidth));
      TileId id{true, 0, n, width};
      VECHE_ASSIGN_OR_RETURN(Bytes bundle, Fetch(fetch, TilePath(id)));
      ++report.entry_bundles;
      chunk_data.push_back(std::move(bundle));
      Result<std::vector<ByteView>> entries = SplitEntryBundle(chunk_data.back(), width);
      if (!entries.ok()) return entries.error().WithContext(TilePath(id));
      chunk_entries.insert(chunk_entries.end(), entries->begin(), entries->end());
    }
    leaf_hashes.resize(chunk_entries.size());
    auto hash_range = [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) leaf_hashes[i] = LeafHash(chunk_entries[i]);
    };
    size_t half = chunk_entries.size() / 2;
    std::future<void> other = std::async(std::launch::async, hash_range, half, chunk_entries.size());
    hash_range(0, half);
    other.get();
    for (const Hash& leaf : leaf_hashes) {
      range.Append(leaf, [&](int level, std::uint64_t index, const Hash& hash) {
        if (level % kTileHeight != 0 || !mismatch.ok()) return;
        int tile_level = level / kTileHeight;
        Pending& tile = computed[tile_level];
        tile.index = index / kTileWidth;
        Append(tile.data, hash);
        if (tile.data.size() == size_t{kTileWidth} * kHashSize) {
          mismatch = compare(tile_level, tile);
          tile.data.clear();
        }
      });
      VECHE_RETURN_IF_ERROR(mismatch);
      if (old && range.size() == old->size) old_root = range.Root();
    }
    if (options.on_entries) {
      VECHE_RETURN_IF_ERROR(options.on_entries(range.size() - chunk_entries.size(), chunk_entries));
    }
    if (options.progress) options.progress(range.size(), cp.size);
  }
  for (const auto& [level, tile] : computed) {
    if (!tile.data.empty()) VECHE_RETURN_IF_ERROR(compare(level, tile));
  }
  Hash root = range.Root();
  if (root != cp.root) {
    return UnauthenticatedError("the entries hash to root " + Base64Encode(root) + " but the checkpoint signs " +
                                Base64Encode(cp.root));
  }
  if (old) {
    if (!old_root || *old_root != old->root) {
      return UnauthenticatedError("the older checkpoint (size " + std::to_string(old->size) +
                                  ") is not a prefix of this log: the log was rewritten (fork)");
    }
    report.consistent_with_size = old->size;
  }
  return report;
}

}  // namespace veche::ledger
