// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "veche/node/registrar_store.h"

namespace veche::node {
namespace {

std::string FileBytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST_CASE("the registrar's store keeps personal data privately and reproduces the log's commitment") {
  std::string templ = (std::filesystem::temp_directory_path() / "veche-registry-XXXXXX").string();
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  std::filesystem::path dir = templ;
  std::string path = (dir / "registry.db").string();
  auto store = RegistrarStore::Open(path).value();
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 077) == 0);

  Bytes salt = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  REQUIRE(store->Put("c-1", salt, "Marfa Boretskaya, Novgorod", 100).ok());
  CHECK(store->Put("c-1", salt, "again", 101).code() == StatusCode::kAlreadyExists);
  PersonRecord p = store->Get("c-1").value();
  CHECK(p.data == "Marfa Boretskaya, Novgorod");
  CHECK(p.Commitment() == core::PersonalDataCommitment(salt, "Marfa Boretskaya, Novgorod"));
  CHECK_FALSE(p.erased_at.has_value());
  CHECK(store->Get("nobody").error().code() == StatusCode::kNotFound);
  CHECK(store->Erase("nobody", 1).code() == StatusCode::kNotFound);
}

TEST_CASE("erasing a person leaves no trace of their data in the store's files") {
  std::string templ = (std::filesystem::temp_directory_path() / "veche-registry-XXXXXX").string();
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  std::filesystem::path dir = templ;
  std::string path = (dir / "registry.db").string();
  auto store = RegistrarStore::Open(path).value();
  REQUIRE(store->Put("c-1", Bytes(16, 7), "Marfa Boretskaya", 100).ok());
  REQUIRE(store->Put("c-2", Bytes(16, 8), "Another Person", 100).ok());
  REQUIRE(store->Erase("c-1", 200).ok());
  REQUIRE(store->Erase("c-1", 300).ok());  // twice is fine; the first time counts
  PersonRecord p = store->Get("c-1").value();
  CHECK(p.data.empty());
  CHECK(p.salt.empty());
  CHECK(p.erased_at == 200);
  CHECK(store->Get("c-2").value().data == "Another Person");
  store.reset();
  std::string all;
  for (const auto& e : std::filesystem::directory_iterator(dir)) all += FileBytes(e.path());
  CHECK(all.find("Marfa") == std::string::npos);
  CHECK(all.find("Another Person") != std::string::npos);  // the check can see data that is there
  std::filesystem::remove_all(dir);
}

TEST_CASE("an erased entry does not block its id: storing the id again replaces it, a live entry still does") {
  std::string templ = (std::filesystem::temp_directory_path() / "veche-registry-XXXXXX").string();
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  std::filesystem::path dir = templ;
  auto store = RegistrarStore::Open((dir / "registry.db").string()).value();
  REQUIRE(store->Put("c-1", Bytes(16, 7), "Marfa Boretskaya", 100).ok());
  REQUIRE(store->Erase("c-1", 200).ok());  // e.g. the node refused the enrolment
  REQUIRE(store->Put("c-1", Bytes(16, 9), "Marfa Boretskaya, again", 300).ok());
  PersonRecord p = store->Get("c-1").value();
  CHECK(p.data == "Marfa Boretskaya, again");
  CHECK(p.salt == Bytes(16, 9));
  CHECK(p.stored_at == 300);
  CHECK_FALSE(p.erased_at.has_value());
  CHECK(store->Put("c-1", Bytes(16, 1), "someone else", 400).code() == StatusCode::kAlreadyExists);
  CHECK(store->Get("c-1").value().data == "Marfa Boretskaya, again");
  store.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace veche::node
