// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/node/observer/observer.h"

#include <chrono>
#include <optional>

#include "veche/base/text_codec.h"
#include "veche/core/apply.h"
#include "veche/node/node.h"

namespace veche::node {
namespace {

// Applies entries one by one, calling the hooks around each.
Status ApplyHooked(core::State& state, std::uint64_t first, std::span<const ByteView> entries,
                   const RecordHook& before_apply, const RecordHook& after_apply) {
  const DecodedRecords decoded = DecodeAhead(
      entries.size(), [&](size_t i) { return core::DecodeEntry(entries[i]); }, core::ChecksAheadSnapshot(state));
  for (size_t i = 0; i < entries.size(); ++i) {
    const Result<core::Record>& record = decoded.records[i];
    Status s = record.ok() ? OkStatus() : record.error();
    if (s.ok() && before_apply) before_apply(first + i, *record, state);
    if (s.ok()) s = core::Apply(state, *record, decoded.prechecked[i]);
    if (!s.ok()) return s.WithContext("log entry " + std::to_string(first + i) + " does not replay");
    if (after_apply) after_apply(first + i, *record, state);
  }
  return OkStatus();
}

// The "records":N of the node's /state/digest reply (keys in any order).
std::optional<std::uint64_t> ClaimedRecords(const std::string& text) {
  size_t at = text.find("\"records\":");
  if (at == std::string::npos) return std::nullopt;
  std::uint64_t n = 0;
  bool digits = false;
  for (size_t i = at + 10; i < text.size() && text[i] >= '0' && text[i] <= '9' && n < UINT64_MAX / 10; ++i) {
    n = n * 10 + static_cast<std::uint64_t>(text[i] - '0');
    digits = true;
  }
  return digits ? std::optional(n) : std::nullopt;
}

std::string Count(std::uint64_t n) {
  return std::to_string(n);
}

}  // namespace

ledger::LogFetcher LogFetcherOver(HttpClient& client, std::string prefix) {
  return [&client, prefix = std::move(prefix)](const std::string& path) -> Result<Bytes> {
    constexpr size_t kMaxCheckpointBytes = ledger::kMaxNoteSize;
    constexpr size_t kMaxTileBytes = ledger::kTileWidth * (2 + ledger::kMaxEntrySize);
    return client.Get(prefix + path, path == "checkpoint" ? kMaxCheckpointBytes : kMaxTileBytes);
  };
}

Result<Observation> ObserveNode(HttpClient& client, const std::string& base, const ledger::NoteVerifier& key,
                                const RecordHook& before_apply, const RecordHook& after_apply) {
  Observation out;
  ledger::LogFetcher fetch = LogFetcherOver(client, base + "log/");
  ledger::LogVerifyOptions options;
  const bool hooked = before_apply || after_apply;
  options.on_entries = [&](std::uint64_t first, std::span<const ByteView> entries) -> Status {
    if (!hooked) return ApplyEntries(out.state, first, entries);
    return ApplyHooked(out.state, first, entries, before_apply, after_apply);
  };
  auto started = std::chrono::steady_clock::now();
  VECHE_ASSIGN_OR_RETURN(out.report, ledger::VerifyLog(fetch, key, options));
  VECHE_RETURN_IF_ERROR(CheckGenesisKey(out.state, key.public_key()));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

DigestComparison CompareWithNodeDigest(HttpClient& client, const std::string& base, const core::State& state) {
  using Verdict = DigestComparison::Verdict;
  DigestComparison out;
  const std::string digest = HexEncode(state.Digest());
  Result<Bytes> claimed = client.Get(base + "state/digest", 4096);
  if (!claimed.ok()) {
    out.message = "cannot fetch the node's state digest: " + claimed.error().message();
    return out;
  }
  const std::string text = ToString(*claimed);
  std::optional<std::uint64_t> node_records = ClaimedRecords(text);
  if (!node_records) {
    out.verdict = Verdict::kUnreadable;
    out.message = "FAILED: the node's /state/digest reply is not understood: " + text;
    return out;
  }
  out.node_records = *node_records;
  out.same_size = *node_records == state.records;
  if (out.same_size) {
    if (text.find("\"digest\":\"" + digest + "\"") != std::string::npos) {
      out.verdict = Verdict::kMatch;
      out.message = "OK: the node's state digest matches the replay";
      return out;
    }
    out.verdict = Verdict::kMismatch;
    out.message = "MISMATCH: at " + Count(state.records) +
                  " records the node claims another state than its log replays to (" + digest + ")";
    for (const auto& [name, section] : state.SectionDigests()) {
      if (text.find("\"" + name + "\":\"" + HexEncode(section) + "\"") == std::string::npos)
        out.differing.push_back(name);
    }
    return out;
  }
  if (*node_records < state.records) {
    out.verdict = Verdict::kMismatch;
    out.message = "MISMATCH: the node reports " + Count(*node_records) + " records but its own signed log holds " +
                  Count(state.records);
    return out;
  }
  out.verdict = Verdict::kMovedOn;
  out.message = "the node has moved past the verified checkpoint (" + Count(*node_records) + " records now, " +
                Count(state.records) + " verified); run again when it is quiet to compare digests";
  return out;
}

std::string NodeBase(std::string url) {
  if (url.empty() || url.back() != '/') url += '/';
  return url;
}

}  // namespace veche::node
