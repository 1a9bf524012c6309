// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/crypto/key_file.h"

namespace veche::crypto {
namespace {

std::filesystem::path TempDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "veche-key-test-XXXXXX").string();
  char* made = ::mkdtemp(templ.data());
  REQUIRE(made != nullptr);
  return made;
}

TEST_CASE("a private key file round-trips and is created with mode 0600") {
  auto dir = TempDir();
  FakeRng rng(11);
  SigningKey key = SigningKey::Generate(rng);
  std::string path = (dir / "node.key").string();
  REQUIRE(WritePrivateKeyFile(path, key).ok());
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  SigningKey loaded = ReadPrivateKeyFile(path).value();
  CHECK(loaded.public_key() == key.public_key());

  // Never overwritten.
  CHECK(WritePrivateKeyFile(path, key).code() == StatusCode::kAlreadyExists);

  // Refused once group or others can read it.
  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  Result<SigningKey> refused = ReadPrivateKeyFile(path);
  CHECK(refused.error().code() == StatusCode::kPermissionDenied);
  CHECK(refused.error().message().find("chmod 600") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("the private key file has the documented bytes (docs/formats/key-file.md example)") {
  SigningKey key =
      SigningKey::FromSeed(HexDecode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").value())
          .value();
  CHECK(EncodePrivateKeyFile(key) ==
        "veche-key-v1 ed25519-private\n"
        "seed: nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\n"
        "public: 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n");
  CHECK(EncodePublicKeyFile(key.public_key()) ==
        "veche-key-v1 ed25519-public\npublic: 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n");
}

TEST_CASE("a public key file round-trips") {
  auto dir = TempDir();
  FakeRng rng(12);
  SigningKey key = SigningKey::Generate(rng);
  std::string path = (dir / "node.pub").string();
  REQUIRE(WritePublicKeyFile(path, key.public_key()).ok());
  CHECK(ReadPublicKeyFile(path).value() == key.public_key());
  CHECK(ReadPublicKeyFile((dir / "missing.pub").string()).error().code() == StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

TEST_CASE("parsing rejects malformed and corrupted key files with a clear reason") {
  FakeRng rng(13);
  SigningKey key = SigningKey::Generate(rng);
  std::string good = EncodePrivateKeyFile(key);
  REQUIRE(ParsePrivateKeyFile(good).ok());

  CHECK_FALSE(ParsePrivateKeyFile(good.substr(0, good.size() - 1)).ok());  // no final newline
  CHECK(ParsePrivateKeyFile("").error().message().find("0 lines") != std::string::npos);
  std::string wrong_header = good;
  wrong_header[0] = 'X';
  CHECK(ParsePrivateKeyFile(wrong_header).error().message().find("line 1") != std::string::npos);

  // Swap in another key's public line: detected as corruption.
  SigningKey other = SigningKey::Generate(rng);
  std::string other_text = EncodePrivateKeyFile(other);
  std::string mixed = good.substr(0, good.find("public: ")) + other_text.substr(other_text.find("public: "));
  CHECK(ParsePrivateKeyFile(mixed).error().code() == StatusCode::kDataLoss);

  // A public key file is not a private key file and vice versa.
  CHECK_FALSE(ParsePrivateKeyFile(EncodePublicKeyFile(key.public_key())).ok());
  CHECK_FALSE(ParsePublicKeyFile(good).ok());
  CHECK(ParsePublicKeyFile("veche-key-v1 ed25519-public\npublic: AAAA\n").error().message().find("expected 32") !=
        std::string::npos);
}

TEST_CASE("parsing arbitrary mutations of a key file never crashes") {
  FakeRng rng(14);
  SigningKey key = SigningKey::Generate(rng);
  std::string good = EncodePrivateKeyFile(key);
  for (int i = 0; i < 3000; ++i) {
    std::string mutated = good;
    int edits = 1 + static_cast<int>(rng.Uniform(3));
    for (int e = 0; e < edits; ++e) {
      size_t at = rng.Uniform(mutated.size());
      mutated[at] = static_cast<char>(rng.Uniform(256));
    }
    Result<SigningKey> parsed = ParsePrivateKeyFile(mutated);
    if (parsed.ok()) CHECK(parsed->public_key() == key.public_key());
  }
}

}  // namespace
}  // namespace veche::crypto
