// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include <string>

#include "veche/base/text_codec.h"
#include "veche/crypto/compare.h"
#include "veche/crypto/sha256.h"

namespace veche::crypto {
namespace {

TEST_CASE("sha256 matches the FIPS 180-2 vectors") {
  CHECK(HexEncode(Sha256Of(AsBytes(""))) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(HexEncode(Sha256Of(AsBytes("abc"))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(HexEncode(Sha256Of(AsBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  std::string million_a(1'000'000, 'a');
  CHECK(HexEncode(Sha256Of(AsBytes(million_a))) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("incremental hashing equals one-shot hashing and the hasher resets after finish") {
  Sha256 h;
  h.Update(std::uint8_t{'a'}).Update(AsBytes("b")).Update(AsBytes("c"));
  CHECK(h.Finish() == Sha256Of(AsBytes("abc")));
  h.Update(AsBytes(""));
  CHECK(h.Finish() == Sha256Of(AsBytes("")));
}

TEST_CASE("constant-time equality compares contents and lengths") {
  CHECK(ConstantTimeEqual(AsBytes("secret"), AsBytes("secret")));
  CHECK_FALSE(ConstantTimeEqual(AsBytes("secret"), AsBytes("secreT")));
  CHECK_FALSE(ConstantTimeEqual(AsBytes("secret"), AsBytes("secrets")));
  CHECK(ConstantTimeEqual(AsBytes(""), AsBytes("")));
}

}  // namespace
}  // namespace veche::crypto
