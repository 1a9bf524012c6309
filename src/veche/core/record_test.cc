// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>
#include <sodium.h>

#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/core/record.h"
#include "veche/core/registry/payloads.h"

namespace veche::core {
namespace {

crypto::SigningKey Rfc8032Key() {
  return crypto::SigningKey::FromSeed(
             HexDecode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").value())
      .value();
}

// A log id for these tests: any 32 bytes.
LogId TestLog(std::uint8_t fill = 0xab) {
  LogId log;
  log.fill(fill);
  return log;
}

TEST_CASE("a record's body has the documented bytes and its signature covers the domain tag") {
  crypto::SigningKey key = Rfc8032Key();
  Record r = SignRecord(TestLog(), RecordKind::kClock, EncodePayload(ClockPayload{1'000'000}), 42, key).value();
  // Written by hand from docs/formats/record.md.
  CHECK(HexEncode(r.Body()) ==
        "02"                                                                // version
        "abababababababababababababababababababababababababababababababab"  // log
        "0002"                                                              // kind: clock
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"  // author
        "000000000000002a"                                                  // author_time 42
        "00000009"                                                          // payload length
        "0100000000000f4240");                                              // payload v1, time 10^6
  // Independently of our wrapper: libsodium verifies the signature over "veche/record/v2\n" || body.
  Bytes message = ToBytes("veche/record/v2\n");
  Append(message, r.Body());
  CHECK(crypto_sign_verify_detached(r.signature.data(), message.data(), message.size(),
                                    key.public_key().bytes().data()) == 0);
  // Ed25519 is deterministic: the signature and the id docs/formats/record.md shows.
  CHECK(HexEncode(r.signature) ==
        "1fcdcb2bb5b67d8ec0683b274cf39b8873734c3ced69c6227d4ae02b06aa5f73"
        "bfb8ee98c4356307bd45d5ef9459b40958e3b7213bb580bbbdd4a787fcff5307");
  CHECK(HexEncode(r.Id()) == "1d63d6d1c91416d2a73eac78bf736d7f77f38bdd1545c3494e2e76683d83151a");
  // And not over the bare body: signatures are domain-separated.
  Bytes body = r.Body();
  CHECK(crypto_sign_verify_detached(r.signature.data(), body.data(), body.size(), key.public_key().bytes().data()) !=
        0);
}

TEST_CASE("records round-trip, and the id ignores the signature but not the body") {
  FakeRng rng(1);
  crypto::SigningKey key = crypto::SigningKey::Generate(rng);
  const Bytes rename = EncodePayload(RenamePayload{"city-1", "Новгород"});
  Record r = SignRecord(TestLog(), RecordKind::kTerritoryRename, rename, 7, key).value();
  Record back = DecodeRecord(r.Encode()).value();
  CHECK(back.Encode() == r.Encode());
  CHECK(back.Id() == r.Id());
  CHECK(back.log == TestLog());
  Record later = SignRecord(TestLog(), RecordKind::kTerritoryRename, rename, 8, key).value();
  CHECK(later.Id() != r.Id());
  // The same statement for another log is another record.
  Record elsewhere = SignRecord(TestLog(0xcd), RecordKind::kTerritoryRename, rename, 7, key).value();
  CHECK(elsewhere.Id() != r.Id());
}

TEST_CASE("a version 1 record, which names no log, is refused with a message that says so") {
  // A version 1 vote as the format was before logs were named (tests/data/records history).
  Bytes v1 = HexDecode(
                 "01003aead156d014c5979160b5d64ecadea8aea9c4da89d7bedd6518611d5ba37e0fae0006608b015f30000000001301"
                 "0000000d6f70656e2d646174612d61637401d7310bd0f3d6090979d4e1a2a25c64c8c5d57dace1003a21877e2b017cde"
                 "62372bd9cf7b672ae7596b132295635ae8f52d45d440922c55fc5b07c3d2803ca00e")
                 .value();
  Result<Record> r = DecodeRecord(v1);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code() == StatusCode::kInvalidArgument);
  CHECK(r.error().message().find("version 1 names no log") != std::string::npos);
}

TEST_CASE("decoding refuses tampering, unknown kinds, versions, bad keys and trailing bytes") {
  FakeRng rng(2);
  crypto::SigningKey key = crypto::SigningKey::Generate(rng);
  Bytes good = SignRecord(TestLog(), RecordKind::kClock, EncodePayload(ClockPayload{5}), 1, key).value().Encode();
  REQUIRE(DecodeRecord(good).ok());

  Bytes tampered = good;
  tampered[72] ^= 1;  // inside author_time (bytes 67..74)
  CHECK(DecodeRecord(tampered).error().code() == StatusCode::kUnauthenticated);
  Bytes other_log = good;
  other_log[5] ^= 1;  // the log is signed too
  CHECK(DecodeRecord(other_log).error().code() == StatusCode::kUnauthenticated);

  Bytes unknown = good;
  unknown[34] = 99;
  CHECK(DecodeRecord(unknown).error().message() == "unknown record kind 99");

  Bytes version = good;
  version[0] = 3;
  CHECK(DecodeRecord(version).error().message().find("record version") != std::string::npos);

  Bytes low_order = good;
  std::fill(low_order.begin() + 35, low_order.begin() + 67, 0);
  CHECK(DecodeRecord(low_order).error().message().find("record author") != std::string::npos);

  Bytes trailing = good;
  trailing.push_back(0);
  CHECK_FALSE(DecodeRecord(trailing).ok());
  CHECK_FALSE(DecodeRecord(ByteView(good).first(good.size() - 1)).ok());
  CHECK_FALSE(DecodeRecord(Bytes(kMaxRecordSize + 1, 0)).ok());
  CHECK_FALSE(SignRecord(TestLog(), RecordKind::kClock, Bytes(kMaxPayloadSize + 1, 0), 0, key).ok());
}

TEST_CASE("log entries wrap the record with the node's time") {
  LogEntry e{123, ToBytes("record bytes")};
  LogEntry back = DecodeLogEntry(e.Encode()).value();
  CHECK(back.node_time == 123);
  CHECK(back.record == e.record);
  Bytes bad = e.Encode();
  bad.push_back(1);
  CHECK_FALSE(DecodeLogEntry(bad).ok());
}

TEST_CASE("payloads decode strictly") {
  CHECK(DecodePayload<RenamePayload>(EncodePayload(RenamePayload{"a-b", "x"})).ok());
  CHECK_FALSE(DecodePayload<RenamePayload>(EncodePayload(RenamePayload{"A", "x"})).ok());  // uppercase id
  CHECK_FALSE(DecodePayload<RenamePayload>(EncodePayload(RenamePayload{"-a", "x"})).ok());
  CHECK_FALSE(DecodePayload<RenamePayload>(EncodePayload(RenamePayload{"a", "tab\there"})).ok());
  CHECK_FALSE(DecodePayload<RenamePayload>(EncodePayload(RenamePayload{"a", ""})).ok());
  CHECK_FALSE(DecodePayload<IdPayload>(EncodePayload(RenamePayload{"a", "x"})).ok());  // trailing field
  Charter bad;
  bad.consultative_age = bad.majority_age;
  CHECK(bad.Validate().message().find("consultative age") != std::string::npos);
  TerritoryCreatePayload t{"c", "root", TerritoryKind::kCity, "C", bad};
  CHECK_FALSE(DecodePayload<TerritoryCreatePayload>(EncodePayload(t)).ok());
  t.charter = Charter{};
  CHECK(DecodePayload<TerritoryCreatePayload>(EncodePayload(t)).value().charter == Charter{});
  CitizenEnrolPayload e;
  e.id = "c1";
  e.residence = "root";
  e.majority_date = 10;
  e.consultative_date = 20;  // after majority
  CHECK_FALSE(DecodePayload<CitizenEnrolPayload>(EncodePayload(e)).ok());
}

TEST_CASE("the default charter encodes as docs/formats/record.md shows, and its fields read back by name") {
  Encoder e(1);
  fields::Writer w(e);
  const Charter charter;
  Charter::Fields(w, charter);
  Bytes bytes = e.Finish();
  CHECK(HexEncode(ByteView(bytes).subspan(1)) ==
        "120e0203"
        "00c801f4"
        "00000064"
        "001e001e"
        "014d000a0000"
        "0000010002"
        "0000010002"
        "0200020003"
        "00"
        "03e8"
        "000e"
        "0015005a0005"
        "0201"
        "00070007"
        "01f4"
        "0000010002"
        "00"
        "00"
        "00"
        "0000");
  Charter changed;
  for (const auto& [name, value] : CharterFields(Charter{})) REQUIRE(SetCharterField(changed, name, value).ok());
  CHECK(changed == Charter{});
  REQUIRE(SetCharterField(changed, "law_majority", "qualified 3/5").ok());
  CHECK(changed.law_majority == MajorityRule{MajorityKind::kQualified, 3, 5});
  REQUIRE(SetCharterField(changed, "double_majority", "true").ok());
  CHECK(changed.double_majority);
  CHECK_FALSE(SetCharterField(changed, "majority_age", "300").ok());  // not a u8
  CHECK_FALSE(SetCharterField(changed, "majority_age", "-1").ok());
  CHECK_FALSE(SetCharterField(changed, "no_such_field", "1").ok());
  CHECK_FALSE(SetCharterField(changed, "law_majority", "most").ok());
  CHECK_FALSE(SetCharterField(changed, "double_majority", "yes").ok());
  REQUIRE(SetCharterField(changed, "nominating_associations", "teachers-union,farmers").ok());
  CHECK(changed.nominating_associations == std::vector<std::string>{"teachers-union", "farmers"});
  CHECK(CharterFields(changed).end()[-2] ==
        std::pair<std::string, std::string>{"nominating_associations", "teachers-union,farmers"});
  REQUIRE(SetCharterField(changed, "promotion_record_permille", "600").ok());
  CHECK(CharterFields(changed).back() == std::pair<std::string, std::string>{"promotion_record_permille", "600"});
  REQUIRE(SetCharterField(changed, "promotion_record_permille", "1001").ok());
  CHECK(changed.Validate().message() == "charter: the promotion record must be 0 (none)..1000 per mille");
  changed.promotion_record_permille = 0;
  CHECK_FALSE(SetCharterField(changed, "nominating_associations", "Teachers Union").ok());
  CHECK_FALSE(SetCharterField(changed, "nominating_associations", "a,,b").ok());
  REQUIRE(SetCharterField(changed, "nominating_associations", "a,a").ok());
  CHECK(changed.Validate().message() == "charter: it names an association twice");
  REQUIRE(SetCharterField(changed, "nominating_associations", "").ok());
  CHECK(changed.nominating_associations.empty());
  // A charter naming associations is longer by their ids, each a length-prefixed string.
  changed.nominating_associations = {"ab"};
  CHECK(HexEncode(EncodePayload(TerritoryCreatePayload{"t", "union", TerritoryKind::kRepublic, "T", changed}))
            .ends_with("0000"
                       "01"
                       "000000026162"
                       "0000"));
}

}  // namespace
}  // namespace veche::core
