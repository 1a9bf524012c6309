// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include "veche/base/canonical.h"
#include "veche/base/rng.h"
#include "veche/base/text_codec.h"

namespace veche {
namespace {

TEST_CASE("the encoder writes the documented bytes (golden)") {
  Encoder e(1);
  e.PutU8(0xab).PutU16(0x0102).PutU32(0x03040506).PutU64(0x0708090a0b0c0d0eULL).PutI64(-2).PutBool(true);
  e.PutFixed(AsBytes("xy")).PutBytes(AsBytes("abc")).PutString("\xd0\xb2");  // "в"
  CHECK(HexEncode(e.bytes()) ==
        "01"                // version
        "ab"                // u8
        "0102"              // u16
        "03040506"          // u32
        "0708090a0b0c0d0e"  // u64
        "fffffffffffffffe"  // i64 -2
        "01"                // bool
        "7879"              // fixed "xy"
        "00000003616263"    // bytes "abc"
        "00000002d0b2");    // string "в"
}

TEST_CASE("the decoder reads back what the encoder wrote and requires the end") {
  Bytes data = Encoder(2).PutU32(7).PutString("hello").PutBool(false).PutI64(-5).Finish();
  Decoder d(data);
  CHECK(d.Version(1, 2).value() == 2);
  CHECK(d.U32().value() == 7);
  CHECK(d.String(100).value() == "hello");
  CHECK(d.Bool().value() == false);
  CHECK(d.I64().value() == -5);
  CHECK(d.Finish().ok());
}

TEST_CASE("the decoder rejects bad versions, bad booleans, over-long fields and trailing bytes") {
  Bytes v3 = Encoder(3).Finish();
  CHECK(Decoder(v3).Version(1, 2).error().message().find("unsupported format version 3") != std::string::npos);

  Bytes bad_bool = {1, 2};
  Decoder db(bad_bool);
  CHECK(db.U8().ok());
  CHECK(db.Bool().error().code() == StatusCode::kInvalidArgument);

  Bytes big = Encoder(1).PutBytes(AsBytes("abcdef")).Finish();
  Decoder dl(big);
  dl.U8().value();
  CHECK(dl.BytesField(5).error().message().find("limit 5") != std::string::npos);

  Bytes lying_length = {1, 0xff, 0xff, 0xff, 0xff, 'a'};
  Decoder dx(lying_length);
  dx.U8().value();
  CHECK(dx.BytesField(SIZE_MAX).error().message().find("truncated") != std::string::npos);

  Bytes trailing = {1, 0};
  Decoder dt(trailing);
  dt.U8().value();
  CHECK(dt.Finish().message() == "1 trailing bytes after offset 1");
}

TEST_CASE("strings must be valid UTF-8") {
  CHECK(IsValidUtf8("plain ascii"));
  CHECK(IsValidUtf8("\xd0\xb2\xd0\xb5\xd1\x87\xd0\xb5"));  // вече
  CHECK(IsValidUtf8("\xf0\x9f\x97\xb3"));                  // U+1F5F3
  CHECK_FALSE(IsValidUtf8("\xc0\xaf"));                    // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xe0\x80\xaf"));                // overlong 3-byte
  CHECK_FALSE(IsValidUtf8("\xed\xa0\x80"));                // surrogate U+D800
  CHECK_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));            // above U+10FFFF
  CHECK_FALSE(IsValidUtf8("\xd0"));                        // truncated
  CHECK_FALSE(IsValidUtf8("\x80"));                        // lone continuation

  Bytes raw = {1, 0, 0, 0, 2, 0xc0, 0xaf};
  Decoder d(raw);
  d.U8().value();
  CHECK(d.String(10).error().message().find("not valid UTF-8") != std::string::npos);
}

TEST_CASE("decoding random garbage never crashes and never reads past the input") {
  FakeRng rng(7);
  for (int i = 0; i < 2000; ++i) {
    Bytes junk = rng.Generate(rng.Uniform(40));
    Decoder d(junk);
    // Drive a fixed schema over arbitrary bytes; every step either succeeds or errors cleanly.
    (void)d.Version(0, 255);
    (void)d.Bool();
    (void)d.String(16);
    (void)d.BytesField(1 << 20);
    (void)d.U64();
    CHECK(d.position() <= junk.size());
  }
}

}  // namespace
}  // namespace veche
