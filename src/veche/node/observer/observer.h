// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Observing a node from outside, as `veche verify`, `verify-election` and the trustee and ballot
// tools do: mirror its log through the C2SP tiles, check every tile against a checkpoint signed
// by the node's key, replay every record with its signature verified, and compare the state the
// log replays to with the digest the node claims.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "veche/core/state.h"
#include "veche/ledger/log_verifier.h"
#include "veche/ledger/note.h"
#include "veche/node/http_client.h"

namespace veche::node {

struct Observation {
  core::State state;
  ledger::LogVerifyReport report;
  double seconds = 0;
};
// Called for each record of the log in order, with the state just before (or after) it applies.
using RecordHook = std::function<void(std::uint64_t index, const core::Record& record, const core::State& state)>;

// Mirrors the node at `base` (ending in '/'), checks every tile against a checkpoint signed by
// `key`, replays every record with its signature verified, and checks the genesis names `key`.
// With hooks the records are applied one by one (slower: no parallel verification).
Result<Observation> ObserveNode(HttpClient& client, const std::string& base, const ledger::NoteVerifier& key,
                                const RecordHook& before_apply = {}, const RecordHook& after_apply = {});

// What comparing a replayed state with the node's GET /state/digest found.
struct DigestComparison {
  enum class Verdict {
    kMatch,        // the same records, the same digest
    kMismatch,     // the node claims another state than its log replays to (or fewer records)
    kMovedOn,      // the node has more records than the verified checkpoint: compare again later
    kUnreachable,  // no answer
    kUnreadable,   // an answer not understood
  };
  Verdict verdict = Verdict::kUnreachable;
  std::string message;                 // one line saying so
  bool same_size = false;              // the node claims as many records as were verified
  std::vector<std::string> differing;  // kMismatch at the same size: the sections that differ
  std::uint64_t node_records = 0;
};
DigestComparison CompareWithNodeDigest(HttpClient& client, const std::string& base, const core::State& state);

// Fetches a log's resources under `prefix` (ending in '/') with size bounds: a checkpoint note,
// or a tile (8 KiB) or entry bundle (256 entries of at most 65535 bytes, each length-prefixed).
ledger::LogFetcher LogFetcherOver(HttpClient& client, std::string prefix);

// `url` with a trailing '/'.
std::string NodeBase(std::string url);

}  // namespace veche::node
