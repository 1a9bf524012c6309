// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "veche/core/apply.h"
#include "veche/crypto/key_file.h"
#include "veche/ledger/checkpoint.h"
#include "veche/node/data_dir.h"
#include "veche/node/node.h"
#include "veche/store/sqlite/sqlite_stores.h"

namespace veche::node {
namespace {

std::filesystem::path TempDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "veche-node-test-XXXXXX").string();
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  return templ;
}

TEST_CASE("init writes a private key and a log whose entry 0 is a genesis signed by the node key") {
  auto root = TempDir();
  std::string dir = (root / "node").string();
  FakeRng rng(1);
  FakeClock clock(1'700'000'000'000'000);
  GenesisSpec spec;
  spec.origin = "example.org/veche";
  spec.root_id = "union";
  Result<InitResult> init = InitDataDir(dir, spec, rng, clock, store::OpenSqliteStores);
  REQUIRE(init.ok());
  CHECK(init->verifier_key.rfind("example.org/veche+", 0) == 0);
  CHECK(init->generated_authority_key == AuthorityKeyPath(dir));
  struct stat st;
  REQUIRE(::stat(LogKeyPath(dir).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(InitDataDir(dir, spec, rng, clock, store::OpenSqliteStores).error().code() == StatusCode::kAlreadyExists);

  auto node = Node::Open(dir, clock, store::OpenSqliteStores).value();
  CHECK(node->sequencer().size() == 1);
  node->ReadState([&](const core::State& s) {
    CHECK(s.has_genesis);
    CHECK(s.root == "union");
    CHECK(s.authorities.size() == 1);
    auto authority = crypto::ReadPrivateKeyFile(AuthorityKeyPath(dir)).value();
    CHECK(s.authorities.count(core::KeyBytes(authority.public_key())) == 1);
    return 0;
  });
  ledger::NoteVerifier verifier = ledger::NoteVerifier::Parse(init->verifier_key).value();
  auto opened = ledger::OpenNote(node->sequencer().checkpoint(), std::span(&verifier, 1));
  REQUIRE(opened.ok());
  CHECK(ledger::ParseCheckpoint(opened->text).value().origin == "example.org/veche");
  node.reset();
  std::filesystem::remove_all(root);
}

TEST_CASE("opening refuses a missing or exposed key with a hint, and init refuses bad specs") {
  auto root = TempDir();
  FakeClock clock(1);
  CHECK(Node::Open(root.string(), clock, store::OpenSqliteStores).error().message().find("veche init") !=
        std::string::npos);
  FakeRng rng(2);
  std::string dir = (root / "n").string();
  REQUIRE(InitDataDir(dir, GenesisSpec{}, rng, clock, store::OpenSqliteStores).ok());
  REQUIRE(::chmod(LogKeyPath(dir).c_str(), 0640) == 0);
  CHECK(Node::Open(dir, clock, store::OpenSqliteStores).error().code() == StatusCode::kPermissionDenied);
  GenesisSpec bad;
  bad.origin = "bad origin";
  CHECK(InitDataDir((root / "m").string(), bad, rng, clock, store::OpenSqliteStores).error().code() ==
        StatusCode::kInvalidArgument);
  GenesisSpec bad_root;
  bad_root.root_id = "Root!";
  CHECK(InitDataDir((root / "k").string(), bad_root, rng, clock, store::OpenSqliteStores).error().code() ==
        StatusCode::kInvalidArgument);
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace veche::node
