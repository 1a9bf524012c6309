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

// Tiles computed from the entries, per tile level, compared with the fetched ones as each
// completes (full) or at the end (partial): memory stays at one tile per level.
struct ComputedTile {
  std::uint64_t index = 0;
  Bytes data;
};

// One verification: the entries are fetched bundle by bundle, hashed, folded into the tree, and
// every hash tile the tree completes is compared with the one served.
class LogWalker {
 public:
  LogWalker(const LogFetcher& fetch, const LogVerifyOptions& options, LogVerifyReport& report)
      : fetch_(fetch), options_(options), report_(report) {}

  Status Walk(const std::optional<Checkpoint>& old) {
    const std::uint64_t size = report_.checkpoint.size;
    const std::uint64_t bundles = (size + kTileWidth - 1) / kTileWidth;
    if (old && old->size == 0) old_root_ = EmptyRoot();
    for (std::uint64_t chunk = 0; chunk < bundles; chunk += kChunkBundles) {
      VECHE_RETURN_IF_ERROR(FetchChunk(chunk, std::min(bundles, chunk + kChunkBundles)));
      VECHE_RETURN_IF_ERROR(Fold(old));
      if (options_.on_entries) {
        VECHE_RETURN_IF_ERROR(options_.on_entries(range_.size() - chunk_entries_.size(), chunk_entries_));
      }
      if (options_.progress) options_.progress(range_.size(), size);
    }
    for (const auto& [level, tile] : computed_) {
      if (!tile.data.empty()) VECHE_RETURN_IF_ERROR(Compare(level, tile));
    }
    return OkStatus();
  }
  Hash Root() const { return range_.Root(); }
  const std::optional<Hash>& old_root() const { return old_root_; }

 private:
  // Bundles are fetched in chunks; a chunk's leaf hashes are computed on two threads (they are
  // independent), then folded into the tree in order.
  static constexpr std::uint64_t kChunkBundles = 16;

  Status FetchChunk(std::uint64_t first, std::uint64_t end) {
    chunk_data_.clear();
    chunk_entries_.clear();
    for (std::uint64_t n = first; n < end; ++n) {
      const auto width =
          static_cast<std::uint32_t>(std::min<std::uint64_t>(kTileWidth, report_.checkpoint.size - n * kTileWidth));
      TileId id{true, 0, n, width};
      VECHE_ASSIGN_OR_RETURN(Bytes bundle, Fetch(fetch_, TilePath(id)));
      ++report_.entry_bundles;
      chunk_data_.push_back(std::move(bundle));
      Result<std::vector<ByteView>> entries = SplitEntryBundle(chunk_data_.back(), width);
      if (!entries.ok()) return entries.error().WithContext(TilePath(id));
      chunk_entries_.insert(chunk_entries_.end(), entries->begin(), entries->end());
    }
    leaf_hashes_.resize(chunk_entries_.size());
    auto hash_range = [&](size_t begin, size_t stop) {
      for (size_t i = begin; i < stop; ++i) leaf_hashes_[i] = LeafHash(chunk_entries_[i]);
    };
    const size_t half = chunk_entries_.size() / 2;
    std::future<void> other = std::async(std::launch::async, hash_range, half, chunk_entries_.size());
    hash_range(0, half);
    other.get();
    return OkStatus();
  }

  Status Fold(const std::optional<Checkpoint>& old) {
    Status mismatch;
    for (const Hash& leaf : leaf_hashes_) {
      range_.Append(leaf, [&](int level, std::uint64_t index, const Hash& hash) {
        if (level % kTileHeight != 0 || !mismatch.ok()) return;
        const int tile_level = level / kTileHeight;
        ComputedTile& tile = computed_[tile_level];
        tile.index = index / kTileWidth;
        Append(tile.data, hash);
        if (tile.data.size() == size_t{kTileWidth} * kHashSize) {
          mismatch = Compare(tile_level, tile);
          tile.data.clear();
        }
      });
      VECHE_RETURN_IF_ERROR(mismatch);
      if (old && range_.size() == old->size) old_root_ = range_.Root();
    }
    return OkStatus();
  }

  Status Compare(int level, const ComputedTile& tile) {
    TileId id{false, level, tile.index, static_cast<std::uint32_t>(tile.data.size() / kHashSize)};
    const std::string path = TilePath(id);
    VECHE_ASSIGN_OR_RETURN(Bytes served, Fetch(fetch_, path));
    ++report_.hash_tiles;
    if (served == tile.data) return OkStatus();
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
    return OkStatus();
  }

  const LogFetcher& fetch_;
  const LogVerifyOptions& options_;
  LogVerifyReport& report_;
  std::map<int, ComputedTile> computed_;
  CompactRange range_;
  std::optional<Hash> old_root_;
  std::vector<Bytes> chunk_data_;
  std::vector<ByteView> chunk_entries_;
  std::vector<Hash> leaf_hashes_;
};

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
  LogWalker walker(fetch, options, report);
  VECHE_RETURN_IF_ERROR(walker.Walk(old));
  const Hash root = walker.Root();
  if (root != cp.root) {
    return UnauthenticatedError("the entries hash to root " + Base64Encode(root) + " but the checkpoint signs " +
                                Base64Encode(cp.root));
  }
  if (old) {
    if (!walker.old_root() || *walker.old_root() != old->root) {
      return UnauthenticatedError("the older checkpoint (size " + std::to_string(old->size) +
                                  ") is not a prefix of this log: the log was rewritten (fork)");
    }
    report.consistent_with_size = old->size;
  }
  return report;
}

}  // namespace veche::ledger
