// SPDX-License-Identifier: AGPL-3.0-or-later
// The golden log (tests/data/golden/, written by tests/golden/make_golden_log.cc at an earlier
// commit): every later build must replay it to the same state digest, section by section, and
// must read the state tables that build saved correctly or refuse them, never load a wrong state.
// The log of version 1 records written before records named their log (record-v1/) is refused
// with a message that says why.

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "veche/base/text_codec.h"
#include "veche/core/apply.h"
#include "veche/ledger/merkle.h"
#include "veche/store/sqlite/sqlite_state_store.h"

namespace veche {
namespace {

const std::string kGolden = std::string(VECHE_SOURCE_DIR) + "/tests/data/golden";

std::vector<Bytes> GoldenLog(const std::string& file = "/log.hex") {
  std::ifstream in(kGolden + file);
  REQUIRE(in.good());
  std::vector<Bytes> entries;
  for (std::string line; std::getline(in, line);) entries.push_back(HexDecode(line).value());
  return entries;
}

// The first line is the digest; then "section digest" lines.
std::vector<std::pair<std::string, std::string>> GoldenDigests() {
  std::ifstream in(kGolden + "/digest.txt");
  REQUIRE(in.good());
  std::vector<std::pair<std::string, std::string>> out;
  std::string digest;
  in >> digest;
  out.emplace_back("", digest);
  for (std::string name, hex; in >> name >> hex;) out.emplace_back(name, hex);
  return out;
}

std::string Hex(const crypto::Sha256Digest& d) {
  return HexEncode(ByteView(d.data(), d.size()));
}

TEST_CASE("the golden log replays to the same digest in every section") {
  std::vector<Bytes> entries = GoldenLog();
  REQUIRE(entries.size() == 243);
  Result<core::State> state = core::Replay(entries);
  REQUIRE_MESSAGE(state.ok(), state.status().ToString());
  std::vector<std::pair<std::string, std::string>> golden = GoldenDigests();
  CHECK(Hex(state->Digest()) == golden[0].second);
  std::vector<std::pair<std::string, std::string>> sections;
  for (const auto& [name, digest] : state->SectionDigests()) sections.emplace_back(name, Hex(digest));
  CHECK(sections == std::vector(golden.begin() + 1, golden.end()));
  ledger::CompactRange tree;
  for (const Bytes& entry : entries) tree.Append(ledger::LeafHash(entry));
  std::ifstream root(kGolden + "/root.txt");
  std::string root_hex;
  root >> root_hex;
  CHECK(HexEncode(ByteView(tree.Root().data(), 32)) == root_hex);
}

TEST_CASE("the golden log's offices are filled as its scenario says: a vote, a confirmation, a resignation, a term") {
  Result<core::State> state = core::Replay(GoldenLog());
  REQUIRE(state.ok());
  const core::Office& mayor = state->offices.at("mayor-novgorod");
  REQUIRE(mayor.tenures.size() == 1);
  CHECK(mayor.tenures[0].citizen == "c-3");
  CHECK(mayor.tenures[0].contest == "contest-2");
  CHECK(mayor.tenures[0].ended == "term");
  CHECK(state->contests.at("contest-2").outcome == "a majority of the ballots");
  CHECK(state->contests.at("contest-2").candidates.size() == 2);
  const core::Office& farm = state->offices.at("farm-chair");
  REQUIRE(farm.tenures.size() == 1);
  CHECK(farm.tenures[0].citizen == "c-4");
  CHECK(farm.tenures[0].ended == "resigned");
  CHECK(state->contests.at("contest-1").confirmation);
  CHECK(state->contests.at("contest-1").extended);
  CHECK_FALSE(mayor.contest.empty());  // the successor's contest runs
  CHECK_FALSE(farm.contest.empty());   // and the farm's by-election
  CHECK(state->meetings.at("mill-meeting").outcome == "adopted");
  CHECK(state->collectives.count("library") == 1);  // made by the mayor with the office's power
  CHECK(state->office_powers.empty());              // revoked since
  CHECK(state->nominations.at("mill-meeting").collective == "mill");
  CHECK(state->members_of.at("farm") == std::set<std::string>{"c-4"});
}

TEST_CASE("the golden log of version 1 records, which name no log, is refused at its first entry, saying why") {
  std::vector<Bytes> entries = GoldenLog("/record-v1/log.hex");
  REQUIRE(entries.size() == 138);
  Result<core::State> state = core::Replay(entries);
  REQUIRE_FALSE(state.ok());
  CHECK(state.status().message().find("log entry 0: record version 1 names no log") != std::string::npos);
}

TEST_CASE("state tables saved before the domain layout are read to the golden state or refused, then rewritten") {
  std::string dir = (std::filesystem::temp_directory_path() / "veche-golden-XXXXXX").string();
  REQUIRE(::mkdtemp(dir.data()) != nullptr);
  const std::string path = dir + "/state.db";
  std::filesystem::copy_file(kGolden + "/state-v1.db", path);
  Result<core::State> replayed = core::Replay(GoldenLog());
  REQUIRE(replayed.ok());
  {
    auto store = store::SqliteStateStore::Open(path);
    REQUIRE(store.ok());
    // Read correctly, refused (kDataLoss), or dropped as the cache of an older schema (none):
    // never a wrong state.
    auto loaded = (*store)->Load();
    if (loaded.ok() && loaded->has_value()) {
      CHECK((*loaded)->log_size == 138);
      CHECK((*loaded)->state.Digest() == replayed->Digest());
    } else if (!loaded.ok()) {
      CHECK(loaded.status().code() == StatusCode::kDataLoss);
    }
    // What a node does next either way: save the replayed state over the old tables.
    REQUIRE((*store)->Save(*replayed, replayed->records, ledger::Hash{}).ok());
  }
  auto reopened = store::SqliteStateStore::Open(path);
  REQUIRE(reopened.ok());
  auto again = (*reopened)->Load();
  REQUIRE(again.ok());
  REQUIRE(again->has_value());
  CHECK((*again)->state.Digest() == replayed->Digest());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace veche
