// SPDX-License-Identifier: AGPL-3.0-or-later
// Crash safety: kill a writer with SIGKILL mid-append, many times, and check after each kill that
// every acknowledged entry is in the log at its index, the log has no gap, its tiles and signed
// checkpoint match its entries, and it still extends what the previous run left (no fork).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <optional>
#include <sstream>

#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/ledger/checkpoint.h"
#include "veche/ledger/log_reader.h"
#include "veche/ledger/note.h"
#include "veche/node/data_dir.h"
#include "veche/node/node.h"
#include "veche/store/sqlite/sqlite_log_store.h"
#include "veche/store/sqlite/sqlite_stores.h"

namespace veche {
namespace {

// Runs the writer for about `millis` ms, SIGKILLs it, and returns what it acknowledged.
std::map<std::uint64_t, std::string> RunAndKill(const char* program, const std::string& db, int run, int millis) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::string run_id = std::to_string(run);
    ::execl(program, program, db.c_str(), run_id.c_str(), nullptr);
    std::_Exit(127);
  }
  ::close(fds[1]);
  std::string output;
  char buf[65536];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(millis);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, 5) > 0) {
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n > 0) output.append(buf, static_cast<size_t>(n));
      if (n == 0) break;  // the writer died on its own: the checks below will say why
    }
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) output.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  CHECK_MESSAGE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL), "the writer exited by itself");
  std::map<std::uint64_t, std::string> acked;
  std::istringstream lines(output);
  std::uint64_t index;
  std::string entry;
  while (lines >> index >> entry) acked[index] = entry;
  return acked;
}

TEST_CASE("every acknowledged entry survives SIGKILL, and the log stays whole and unforked") {
  auto dir = std::filesystem::temp_directory_path() / ("veche-crash-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string db = (dir / "log.db").string();
  FakeRng rng(7);
  ledger::NoteVerifier verifier =
      ledger::NoteSigner::Create("veche.test/crash", crypto::SigningKey::Generate(rng)).value().Verifier();
  FakeRng timing(2026);
  std::uint64_t previous_size = 0;
  ledger::Hash previous_root = ledger::EmptyRoot();
  std::uint64_t total_acked = 0;
  const int kRuns = 25;
  for (int run = 0; run < kRuns; ++run) {
    CAPTURE(run);
    auto acked = RunAndKill(VECHE_CRASH_WRITER, db, run, 40 + static_cast<int>(timing.Uniform(260)));
    total_acked += acked.size();
    auto store = store::SqliteLogStore::Open(db).value();
    ledger::TreeState state = store->ReadTreeState().value();
    REQUIRE(state.size >= previous_size);
    auto entries = store->ReadEntries(0, state.size);  // fails on any gap
    REQUIRE(entries.ok());
    for (const auto& [index, entry] : acked) {
      REQUIRE(index < state.size);
      CHECK(ToString((*entries)[index]) == entry);
    }
    // Recompute the tree from the entries: tiles, root, the previous run's root as a prefix.
    ledger::CompactRange range;
    std::map<std::pair<int, std::uint64_t>, Bytes> tiles;
    std::optional<ledger::Hash> root_at_previous;
    if (previous_size == 0) root_at_previous = ledger::EmptyRoot();
    for (const Bytes& e : *entries) {
      range.Append(ledger::LeafHash(e), [&](int level, std::uint64_t i, const ledger::Hash& h) {
        if (level % 8 == 0) Append(tiles[{level / 8, i / 256}], h);
      });
      if (range.size() == previous_size) root_at_previous = range.Root();
    }
    CHECK(ledger::CompactRange::FromEdge(state.size, state.edge).value().Root() == range.Root());
    REQUIRE(root_at_previous.has_value());
    CHECK(*root_at_previous == previous_root);
    for (const ledger::TileId& t : ledger::TilesForTree(state.size)) {
      if (t.entries) continue;
      CHECK(ledger::ReadTile(*store, t).value() == tiles[{t.level, t.index}]);
    }
    // The stored checkpoint verifies and names a prefix of this log (it may trail the last batch
    // if the kill fell between the commit and the checkpoint write).
    Result<std::string> note = store->ReadCheckpoint();
    if (note.ok()) {
      auto opened = ledger::OpenNote(*note, std::span(&verifier, 1));
      REQUIRE(opened.ok());
      ledger::Checkpoint cp = ledger::ParseCheckpoint(opened->text).value();
      CHECK(cp.size <= state.size);
      ledger::CompactRange prefix;
      for (std::uint64_t i = 0; i < cp.size; ++i) prefix.Append(ledger::LeafHash((*entries)[i]));
      CHECK(prefix.Root() == cp.root);
    }
    previous_size = state.size;
    previous_root = range.Root();
  }
  MESSAGE("runs: " << kRuns << ", acknowledged entries: " << total_acked << ", final log size: " << previous_size);
  CHECK(total_acked > 0);
  CHECK(previous_size >= total_acked);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a node killed mid-ingest loses no acknowledged record, and its state equals a replay of its log") {
  auto dir = std::filesystem::temp_directory_path() / ("veche-node-crash-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  FakeRng rng(3);
  FakeClock clock(1'700'000'000'000'000);
  REQUIRE(node::InitDataDir(dir.string(), node::GenesisSpec{}, rng, clock, store::OpenSqliteStores).ok());
  FakeRng timing(7);
  std::uint64_t total_acked = 0;
  std::map<std::uint64_t, std::string> all_acked;
  for (int run = 0; run < 12; ++run) {
    CAPTURE(run);
    auto acked = RunAndKill(VECHE_NODE_CRASH_WRITER, dir.string(), run, 150 + static_cast<int>(timing.Uniform(300)));
    total_acked += acked.size();
    all_acked.insert(acked.begin(), acked.end());
    auto reopened = node::Node::Open(dir.string(), clock, store::OpenSqliteStores);
    REQUIRE(reopened.ok());
    node::Node& n = **reopened;
    // Every record ever acknowledged is in the state, at the index its receipt gave.
    n.ReadState([&](const core::State& s) {
      for (const auto& [index, id_hex] : all_acked) {
        core::RecordId id;
        Bytes raw = HexDecode(id_hex).value();
        std::copy(raw.begin(), raw.end(), id.begin());
        auto it = s.applied.find(id);
        REQUIRE(it != s.applied.end());
        CHECK(it->second == index);
      }
      return 0;
    });
    core::State replayed = node::ReplayStore(n.store(), n.sequencer().size()).value();
    CHECK(replayed.Digest() == n.Summary().digest);
    CHECK(replayed.records == n.sequencer().size());
  }
  MESSAGE("node runs: 12, acknowledged records: " << total_acked);
  CHECK(total_acked > 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace veche
