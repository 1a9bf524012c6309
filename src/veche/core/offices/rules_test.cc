// SPDX-License-Identifier: AGPL-3.0-or-later
// The offices' rules: training bodies, qualification certificates, offices.
#include <doctest/doctest.h>

#include <functional>

#include "veche/core/test_world.h"

namespace veche::core {
namespace {

constexpr UnixMicros kYear = 365LL * 24 * 3600 * 1'000'000;

struct OfficesWorld : World {
  crypto::SigningKey school = crypto::SigningKey::Generate(rng);
  crypto::SigningKey other_school = crypto::SigningKey::Generate(rng);

  OfficesWorld() {
    Standard();
    REQUIRE(Enrol("c-1", "novgorod", "code-1").ok());
    REQUIRE(Enrol("c-2", "novgorod", "code-2").ok());
    REQUIRE(Accredit(school, "school", {"management", "legal"}).ok());
  }
  Status Accredit(const crypto::SigningKey& key, const std::string& id, std::vector<std::string> classes) {
    return Submit(RecordKind::kTrainingBodyAccredit,
                  TrainingBodyAccreditPayload{Pk(key), id, "School " + id, "north", std::move(classes)}, authority);
  }
  Status Issue(const std::string& id, const std::string& citizen, const std::string& certificate_class,
               const crypto::SigningKey& by, UnixMicros from = 0, UnixMicros until = 1'800'000'000'000'000) {
    return Submit(RecordKind::kCertificateIssue, CertificateIssuePayload{id, citizen, certificate_class, from, until},
                  by);
  }
  // `s` is refused with `code`, and the state is as it was.
  void CheckRefused(const std::function<Status()>& submit, StatusCode code, const std::string& says) {
    const crypto::Sha256Digest before = state.Digest();
    Status s = submit();
    CHECK(s.code() == code);
    CHECK_MESSAGE(s.message().find(says) != std::string::npos, s.message());
    CHECK(state.Digest() == before);
  }
};

TEST_CASE(
    "a training body certifies citizens in its own classes, and a certificate is valid in its period until revoked") {
  OfficesWorld w;
  REQUIRE(
      w.Issue("cert-1", "c-1", "management", w.school, 1'600'000'000'000'000, 1'600'000'000'000'000 + 5 * kYear).ok());
  const UnixMicros during = 1'600'000'000'000'000 + kYear;
  CHECK(w.state.HoldsCertificate("c-1", "management", during));
  CHECK_FALSE(w.state.HoldsCertificate("c-1", "management", 1'600'000'000'000'000 - 1));          // not yet
  CHECK_FALSE(w.state.HoldsCertificate("c-1", "management", 1'600'000'000'000'000 + 5 * kYear));  // expired
  CHECK_FALSE(w.state.HoldsCertificate("c-1", "legal", during));
  CHECK_FALSE(w.state.HoldsCertificate("c-2", "management", during));

  w.CheckRefused([&] { return w.Issue("cert-2", "c-1", "political", w.school); }, StatusCode::kPermissionDenied,
                 "may not certify the class 'political'");
  w.CheckRefused([&] { return w.Issue("cert-2", "c-1", "legal", w.other_school); }, StatusCode::kPermissionDenied,
                 "not an active training body");
  w.CheckRefused([&] { return w.Issue("cert-1", "c-2", "legal", w.school); }, StatusCode::kFailedPrecondition,
                 "already exists");
  w.CheckRefused([&] { return w.Issue("cert-2", "nobody", "legal", w.school); }, StatusCode::kFailedPrecondition,
                 "not enrolled");
  w.CheckRefused([&] { return w.Issue("cert-2", "c-1", "legal", w.school, 5, 5); }, StatusCode::kInvalidArgument,
                 "expire after");

  REQUIRE(w.Accredit(w.other_school, "academy", {"legal"}).ok());
  w.CheckRefused(
      [&] {
        return w.Submit(RecordKind::kCertificateRevoke, CertificateRevokePayload{"cert-1", "fraud"}, w.other_school);
      },
      StatusCode::kPermissionDenied, "only the training body that issued");
  w.CheckRefused(
      [&] {
        return w.Submit(RecordKind::kCertificateRevoke, CertificateRevokePayload{"cert-1", ""}, w.school);
      },
      StatusCode::kInvalidArgument, "reason");
  REQUIRE(w.Submit(RecordKind::kCertificateRevoke, CertificateRevokePayload{"cert-1", "exam fraud"}, w.school).ok());
  CHECK_FALSE(w.state.HoldsCertificate("c-1", "management", during));
  CHECK(*w.state.certificates.at("cert-1").revoked == "exam fraud");
  w.CheckRefused(
      [&] {
        return w.Submit(RecordKind::kCertificateRevoke, CertificateRevokePayload{"cert-1", "again"}, w.school);
      },
      StatusCode::kFailedPrecondition, "already revoked");
  CheckStateStream(w.state);
}

TEST_CASE("only an authority accredits and revokes training bodies, and a key has one role") {
  OfficesWorld w;
  w.CheckRefused(
      [&] {
        return w.Submit(RecordKind::kTrainingBodyAccredit,
                        TrainingBodyAccreditPayload{Pk(w.other_school), "x", "X", "north", {"legal"}}, w.registrar);
      },
      StatusCode::kPermissionDenied, "only an authority");
  w.CheckRefused([&] { return w.Accredit(w.registrar, "x", {"legal"}); }, StatusCode::kFailedPrecondition,
                 "already in use");
  w.CheckRefused([&] { return w.Accredit(w.other_school, "school", {"legal"}); }, StatusCode::kFailedPrecondition,
                 "already exists");
  w.CheckRefused(
      [&] {
        return w.Accredit(w.other_school, "x", {"legal", "legal"});
      },
      StatusCode::kInvalidArgument, "listed twice");
  REQUIRE(w.Issue("cert-1", "c-1", "legal", w.school).ok());
  REQUIRE(w.Submit(RecordKind::kTrainingBodyRevoke, TrainingBodyRevokePayload{Pk(w.school)}, w.authority).ok());
  // A revoked body issues nothing more; what it issued in good standing stays valid.
  w.CheckRefused([&] { return w.Issue("cert-2", "c-2", "legal", w.school); }, StatusCode::kPermissionDenied,
                 "not an active training body");
  CHECK(w.state.HoldsCertificate("c-1", "legal", 1'700'000'000'000'000));
  w.CheckRefused(
      [&] { return w.Submit(RecordKind::kTrainingBodyRevoke, TrainingBodyRevokePayload{Pk(w.school)}, w.authority); },
      StatusCode::kFailedPrecondition, "no active training body");
}

TEST_CASE("offices of a territory or of one of its collectives, with the charter's term unless given") {
  OfficesWorld w;
  REQUIRE(w.Submit(RecordKind::kCollectiveCreate,
                   CollectiveCreatePayload{"factory", "", "novgorod", CollectiveKind::kWorkplace, "Factory"},
                   w.authority)
              .ok());
  REQUIRE(w.Submit(RecordKind::kOfficeCreate, OfficeCreatePayload{"mayor", "Mayor", "novgorod", "", 0, "management"},
                   w.authority)
              .ok());
  CHECK(w.state.offices.at("mayor").term_years == w.state.territories.at("novgorod").charter.term_years);
  REQUIRE(w.Submit(RecordKind::kOfficeCreate, OfficeCreatePayload{"director", "Director", "novgorod", "factory", 5, ""},
                   w.authority)
              .ok());
  CHECK(w.state.offices.at("director").term_years == 5);
  CHECK(w.state.offices.at("director").collective == "factory");
  w.CheckRefused(
      [&] {
        return w.Submit(RecordKind::kOfficeCreate, OfficeCreatePayload{"chair", "Chair", "north", "factory", 0, ""},
                        w.authority);
      },
      StatusCode::kInvalidArgument, "lies in territory 'novgorod'");
  w.CheckRefused(
      [&] {
        return w.Submit(RecordKind::kOfficeCreate, OfficeCreatePayload{"mayor", "Mayor", "novgorod", "", 0, ""},
                        w.authority);
      },
      StatusCode::kFailedPrecondition, "already exists");
  w.CheckRefused(
      [&] {
        return w.Submit(RecordKind::kOfficeCreate, OfficeCreatePayload{"judge", "Judge", "novgorod", "", 11, ""},
                        w.authority);
      },
      StatusCode::kInvalidArgument, "at most 10 years");
  w.CheckRefused(
      [&] {
        return w.Submit(RecordKind::kOfficeCreate, OfficeCreatePayload{"judge", "Judge", "atlantis", "", 0, ""},
                        w.authority);
      },
      StatusCode::kFailedPrecondition, "does not exist");
  REQUIRE(w.Submit(RecordKind::kOfficeAbolish, IdPayload{"director"}, w.authority).ok());
  CHECK(w.state.offices.at("director").abolished);
  w.CheckRefused([&] { return w.Submit(RecordKind::kOfficeAbolish, IdPayload{"director"}, w.authority); },
                 StatusCode::kFailedPrecondition, "already abolished");
  CheckStateStream(w.state);
  // An observer's replay of the log reaches the same state.
  State replayed;
  for (const Bytes& entry : w.log) REQUIRE(Apply(replayed, DecodeEntry(entry).value()).ok());
  CHECK(replayed.Digest() == w.state.Digest());
}

}  // namespace
}  // namespace veche::core
