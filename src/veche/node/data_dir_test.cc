#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "veche/ledger/checkpoint.h"
#include "veche/node/data_dir.h"

namespace veche::node {
namespace {

std::filesystem::path TempDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "veche-node-test-XXXXXX").string();
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  return templ;
}

TEST_CASE("init creates a private key, a store and the first entry, and refuses to run twice") {
  auto root = TempDir();
  std::string dir = (root / "node").string();
  FakeRng rng(1);
  Result<std::string> vkey = InitDataDir(dir, "example.org/veche", rng);
  REQUIRE(vkey.ok());
  CHECK(vkey->rfind("example.org/veche+", 0) == 0);
  struct stat st;
  REQUIRE(::stat(LogKeyPath(dir).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(InitDataDir(dir, "example.org/veche", rng).error().code() == StatusCode::kAlreadyExists);

  auto log = OpenDataDir(dir).value();
  CHECK(log->verifier_key == *vkey);
  CHECK(log->sequencer->size() == 1);
  CHECK(log->store->ReadEntries(0, 1).value()[0] == FirstEntry("example.org/veche"));
  ledger::NoteVerifier verifier = ledger::NoteVerifier::Parse(*vkey).value();
  auto opened = ledger::OpenNote(log->sequencer->checkpoint(), std::span(&verifier, 1));
  REQUIRE(opened.ok());
  CHECK(ledger::ParseCheckpoint(opened->text).value().origin == "example.org/veche");
  log.reset();
  std::filesystem::remove_all(root);
}

TEST_CASE("opening refuses a missing or exposed key with a hint") {
  auto root = TempDir();
  CHECK(OpenDataDir(root.string()).error().message().find("veche init") != std::string::npos);
  FakeRng rng(2);
  std::string dir = (root / "n").string();
  REQUIRE(InitDataDir(dir, "example.org/veche", rng).ok());
  REQUIRE(::chmod(LogKeyPath(dir).c_str(), 0640) == 0);
  CHECK(OpenDataDir(dir).error().code() == StatusCode::kPermissionDenied);
  CHECK(InitDataDir((root / "m").string(), "bad origin", rng).error().code() == StatusCode::kInvalidArgument);
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace veche::node
