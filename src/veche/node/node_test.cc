// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <limits>
#include <thread>

#include "veche/core/apply.h"
#include "veche/core/election/due.h"
#include "veche/core/election/payloads.h"
#include "veche/core/election/rules.h"
#include "veche/core/election/trustee.h"
#include "veche/core/election/voter.h"
#include "veche/crypto/key_file.h"
#include "veche/ledger/checkpoint.h"
#include "veche/node/data_dir.h"
#include "veche/node/node.h"
#include "veche/store/sqlite/sqlite_state_store.h"
#include "veche/store/sqlite/sqlite_stores.h"

namespace veche::node {
namespace {

struct NodeFixture {
  std::filesystem::path root = [] {
    std::string templ = (std::filesystem::temp_directory_path() / "veche-node-XXXXXX").string();
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    return std::filesystem::path(templ);
  }();
  std::string dir = (root / "node").string();
  FakeRng rng{7};
  FakeClock clock{1'700'000'000'000'000};
  std::unique_ptr<Node> node;
  std::optional<crypto::SigningKey> authority;

  explicit NodeFixture(std::uint64_t seed = 7) : rng(seed) {
    REQUIRE(InitDataDir(dir, GenesisSpec{}, rng, clock, store::OpenSqliteStores).ok());
    authority.emplace(crypto::ReadPrivateKeyFile(AuthorityKeyPath(dir)).value());
    node = Node::Open(dir, clock, store::OpenSqliteStores).value();
  }
  ~NodeFixture() {
    node.reset();
    std::filesystem::remove_all(root);
  }
  Bytes Territory(const std::string& id, std::uint64_t time = 1) {
    core::TerritoryCreatePayload p{id, "root", core::TerritoryKind::kRegion, "Region " + id, {}};
    return core::SignRecord(node->log_id(), core::RecordKind::kTerritoryCreate, core::EncodePayload(p),
                            clock.Now() + static_cast<UnixMicros>(time), *authority)
        .value()
        .Encode();
  }
};

// True if `r` proves its log entry's inclusion against its checkpoint, signed by the node's key.
bool ProvesInclusion(NodeFixture& f, const Receipt& r) {
  ledger::NoteVerifier verifier = ledger::NoteVerifier::Parse(f.node->verifier_key()).value();
  Result<ledger::OpenedNote> opened = ledger::OpenNote(r.checkpoint, std::span(&verifier, 1));
  if (!opened.ok()) return false;
  ledger::Checkpoint cp = ledger::ParseCheckpoint(opened->text).value();
  Bytes entry = f.node->store().ReadEntries(r.index, 1).value()[0];
  return ledger::VerifyInclusion(r.index, cp.size, ledger::LeafHash(entry), ledger::ToBytesList(r.inclusion_proof),
                                 cp.root)
      .ok();
}

TEST_CASE("a submitted record is appended, applied, and answered with a receipt that proves inclusion") {
  NodeFixture f;
  Bytes record = f.Territory("north");
  Receipt r = f.node->Submit(record).value();
  CHECK(r.index == 1);
  CHECK_FALSE(r.duplicate);
  CHECK(r.tree_size == 2);
  ledger::NoteVerifier verifier = ledger::NoteVerifier::Parse(f.node->verifier_key()).value();
  auto opened = ledger::OpenNote(r.checkpoint, std::span(&verifier, 1));
  REQUIRE(opened.ok());
  ledger::Checkpoint cp = ledger::ParseCheckpoint(opened->text).value();
  Bytes entry = f.node->store().ReadEntries(1, 1).value()[0];
  CHECK(ledger::VerifyInclusion(1, cp.size, ledger::LeafHash(entry), ledger::ToBytesList(r.inclusion_proof), cp.root)
            .ok());
  CHECK(core::DecodeLogEntry(entry).value().record == record);
  CHECK(f.node->ReadState([](const core::State& s) { return s.territories.count("north"); }) == 1);
}

TEST_CASE("a duplicate submission gets the original receipt and is not appended again") {
  NodeFixture f;
  Bytes record = f.Territory("north");
  Receipt first = f.node->Submit(record).value();
  Receipt again = f.node->Submit(record).value();
  CHECK(again.duplicate);
  CHECK(again.index == first.index);
  CHECK(again.record_id == first.record_id);
  CHECK(f.node->sequencer().size() == 2);
  CHECK(f.node->ReceiptFor(first.record_id).value().index == first.index);
}

TEST_CASE("a record signed for one node's log is refused by another node's, and every node has its own origin") {
  NodeFixture here, there(8);
  REQUIRE(here.node->log_id() != there.node->log_id());
  CHECK(here.node->verifier_key() != there.node->verifier_key());
  // Each default origin is distinct: localhost/veche/ and 8 hex digits of the node key's hash.
  const std::string here_origin = here.node->verifier_key().substr(0, here.node->verifier_key().find('+'));
  CHECK(here_origin.rfind("localhost/veche/", 0) == 0);
  CHECK(here_origin.size() == std::string("localhost/veche/").size() + 8);
  CHECK(here_origin != there.node->verifier_key().substr(0, there.node->verifier_key().find('+')));
  // The same authority key signs for both logs (a registrar or citizen could hold both).
  core::TerritoryCreatePayload p{"north", "root", core::TerritoryKind::kRegion, "North", {}};
  Bytes for_here = core::SignRecord(here.node->log_id(), core::RecordKind::kTerritoryCreate, core::EncodePayload(p),
                                    there.clock.Now(), *there.authority)
                       .value()
                       .Encode();
  std::uint64_t size = there.node->sequencer().size();
  Result<Receipt> r = there.node->Submit(for_here);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code() == StatusCode::kInvalidArgument);
  CHECK(r.error().message().find("signed for another log") != std::string::npos);
  CHECK(there.node->sequencer().size() == size);
  Bytes unbound = core::SignRecord(core::kNoLog, core::RecordKind::kTerritoryCreate, core::EncodePayload(p),
                                   there.clock.Now(), *there.authority)
                      .value()
                      .Encode();
  CHECK(there.node->Submit(unbound).error().message().find("names no log") != std::string::npos);
  CHECK(there.node->Submit(there.Territory("north")).ok());
}

TEST_CASE(
    "a record signed further than the window from the node's clock is refused, and replay refuses such an entry") {
  NodeFixture f;
  core::TerritoryCreatePayload p{"north", "root", core::TerritoryKind::kRegion, "North", {}};
  auto signed_at = [&](UnixMicros t) {
    return core::SignRecord(f.node->log_id(), core::RecordKind::kTerritoryCreate, core::EncodePayload(p), t,
                            *f.authority)
        .value();
  };
  const UnixMicros now = f.clock.Now();
  for (UnixMicros held : {core::kAuthorTimeWindow + 1, -core::kAuthorTimeWindow - 1}) {
    Result<Receipt> r = f.node->Submit(signed_at(now - held).Encode());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code() == StatusCode::kInvalidArgument);
    CHECK(r.error().message().find(held > 0 ? "600 s behind the node's clock" : "600 s ahead of the node's clock") !=
          std::string::npos);
  }
  // The far ends of i64 are only far away, not an overflow.
  CHECK(f.node->Submit(signed_at(std::numeric_limits<UnixMicros>::min()).Encode()).error().code() ==
        StatusCode::kInvalidArgument);
  CHECK(f.node->Submit(signed_at(std::numeric_limits<UnixMicros>::max()).Encode()).error().code() ==
        StatusCode::kInvalidArgument);
  CHECK(f.node->Submit(signed_at(now - core::kAuthorTimeWindow).Encode()).ok());
  // An observer's replay holds a log to the same window: an entry sequenced 11 minutes after it
  // was signed does not replay.
  core::Record late = signed_at(now);
  CHECK(core::DecodeEntry(core::LogEntry{now + core::kAuthorTimeWindow, late.Encode()}.Encode()).ok());
  Result<core::Record> replayed = core::DecodeEntry(core::LogEntry{now + 11 * 60'000'000, late.Encode()}.Encode());
  REQUIRE_FALSE(replayed.ok());
  CHECK(replayed.error().message().find("behind the node's clock") != std::string::npos);
}

TEST_CASE("init never changes a directory it did not make, and every store file is private") {
  std::filesystem::path root = [] {
    std::string templ = (std::filesystem::temp_directory_path() / "veche-init-XXXXXX").string();
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    return std::filesystem::path(templ);
  }();
  FakeRng rng(3);
  FakeClock clock(1'700'000'000'000'000);
  // A shared directory (as /tmp is: 1777) is refused and left as it was.
  const std::filesystem::path shared = root / "shared";
  std::filesystem::create_directory(shared);
  std::filesystem::permissions(shared, static_cast<std::filesystem::perms>(01777));
  Result<InitResult> refused = InitDataDir(shared.string(), GenesisSpec{}, rng, clock, store::OpenSqliteStores);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message().find("mode 1777") != std::string::npos);
  CHECK((static_cast<unsigned>(std::filesystem::status(shared).permissions()) & 07777) == 01777);
  CHECK(std::filesystem::is_empty(shared));
  // A private directory with someone's files in it is refused too.
  const std::filesystem::path full = root / "full";
  std::filesystem::create_directory(full);
  std::filesystem::permissions(full, std::filesystem::perms::owner_all);
  std::ofstream(full / "notes.txt") << "mine";
  CHECK(InitDataDir(full.string(), GenesisSpec{}, rng, clock, store::OpenSqliteStores)
            .error()
            .message()
            .find("not empty") != std::string::npos);
  // An empty private one is taken; a new one is made 0700; the stores' files are 0600.
  const std::filesystem::path empty = root / "empty";
  std::filesystem::create_directory(empty);
  std::filesystem::permissions(empty, std::filesystem::perms::owner_all);
  CHECK(InitDataDir(empty.string(), GenesisSpec{}, rng, clock, store::OpenSqliteStores).ok());
  const std::filesystem::path made = root / "made";
  REQUIRE(InitDataDir(made.string(), GenesisSpec{}, rng, clock, store::OpenSqliteStores).ok());
  CHECK((static_cast<unsigned>(std::filesystem::status(made).permissions()) & 0777) == 0700);
  std::unique_ptr<Node> node = Node::Open(made.string(), clock, store::OpenSqliteStores).value();
  size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(made)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("log.db", 0) != 0 && name.rfind("state.db", 0) != 0) continue;
    CAPTURE(name);
    CHECK((static_cast<unsigned>(entry.status().permissions()) & 077) == 0);
    ++checked;
  }
  CHECK(checked >= 3);  // log.db with its -wal and -shm while open, and state.db
  node.reset();
  std::filesystem::remove_all(root);
}

