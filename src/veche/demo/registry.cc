// SPDX-License-Identifier: AGPL-3.0-or-later
// The demo's registry: the Demo Union of three republics, six regions and twelve cities with
// collectives, a registrar for the whole union, and the citizens with their own keys.
#include "veche/demo/builder.h"

#include <cstdio>
#include <optional>

#include "veche/core/registry/payloads.h"

namespace veche::demo {

namespace {

// Every place inherits the union's charter but the one settlement, Gus-Khrustalny, which elects in
// the open by roll call (open_elections), with a longer nomination period and a month's vote so
// that its mayor's election is still open when a visitor arrives.
std::optional<core::Charter> CharterOf(Builder& b, const Place& p) {
  if (p.kind != core::TerritoryKind::kSettlement) return std::nullopt;
  core::Charter charter = b.node.ReadState([](const core::State& s) { return s.territories.at(s.root).charter; });
  charter.open_elections = true;
  charter.nomination_days = 10;
  charter.voting_days = 30;
  return charter;
}

}  // namespace

Status AddRegistry(Builder& b) {
  // The territories, their collectives and a registrar for the whole union.
  for (const Place& p : kPlaces) {
    b.feed.Add(core::RecordKind::kTerritoryCreate,
               core::TerritoryCreatePayload{p.id, p.parent, p.kind, p.name, CharterOf(b, p)}, b.authority);
  }
  for (int c = 0; c < kCities; ++c) {
    const Place& city = kPlaces[kFirstCity + c];
    std::string name = city.name;
    b.feed.Add(core::RecordKind::kCollectiveCreate,
               core::CollectiveCreatePayload{std::string(city.id) + "-works", "", city.id,
                                             core::CollectiveKind::kWorkplace, name + " Works"},
               b.authority);
    b.feed.Add(core::RecordKind::kCollectiveCreate,
               core::CollectiveCreatePayload{std::string(city.id) + "-coop", "", city.id,
                                             core::CollectiveKind::kCooperative, name + " Cooperative"},
               b.authority);
  }
  b.feed.Add(core::RecordKind::kRegistrarAccredit,
             core::RegistrarAccreditPayload{core::KeyBytes(b.registrar.public_key()), "union"}, b.authority);
  VECHE_RETURN_IF_ERROR(b.feed.Flush());

  // The citizens: enrolled by the registrar, then bound to their own keys (all but `unbound`).
  for (int i = 1; i <= b.options.citizens; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "c-%05d", i);
    Citizen c{id, static_cast<int>(b.rng.Uniform(kCities)), true};
    // The first demo code's citizen lives in the settlement, where the roll call is open.
    if (i == b.options.citizens - b.options.unbound + 1) c.city = kCities - 1;
    // Ages 14..85; citizens between 14 and 18 vote consultatively.
    std::int64_t age_days = 14 * 365 + static_cast<std::int64_t>(b.rng.Uniform(71 * 365));
    if (i <= 3) age_days = 40 * 365;              // the first citizens (initiative authors) are adults
    UnixMicros born = b.start - age_days * kDay;  // so everyone may vote, at least consultatively, from the start
    core::CitizenEnrolPayload e;
    e.id = c.id;
    e.residence = kPlaces[kFirstCity + c.city].id;
    e.majority_date = born + 18 * 365 * kDay;
    e.consultative_date = born + 14 * 365 * kDay;
    c.adult = e.majority_date <= b.start;
    crypto::Sha256Digest salt_source = b.secrets.Derive("salt", c.id);
    Bytes salt(salt_source.begin(), salt_source.begin() + 16);
    e.personal_data = core::PersonalDataCommitment(salt, "demo person " + c.id);
    std::string code = b.secrets.Code(c.id);
    e.enrolment_key = core::KeyBytes(core::EnrolmentKeyFromCode(code).public_key());
    b.feed.Add(core::RecordKind::kCitizenEnrol, e, b.registrar);
    if (i > b.options.citizens - b.options.unbound) {
      b.result.enrolments.push_back({c.id, code});
      continue;
    }
    crypto::SigningKey key = b.secrets.CitizenKey(c.id);
    b.feed.Add(core::RecordKind::kCitizenBind,
               core::MakeBindPayload(c.id, core::EnrolmentKeyFromCode(code), core::KeyBytes(key.public_key())), key);
    b.citizens.push_back(std::move(c));
    if (i % 2000 == 0) {
      VECHE_RETURN_IF_ERROR(b.feed.Flush());
      b.Say("demo: enrolled " + std::to_string(i) + " of " + std::to_string(b.options.citizens) + " citizens");
    }
  }
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  for (size_t i = 0; i < b.citizens.size(); i += 17) {
    const Citizen& c = b.citizens[i];
    std::string collective = std::string(kPlaces[kFirstCity + c.city].id) + (i % 2 ? "-works" : "-coop");
    b.feed.Add(core::RecordKind::kCitizenJoinCollective, core::CitizenCollectivePayload{c.id, collective},
               b.secrets.CitizenKey(c.id));
    // The registrar confirms: membership counts only once confirmed.
    b.feed.Add(core::RecordKind::kMembershipConfirm, core::CitizenCollectivePayload{c.id, collective}, b.registrar);
  }
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  return OkStatus();
}

}  // namespace veche::demo
