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

TEST_CASE("a record's body has the documented bytes and its signature covers the domain tag") {
  crypto::SigningKey key = Rfc8032Key();
  Record r = SignRecord(RecordKind::kClock, EncodePayload(ClockPayload{1'000'000}), 42, key).value();
  // Written by hand from docs/formats/record.md.
  CHECK(HexEncode(r.Body()) ==
        "01"                                                                // version
        "0002"                                                              // kind: clock
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"  // author
        "000000000000002a"                                                  // author_time 42
        "00000009"                                                          // payload length
        "0100000000000f4240");                                              // payload v1, time 10^6
  // Independently of our wrapper: libsodium verifies the signature over "veche/record/v1\n" || body.
  Bytes message = ToBytes("veche/record/v1\n");
  Append(message, r.Body());
  CHECK(crypto_sign_verify_detached(r.signature.data(), message.data(), message.size(),
                                    key.public_key().bytes().data()) == 0);
  // And not over the bare body: signatures are domain-separated.
  Bytes body = r.Body();
  CHECK(crypto_sign_verify_detached(r.signature.data(), body.data(), body.size(), key.public_key().bytes().data()) !=
        0);
}

TEST_CASE("records round-trip, and the id ignores the signature but not the body") {
  FakeRng rng(1);
  crypto::SigningKey key = crypto::SigningKey::Generate(rng);
  Record r =
      SignRecord(RecordKind::kTerritoryRename, EncodePayload(RenamePayload{"city-1", "Новгород"}), 7, key).value();
  Record back = DecodeRecord(r.Encode()).value();
  CHECK(back.Encode() == r.Encode());
  CHECK(back.Id() == r.Id());
  Record later =
      SignRecord(RecordKind::kTerritoryRename, EncodePayload(RenamePayload{"city-1", "Новгород"}), 8, key).value();
  CHECK(later.Id() != r.Id());
}

TEST_CASE("decoding refuses tampering, unknown kinds, versions, bad keys and trailing bytes") {
  FakeRng rng(2);
  crypto::SigningKey key = crypto::SigningKey::Generate(rng);
  Bytes good = SignRecord(RecordKind::kClock, EncodePayload(ClockPayload{5}), 1, key).value().Encode();
  REQUIRE(DecodeRecord(good).ok());

  Bytes tampered = good;
  tampered[40] ^= 1;  // inside author_time (bytes 35..42)
  CHECK(DecodeRecord(tampered).error().code() == StatusCode::kUnauthenticated);

  Bytes unknown = good;
  unknown[2] = 99;
  CHECK(DecodeRecord(unknown).error().message() == "unknown record kind 99");

  Bytes version = good;
  version[0] = 2;
  CHECK(DecodeRecord(version).error().message().find("record version") != std::string::npos);

  Bytes low_order = good;
  std::fill(low_order.begin() + 3, low_order.begin() + 35, 0);
  CHECK(DecodeRecord(low_order).error().message().find("record author") != std::string::npos);

  Bytes trailing = good;
  trailing.push_back(0);
  CHECK_FALSE(DecodeRecord(trailing).ok());
  CHECK_FALSE(DecodeRecord(ByteView(good).first(good.size() - 1)).ok());
  CHECK_FALSE(DecodeRecord(Bytes(kMaxRecordSize + 1, 0)).ok());
  CHECK_FALSE(SignRecord(RecordKind::kClock, Bytes(kMaxPayloadSize + 1, 0), 0, key).ok());
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
        "000e");
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
}

}  // namespace
}  // namespace veche::core