TEST_CASE("bad records are refused with the reason and nothing is appended") {
  NodeFixture f;
  std::uint64_t size = f.node->sequencer().size();
  auto summary = f.node->Summary();
  Bytes tampered = f.Territory("north");
  tampered[72] ^= 1;  // inside author_time
  CHECK(f.node->Submit(tampered).error().code() == StatusCode::kUnauthenticated);
  CHECK(f.node->Submit(Bytes{1, 2, 3}).error().code() == StatusCode::kInvalidArgument);
  FakeRng other(99);
  crypto::SigningKey stranger = crypto::SigningKey::Generate(other);
  core::TerritoryCreatePayload p{"south", "root", core::TerritoryKind::kRegion, "South", {}};
  Bytes unauthorised = core::SignRecord(f.node->log_id(), core::RecordKind::kTerritoryCreate, core::EncodePayload(p),
                                        f.clock.Now(), stranger)
                           .value()
                           .Encode();
  CHECK(f.node->Submit(unauthorised).error().code() == StatusCode::kPermissionDenied);
  REQUIRE(f.node->Submit(f.Territory("north")).ok());
  CHECK(f.node->Submit(f.Territory("north", 2)).error().code() == StatusCode::kFailedPrecondition);  // exists
  CHECK(f.node->sequencer().size() == size + 1);
  CHECK(f.node->Summary().records == summary.records + 1);
}

