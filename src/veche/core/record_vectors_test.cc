// SPDX-License-Identifier: AGPL-3.0-or-later
// The shared record vectors (tests/data/records/vectors.json): records the web UI signs in the
// browser, pinned byte for byte. The JavaScript side (web/test/unit/records.test.mjs) checks the
// same file, so the browser and the core cannot drift apart.

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "veche/base/text_codec.h"
#include "veche/core/accountability/payloads.h"
#include "veche/core/kinds.h"
#include "veche/core/legislation/payloads.h"
#include "veche/core/offices/payloads.h"
#include "veche/core/record.h"
#include "veche/core/registry/payloads.h"

namespace veche::core {
namespace {

Bytes PayloadOf(const nlohmann::json& v, const crypto::SigningKey& key) {
  const nlohmann::json& f = v["fields"];
  std::string kind = v["kind"];
  if (kind == "vote") {
    std::string choice = f["choice"];
    return EncodePayload(VotePayload{f["measure"], choice == "yes"  ? VoteChoice::kYes
                                                   : choice == "no" ? VoteChoice::kNo
                                                                    : VoteChoice::kAbstain});
  }
  if (kind == "citizen_bind") {
    return EncodePayload(MakeBindPayload(f["citizen"].get<std::string>(),
                                         EnrolmentKeyFromCode(f["code"].get<std::string>()),
                                         KeyBytes(key.public_key())));
  }
  if (kind == "initiative_sign" || kind == "initiative_withdraw") return EncodePayload(IdPayload{f["id"]});
  if (kind == "text") return EncodePayload(TextPayload{f["text"]});
  if (kind == "initiative_file") {
    MeasurePayload m;
    m.id = f["id"];
    m.spec.kind = MeasureKind::kLaw;
    m.spec.territory = f["territory"];
    m.spec.title = f["title"];
    m.spec.text = TextHashOf(f["text"].get<std::string>());
    return EncodePayload(m);
  }
  if (kind == "nomination_file") return EncodePayload(NominationFilePayload{f["id"], f["contest"], f["nominee"]});
  if (kind == "nomination_sign") return EncodePayload(IdPayload{f["id"]});
  if (kind == "meeting_vote") {
    std::string choice = f["choice"];
    return EncodePayload(MeetingVotePayload{f["meeting"], choice == "yes"  ? VoteChoice::kYes
                                                          : choice == "no" ? VoteChoice::kNo
                                                                           : VoteChoice::kAbstain});
  }
  if (kind == "office_vote") return EncodePayload(OfficeVotePayload{f["contest"], f["choice"]});
  if (kind == "recall_sign") return EncodePayload(RecallSignPayload{f["office"]});
  if (kind == "recall_vote") return EncodePayload(RecallVotePayload{f["office"], f["recall"].get<bool>()});
  if (kind == "acting_accept") return EncodePayload(ActingAcceptPayload{f["office"]});
  if (kind == "rating_set") {
    std::string rating = f["rating"];
    return EncodePayload(RatingSetPayload{f["office"], rating == "approve"      ? Rating::kApprove
                                                       : rating == "disapprove" ? Rating::kDisapprove
                                                                                : Rating::kWithdrawn});
  }
  if (kind == "candidacy_file") {
    CandidacyFilePayload c{f["contest"], f["nomination"], {}};
    for (const auto& text : f["promises"]) c.promises.push_back(TextHashOf(text.get<std::string>()));
    return EncodePayload(c);
  }
  REQUIRE(kind == "citizen_enrol");
  CitizenEnrolPayload e;
  e.id = f["id"];
  e.residence = f["residence"];
  e.majority_date = std::stoll(f["majority_date"].get<std::string>());
  e.consultative_date = std::stoll(f["consultative_date"].get<std::string>());
  e.personal_data =
      PersonalDataCommitment(HexDecode(f["salt"].get<std::string>()).value(), f["person"].get<std::string>());
  e.enrolment_key = KeyBytes(EnrolmentKeyFromCode(f["code"].get<std::string>()).public_key());
  return EncodePayload(e);
}

RecordKind KindOf(const std::string& name) {
  for (const KindInfo& k : Kinds()) {
    if (k.name == name) return k.kind;
  }
  FAIL("unknown record kind " << name);
  return RecordKind::kGenesis;
}

LogId LogOf(const nlohmann::json& v) {
  Result<LogId> log = LogIdFromHex(v["log"].get<std::string>());
  REQUIRE(log.ok());
  return *log;
}

TEST_CASE("every shared vector's payload decodes strictly, encodes back to its bytes, and signs to its record") {
  std::ifstream in(std::string(VECHE_SOURCE_DIR) + "/tests/data/records/vectors.json");
  REQUIRE(in);
  nlohmann::json vectors = nlohmann::json::parse(in);
  for (const nlohmann::json& v : vectors) {
    CAPTURE(v["kind"].get<std::string>());
    const KindInfo* kind = FindKind(static_cast<std::uint16_t>(KindOf(v["kind"])));
    REQUIRE(kind != nullptr);
    Bytes payload = HexDecode(v["payload"].get<std::string>()).value();
    CHECK(kind->decode(payload).ok());
    CHECK(kind->round_trips(payload));
    std::string label = v["seed_label"];
    crypto::SigningKey key = crypto::SigningKey::FromSeed(crypto::Sha256().Update(AsBytes(label)).Finish()).value();
    const LogId log = LogOf(v);
    CHECK((log == kNoLog) == (kind->kind == RecordKind::kGenesis));  // only a genesis names no log
    Record r = SignRecord(log, kind->kind, payload, std::stoll(v["author_time"].get<std::string>()), key).value();
    CHECK(HexEncode(r.Encode()) == v["record"].get<std::string>());
    CHECK(HexEncode(r.Id()) == v["record_id"].get<std::string>());
    Result<Record> decoded = DecodeRecord(HexDecode(v["record"].get<std::string>()).value());
    REQUIRE(decoded.ok());
    CHECK(decoded->kind == kind->kind);
    CHECK(decoded->log == log);
  }
}

TEST_CASE("the records the browser signs match the core byte for byte (shared vectors)") {
  std::ifstream in(std::string(VECHE_SOURCE_DIR) + "/tests/data/records/vectors.json");
  REQUIRE(in);
  nlohmann::json vectors = nlohmann::json::parse(in);
  size_t built = 0;
  for (const nlohmann::json& v : vectors) {
    if (!v.contains("fields")) continue;  // a payload taken from the golden log, checked above
    ++built;
    CAPTURE(v["kind"].get<std::string>());
    std::string label = v["seed_label"];
    crypto::SigningKey key = crypto::SigningKey::FromSeed(crypto::Sha256().Update(AsBytes(label)).Finish()).value();
    Bytes payload = PayloadOf(v, key);
    CHECK(HexEncode(payload) == v["payload"].get<std::string>());
  }
  CHECK(built >= 7);
}

}  // namespace
}  // namespace veche::core
