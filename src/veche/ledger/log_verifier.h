// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Full verification of a tiled log from outside: fetch the checkpoint and every tile and entry
// bundle, recompute every leaf hash and every tile from the entries, and check the root against
// the signed checkpoint. Optionally checks that an older checkpoint is a prefix of this tree.
// Pure: all I/O goes through the fetch callback.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "veche/base/result.h"
#include "veche/ledger/checkpoint.h"
#include "veche/ledger/note.h"

namespace veche::ledger {

// Fetches a resource relative to the log's prefix: "checkpoint", "tile/0/000", "tile/entries/000.p/5".
using LogFetcher = std::function<Result<Bytes>(const std::string& path)>;

struct LogVerifyReport {
  Checkpoint checkpoint;
  std::uint64_t hash_tiles = 0;
  std::uint64_t entry_bundles = 0;
  std::optional<std::uint64_t> consistent_with_size;  // set when an older checkpoint was checked
};

struct LogVerifyOptions {
  // An older signed checkpoint note of the same log, to prove the current tree extends it.
  std::optional<std::string> old_checkpoint;
  // Called with (entries verified, total) now and then.
  std::function<void(std::uint64_t, std::uint64_t)> progress;
  // Called with consecutive entries, in log order (the first one's index, then the entries), once
  // their part of the tree has been checked against the tiles. The root is checked against the
  // signature only at the end: a caller must not trust what it built from the entries unless
  // VerifyLog returns OK. An error stops verification and is returned.
  std::function<Status(std::uint64_t first, std::span<const ByteView> entries)> on_entries;
};

// OK with a report if everything checks out. Otherwise the first problem, precisely:
// kUnauthenticated for a bad signature or a mismatch against the signed root, kDataLoss for a
// tile whose content disagrees with the entries, kInvalidArgument for malformed data, or the
// fetcher's error (with the path).
Result<LogVerifyReport> VerifyLog(const LogFetcher& fetch, const NoteVerifier& key,
                                  const LogVerifyOptions& options = {});

}  // namespace veche::ledger