TEST_CASE("live state, a restarted node and a replay of the store agree on the digest") {
  NodeFixture f;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i)
        REQUIRE(f.node->Submit(f.Territory("t" + std::to_string(t) + "-" + std::to_string(i))).ok());
    });
  }
  for (auto& t : threads) t.join();
  StateSummary live = f.node->Summary();
  CHECK(live.records == 201);
  core::State replayed = ReplayStore(f.node->store(), f.node->sequencer().size()).value();
  CHECK(replayed.Digest() == live.digest);
  f.node.reset();
  f.node = Node::Open(f.dir, f.clock, store::OpenSqliteStores).value();
  CHECK(f.node->Summary().digest == live.digest);
}

}  // namespace
}  // namespace veche::node

namespace veche::node {
namespace {

TEST_CASE("a genesis cannot be submitted, and a node refuses to open a log without its own genesis") {
  NodeFixture f;
  GenesisSpec spec;
  core::GenesisPayload g;
  FakeRng rng(5);
  crypto::SigningKey usurper = crypto::SigningKey::Generate(rng);
  g.node_key = core::KeyBytes(usurper.public_key());
  g.root_id = "mine";
  g.root_name = "Mine";
  g.authorities = {g.node_key};
  g.authorities[0][0] ^= 1;  // any other key
  Bytes genesis =
      core::SignRecord(core::kNoLog, core::RecordKind::kGenesis, core::EncodePayload(g), 1, usurper).value().Encode();
  CHECK(f.node->Submit(genesis).error().message().find("veche init") != std::string::npos);

  // A data directory whose log was lost: opening must not create an empty log anyone could claim.
  f.node.reset();
  std::filesystem::remove(LogDbPath(f.dir));
  std::filesystem::remove(LogDbPath(f.dir) + "-wal");
  std::filesystem::remove(LogDbPath(f.dir) + "-shm");
  Result<std::unique_ptr<Node>> reopened = Node::Open(f.dir, f.clock, store::OpenSqliteStores);
  CHECK(reopened.error().code() == StatusCode::kDataLoss);
  CHECK(reopened.error().message().find("no genesis") != std::string::npos);
}

}  // namespace
}  // namespace veche::node

