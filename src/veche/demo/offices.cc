// SPDX-License-Identifier: AGPL-3.0-or-later
// The demo's offices: a school of cadres and a law academy, certificates for a few citizens of
// each city (one of them revoked), a mayor's office for every city, a director's office for every
// city's works, and a minister's office of the union.
#include "veche/demo/builder.h"

namespace veche::demo {

namespace {

constexpr UnixMicros kYear = 365 * kDay;
constexpr int kCertifiedPerCity = 3;

}  // namespace

Status AddOffices(Builder& b) {
  const crypto::SigningKey school = b.secrets.Key("training-body", "cadres");
  const crypto::SigningKey academy = b.secrets.Key("training-body", "law");
  b.feed.Add(core::RecordKind::kTrainingBodyAccredit,
             core::TrainingBodyAccreditPayload{core::KeyBytes(school.public_key()),
                                               "cadres",
                                               "Union School of Cadres",
                                               "union",
                                               {"management", "political"}},
             b.authority);
  b.feed.Add(core::RecordKind::kTrainingBodyAccredit,
             core::TrainingBodyAccreditPayload{
                 core::KeyBytes(academy.public_key()), "law", "Novgorod Law Academy", "novgorod-republic", {"legal"}},
             b.authority);
  // The first adult citizens of each city, in the population's order.
  std::vector<int> certified(kCities, 0);
  int issued = 0;
  for (const Citizen& c : b.citizens) {
    if (!c.adult || certified[c.city] >= kCertifiedPerCity) continue;
    const bool legal = certified[c.city]++ == 2;
    const std::string id = "cert-" + std::to_string(++issued);
    b.feed.Add(core::RecordKind::kCertificateIssue,
               core::CertificateIssuePayload{id, c.id, legal ? "legal" : "management", b.start, b.start + 5 * kYear},
               legal ? academy : school);
  }
  b.feed.Add(core::RecordKind::kCertificateRevoke,
             core::CertificateRevokePayload{"cert-2", "the final examination was found to have been copied"}, school);
  for (int c = 0; c < kCities; ++c) {
    const Place& city = kPlaces[kFirstCity + c];
    b.feed.Add(core::RecordKind::kOfficeCreate,
               core::OfficeCreatePayload{std::string("mayor-") + city.id, std::string("Mayor of ") + city.name, city.id,
                                         "", 0, "management"},
               b.authority);
    b.feed.Add(core::RecordKind::kOfficeCreate,
               core::OfficeCreatePayload{std::string("director-") + city.id + "-works",
                                         std::string("Director of ") + city.name + " Works", city.id,
                                         std::string(city.id) + "-works", 5, "management"},
               b.authority);
  }
  b.feed.Add(core::RecordKind::kOfficeCreate,
             core::OfficeCreatePayload{"minister-of-justice", "Minister of Justice", "union", "", 0, "legal"},
             b.authority);
  b.Say("demo: offices, training bodies and " + std::to_string(issued) + " certificates");
  return b.feed.Flush();
}

}  // namespace veche::demo
