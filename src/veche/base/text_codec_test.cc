// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include "veche/base/rng.h"
#include "veche/base/text_codec.h"

namespace veche {
namespace {

TEST_CASE("hex round-trips and encodes lowercase") {
  Bytes data = {0x00, 0x01, 0xab, 0xff};
  CHECK(HexEncode(data) == "0001abff");
  CHECK(HexDecode("0001abff").value() == data);
  CHECK(HexDecode("").value().empty());
}

TEST_CASE("hex decoding rejects uppercase, odd length and non-digits") {
  CHECK(HexDecode("0001ABFF").error().message().find("offset 4") != std::string::npos);
  CHECK(HexDecode("abc").error().code() == StatusCode::kInvalidArgument);
  CHECK_FALSE(HexDecode("zz").ok());
  CHECK_FALSE(HexDecode(" 00").ok());
}

TEST_CASE("base64 matches the RFC 4648 test vectors") {
  const char* cases[][2] = {{"", ""},
                            {"f", "Zg=="},
                            {"fo", "Zm8="},
                            {"foo", "Zm9v"},
                            {"foob", "Zm9vYg=="},
                            {"fooba", "Zm9vYmE="},
                            {"foobar", "Zm9vYmFy"}};
  for (auto& c : cases) {
    CHECK(Base64Encode(AsBytes(c[0])) == c[1]);
    CHECK(ToString(Base64Decode(c[1]).value()) == c[0]);
  }
}

TEST_CASE("base64 decoding rejects non-canonical forms") {
  CHECK_FALSE(Base64Decode("Zg").ok());        // missing padding
  CHECK_FALSE(Base64Decode("Zh==").ok());      // unused bits set ("Zg==" is canonical)
  CHECK_FALSE(Base64Decode("Zm9=").ok());      // unused bits set ("Zm8=" is canonical)
  CHECK_FALSE(Base64Decode("Zm9v\n").ok());    // whitespace
  CHECK_FALSE(Base64Decode("Zm-v").ok());      // URL alphabet
  CHECK_FALSE(Base64Decode("Zg==Zg==").ok());  // padding in the middle
  CHECK_FALSE(Base64Decode("====").ok());
  CHECK_FALSE(Base64Decode("Z===").ok());
}

TEST_CASE("hex and base64 round-trip random data of every small length") {
  FakeRng rng(42);
  for (size_t n = 0; n < 100; ++n) {
    Bytes data = rng.Generate(n);
    CHECK(HexDecode(HexEncode(data)).value() == data);
    CHECK(Base64Decode(Base64Encode(data)).value() == data);
  }
}

}  // namespace
}  // namespace veche