namespace veche::node {
namespace {

TEST_CASE("a restart loads the state tables and replays nothing, and a foreign snapshot is ignored") {
  NodeFixture f;
  for (int i = 0; i < 20; ++i) REQUIRE(f.node->Submit(f.Territory("r" + std::to_string(i))).ok());
  StateSummary before = f.node->Summary();
  f.node.reset();  // saves the state tables
  f.node = Node::Open(f.dir, f.clock, store::OpenSqliteStores).value();
  CHECK(f.node->replayed_at_open() == 0);
  CHECK(f.node->Summary().digest == before.digest);
  REQUIRE(f.node->Submit(f.Territory("after")).ok());
  StateSummary after = f.node->Summary();
  f.node.reset();

  // Tables of another log (here: an older snapshot whose root no longer matches a re-created log)
  // are not used: a new log in the same directory replays in full.
  auto tables = store::SqliteStateStore::Open((std::filesystem::path(f.dir) / "state.db").string()).value();
  auto snapshot = tables->Load().value();
  REQUIRE(snapshot.has_value());
  ledger::Hash wrong = snapshot->log_root;
  wrong[0] ^= 1;
  REQUIRE(tables->Save(snapshot->state, snapshot->log_size, wrong).ok());
  tables.reset();
  f.node = Node::Open(f.dir, f.clock, store::OpenSqliteStores).value();
  CHECK(f.node->replayed_at_open() == after.records);
  CHECK(f.node->Summary().digest == after.digest);
}

TEST_CASE("a read-only node serves the log, receipts and state, refuses records and writes nothing") {
  NodeFixture f;
  Receipt kept = f.node->Submit(f.Territory("kept")).value();
  for (int i = 0; i < 5; ++i) REQUIRE(f.node->Submit(f.Territory("r" + std::to_string(i))).ok());
  StateSummary before = f.node->Summary();
  f.node.reset();
  const auto log_file = std::filesystem::path(f.dir) / "log.db";
  const auto state_file = std::filesystem::path(f.dir) / "state.db";
  const auto log_written = std::filesystem::last_write_time(log_file);
  const auto state_bytes = std::filesystem::file_size(state_file);

  f.node = Node::Open(f.dir, f.clock, store::OpenSqliteStoresReadOnly, NodeOptions{true, "the disk is full"}).value();
  CHECK(f.node->read_only());
  CHECK(f.node->replayed_at_open() == 0);  // the snapshot is read, read-only
  CHECK(f.node->Summary().digest == before.digest);
  Receipt again = f.node->ReceiptFor(kept.record_id).value();
  CHECK(again.index == kept.index);
  CHECK(ProvesInclusion(f, again));
  Result<Receipt> refused = f.node->Submit(f.Territory("refused", 100));
  CHECK(refused.error().code() == StatusCode::kUnavailable);
  CHECK(refused.error().message().find("read-only (the disk is full)") != std::string::npos);
  f.clock.Advance(1'000'000);
  CHECK(f.node->Tick().error().code() == StatusCode::kUnavailable);
  f.node.reset();  // saves nothing
  CHECK(std::filesystem::last_write_time(log_file) == log_written);
  CHECK(std::filesystem::file_size(state_file) == state_bytes);

  // Without a readable snapshot the read-only node folds the whole log, from memory.
  std::filesystem::remove(state_file);
  f.node = Node::Open(f.dir, f.clock, store::OpenSqliteStoresReadOnly, NodeOptions{true, "test"}).value();
  CHECK(f.node->replayed_at_open() == before.records);
  CHECK(f.node->Summary().digest == before.digest);
  CHECK_FALSE(std::filesystem::exists(state_file));
}

}  // namespace
}  // namespace veche::node

namespace veche::node {
namespace {

TEST_CASE("the node's clock records move the state's clock, signed by the node key, and only forward") {
  NodeFixture f;
  f.clock.Set(1'800'000'000'000'000);
  Receipt tick = f.node->Tick().value();
  CHECK(f.node->ReadState([](const core::State& s) { return s.clock; }) == 1'800'000'000'000'000);
  core::Record r = core::DecodeEntry(f.node->store().ReadEntries(tick.index, 1).value()[0]).value();
  CHECK(r.kind == core::RecordKind::kClock);
  CHECK(r.author.ToHex() == ledger::NoteVerifier::Parse(f.node->verifier_key()).value().public_key().ToHex());
  CHECK(f.node->Tick().error().code() == StatusCode::kFailedPrecondition);  // the clock did not move
  f.clock.Advance(1);
  CHECK(f.node->Tick().ok());
}

TEST_CASE("the node's clock opens a session, closes it and records results that survive a restart") {
  NodeFixture f;
  constexpr UnixMicros kDay = 86'400'000'000;
  auto sign = [&](core::RecordKind kind, Bytes payload, const crypto::SigningKey& key) {
    return core::SignRecord(f.node->log_id(), kind, std::move(payload), f.clock.Now(), key).value().Encode();
  };
  crypto::SigningKey registrar = crypto::SigningKey::Generate(f.rng);
  core::PublicKeyBytes registrar_key = core::KeyBytes(registrar.public_key());
  REQUIRE(f.node
              ->Submit(sign(core::RecordKind::kRegistrarAccredit,
                            core::EncodePayload(core::RegistrarAccreditPayload{registrar_key, "root"}), *f.authority))
              .ok());
  std::vector<crypto::SigningKey> citizens;
  for (int i = 0; i < 3; ++i) {
    std::string id = "c" + std::to_string(i), code = "code-" + id;
    crypto::SigningKey enrolment = core::EnrolmentKeyFromCode(code);
    core::CitizenEnrolPayload e;
    e.id = id;
    e.residence = "root";
    e.enrolment_key = core::KeyBytes(enrolment.public_key());
    REQUIRE(f.node->Submit(sign(core::RecordKind::kCitizenEnrol, core::EncodePayload(e), registrar)).ok());
    citizens.push_back(crypto::SigningKey::Generate(f.rng));
    core::CitizenBindPayload b = core::MakeBindPayload(id, enrolment, core::KeyBytes(citizens.back().public_key()));
    REQUIRE(f.node->Submit(sign(core::RecordKind::kCitizenBind, core::EncodePayload(b), citizens.back())).ok());
  }
  // A secret-ballot election beside the session: one trustee, voting across the restart below.
  const crypto::SigningKey trustee = crypto::SigningKey::Generate(f.rng);
  core::ElectionDefinePayload election;
  election.id = "mayor";
  election.territory = "root";
  election.title = "Mayor";
  election.options = {"Ivanova", "Petrov"};
  election.opens_at = f.clock.Now() + kDay / 2;
  election.closes_at = f.clock.Now() + 30 * kDay;
  election.trustees = {core::KeyBytes(trustee.public_key())};
  REQUIRE(f.node->Submit(sign(core::RecordKind::kElectionDefine, core::EncodePayload(election), *f.authority)).ok());
  const core::TrusteeSecrets secrets = core::GenerateTrusteeSecrets(1, f.rng);
  auto commit =
      f.node->ReadState([&](const core::State& s) { return core::MakeTrusteeCommit(s, "mayor", 1, secrets, f.rng); });
  REQUIRE(f.node->Submit(sign(core::RecordKind::kTrusteeCommit, core::EncodePayload(commit.value()), trustee)).ok());
  auto reveal =
      f.node->ReadState([&](const core::State& s) { return core::MakeTrusteeReveal(s, "mayor", 1, secrets, f.rng); });
  REQUIRE(f.node->Submit(sign(core::RecordKind::kTrusteeReveal, core::EncodePayload(reveal.value()), trustee)).ok());
  auto ballot = [&](size_t citizen, std::uint8_t first) {
    auto p = f.node->ReadState([&](const core::State& s) {
      return core::MakeBallot(s, "mayor", core::KeyBytes(citizens[citizen].public_key()),
                              std::vector<std::uint8_t>{first, static_cast<std::uint8_t>(1 - first)}, f.rng);
    });
    return sign(core::RecordKind::kBallot, core::EncodePayload(p.value()), citizens[citizen]);
  };

  std::string text = "Every town keeps a public library.";
  REQUIRE(
      f.node->Submit(sign(core::RecordKind::kText, core::EncodePayload(core::TextPayload{text}), *f.authority)).ok());
  core::MeasureSpec spec;
  spec.territory = "root";
  spec.title = "Libraries act";
  spec.text = core::TextHashOf(text);
  REQUIRE(f.node
              ->Submit(sign(core::RecordKind::kMeasureTable,
                            core::EncodePayload(core::MeasurePayload{"libraries", spec}), *f.authority))
              .ok());
  f.clock.Advance(kDay);
  REQUIRE(f.node->Tick().ok());
  CHECK(f.node->ReadState([](const core::State& s) { return s.measures.at("libraries").status; }) ==
        core::MeasureStatus::kVoting);
  REQUIRE(f.node->ReadState([](const core::State& s) { return s.elections.at("mayor").status; }) ==
          core::ElectionStatus::kVoting);
  // Ballots through Submit (their proofs checked ahead of the ingest lock), one of them refused.
  REQUIRE(f.node->Submit(ballot(0, 1)).ok());
  REQUIRE(f.node->Submit(ballot(1, 0)).ok());
  Bytes forged = ballot(2, 1);
  forged[forged.size() - 100] ^= 1;  // a payload byte: the signature fails before any proof is checked
  CHECK_FALSE(f.node->Submit(forged).ok());
  for (size_t i = 0; i < citizens.size(); ++i) {
    core::VotePayload v{"libraries", i == 0 ? core::VoteChoice::kNo : core::VoteChoice::kYes};
    REQUIRE(f.node->Submit(sign(core::RecordKind::kVote, core::EncodePayload(v), citizens[i])).ok());
  }
  f.clock.Advance(15 * kDay);
  REQUIRE(f.node->Tick().ok());
  auto result = f.node->ReadState([](const core::State& s) { return s.measures.at("libraries").result; });
  REQUIRE(result.has_value());
  CHECK(result->decision.outcome == choice::Outcome::kAdopted);
  CHECK(result->binding == choice::Count{2, 1, 0});
  // A vote after the close is refused, and nothing more is appended.
  std::uint64_t size = f.node->sequencer().size();
  CHECK(f.node
            ->Submit(sign(core::RecordKind::kVote,
                          core::EncodePayload(core::VotePayload{"libraries", core::VoteChoice::kNo}), citizens[1]))
            .error()
            .code() == StatusCode::kFailedPrecondition);
  CHECK(f.node->sequencer().size() == size);
  StateSummary before = f.node->Summary();
  f.node.reset();
  f.node = Node::Open(f.dir, f.clock, store::OpenSqliteStores).value();
  CHECK(f.node->replayed_at_open() == 0);  // the state tables hold the legislative state and elections too
  CHECK(f.node->Summary().digest == before.digest);
  CHECK(f.node->ReadState([](const core::State& s) { return s.laws.count("libraries"); }) == 1);
  CHECK(f.node->ReadState([](const core::State& s) { return s.elections.at("mayor").ballots.size(); }) == 2);
  // The restored election goes on: a re-cast ballot replaces the first in the tally, and a full
  // replay of the log reaches the same state.
  REQUIRE(f.node->Submit(ballot(0, 0)).ok());
  REQUIRE(f.node->Submit(ballot(2, 1)).ok());
  const StateSummary after = f.node->Summary();
  core::State replayed = ReplayStore(f.node->store(), f.node->sequencer().size()).value();
  CHECK(replayed.Digest() == after.digest);
  CHECK(replayed.elections.at("mayor").ballots.size() == 3);
}

TEST_CASE("a batch is applied in order, each record answered on its own, and every receipt proves inclusion") {
  NodeFixture f;
  Bytes earlier = f.Territory("north");
  REQUIRE(f.node->Submit(earlier).ok());
  core::TerritoryCreatePayload child{"town", "east", core::TerritoryKind::kCity, "Town", {}};
  Bytes depends = core::SignRecord(f.node->log_id(), core::RecordKind::kTerritoryCreate, core::EncodePayload(child),
                                   f.clock.Now() + 2, *f.authority)
                      .value()
                      .Encode();
  Bytes forged = f.Territory("west");
  forged[72] ^= 1;  // inside author_time
  std::vector<Bytes> batch = {f.Territory("east"), depends, earlier, forged, f.Territory("north", 9)};
  for (int i = 0; i < 40; ++i) batch.push_back(f.Territory("r" + std::to_string(i)));  // enough for two threads
  std::vector<ByteView> views(batch.begin(), batch.end());
  std::vector<Result<Receipt>> results = f.node->SubmitBatch(views);
  REQUIRE(results.size() == batch.size());
  CHECK(results[0].ok());
  CHECK(results[1].ok());  // its parent came earlier in the same batch
  REQUIRE(results[2].ok());
  CHECK(results[2]->duplicate);
  CHECK(results[2]->index == 1);
  CHECK(results[3].error().code() == StatusCode::kUnauthenticated);
  CHECK(results[4].error().code() == StatusCode::kFailedPrecondition);  // north exists already
  std::uint64_t expected_index = 2;
  for (size_t i : std::vector<size_t>{0, 1, 2}) {
    const Receipt& r = *results[i];
    CHECK(ProvesInclusion(f, r));
    if (!r.duplicate) CHECK(r.index == expected_index++);
  }
  for (size_t i = 5; i < results.size(); ++i) CHECK(results[i].ok());
  CHECK(f.node->sequencer().size() == 2 + 2 + 40);
}

TEST_CASE("an asynchronous submission answers once from the sequencer, without proofs until Prove") {
  NodeFixture f;
  Bytes earlier = f.Territory("north");
  REQUIRE(f.node->Submit(earlier).ok());
  Bytes forged = f.Territory("west");
  forged[72] ^= 1;  // inside author_time

  // Only refusals and a duplicate: answered on this thread before SubmitBatchAsync returns.
  std::vector<ByteView> no_log = {forged, earlier};
  std::optional<std::vector<Result<Receipt>>> told_at_once;
  f.node->SubmitBatchAsync(no_log, [&](std::vector<Result<Receipt>> r) { told_at_once = std::move(r); });
  REQUIRE(told_at_once.has_value());
  REQUIRE(told_at_once->size() == 2);
  CHECK((*told_at_once)[0].error().code() == StatusCode::kUnauthenticated);
  CHECK((*told_at_once)[1]->duplicate);

  // Only new records: every answer comes from the sequencer, so its thread gives the last one.
  Bytes west = f.Territory("west");
  std::vector<ByteView> only_new = {west};
  std::promise<std::pair<size_t, std::thread::id>> sequencer_answer;
  f.node->SubmitBatchAsync(only_new, [&](std::vector<Result<Receipt>> r) {
    sequencer_answer.set_value({r.size(), std::this_thread::get_id()});
  });
  auto [answered_count, sequencer_thread] = sequencer_answer.get_future().get();
  CHECK(answered_count == 1);
  CHECK(sequencer_thread != std::this_thread::get_id());

  // New records mixed with a refusal: answered once, in input order, by whichever thread gives the
  // last answer (the sequencer's, or this one if the sequencer was quicker: node.h).
  Bytes east = f.Territory("east");
  Bytes south = f.Territory("south");
  std::vector<ByteView> batch = {east, forged, south};
  std::promise<std::pair<std::vector<Result<Receipt>>, std::thread::id>> answered;
  std::atomic<int> calls{0};
  f.node->SubmitBatchAsync(batch, [&](std::vector<Result<Receipt>> r) {
    if (++calls == 1) answered.set_value({std::move(r), std::this_thread::get_id()});
  });
  auto receipts = answered.get_future().get().first;
  REQUIRE(receipts.size() == 3);
  CHECK(receipts[0]->index == 3);
  CHECK(receipts[1].error().code() == StatusCode::kUnauthenticated);
  CHECK(receipts[2]->index == 4);
  CHECK(receipts[0]->inclusion_proof.empty());
  CHECK(receipts[0]->checkpoint.empty());

  f.node->Prove(receipts);
  CHECK(ProvesInclusion(f, *receipts[0]));
  CHECK(ProvesInclusion(f, *receipts[2]));
  CHECK(receipts[1].error().code() == StatusCode::kUnauthenticated);  // Prove leaves refusals alone
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(calls.load() == 1);
}

}  // namespace
}  // namespace veche::node

namespace veche::node {
namespace {

TEST_CASE("a node runs on whatever stores it is given: a memory log and a state store that fails") {
  std::string templ = (std::filesystem::temp_directory_path() / "veche-memnode-XXXXXX").string();
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  const std::string dir = templ + "/node";
  ledger::MemoryLogStore log;  // outlives every node opened on it
  int failing_reads = 0;
  store::StoresOpener in_memory = [&](const std::string&) -> Result<store::Stores> {
    store::Stores stores;
    stores.log = std::make_unique<ledger::FaultyLogStore>(log);
    auto state = std::make_unique<store::FaultyStateStore>(std::make_unique<store::MemoryStateStore>());
    state->FailNextReads(failing_reads);
    stores.state = std::move(state);
    return stores;
  };
  FakeRng rng(11);
  FakeClock clock(1'700'000'000'000'000);
  REQUIRE(InitDataDir(dir, GenesisSpec{}, rng, clock, in_memory).ok());
  CHECK_FALSE(std::filesystem::exists(dir + "/log.db"));  // nothing went to SQLite
  crypto::SigningKey authority = crypto::ReadPrivateKeyFile(AuthorityKeyPath(dir)).value();
  core::TerritoryCreatePayload p{"north", "root", core::TerritoryKind::kRegion, "North", {}};
  crypto::Sha256Digest digest;
  Bytes record;
  {
    std::unique_ptr<Node> node = Node::Open(dir, clock, in_memory).value();
    record = core::SignRecord(node->log_id(), core::RecordKind::kTerritoryCreate, core::EncodePayload(p), clock.Now(),
                              authority)
                 .value()
                 .Encode();
    REQUIRE(node->Submit(record).ok());
    digest = node->Summary().digest;
  }
  // Reopened on the same log with a state store whose reads fail: the log is replayed.
  failing_reads = 1;
  std::unique_ptr<Node> node = Node::Open(dir, clock, in_memory).value();
  CHECK(node->replayed_at_open() == 2);
  CHECK(node->Summary().digest == digest);
  CHECK(node->Submit(record)->duplicate);
  node.reset();
  std::filesystem::remove_all(templ);
}

}  // namespace
}  // namespace veche::node
