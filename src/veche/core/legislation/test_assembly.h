// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Test helper: a People's Assembly to run legislation through signed records (World, test_world.h,
// with a union, an authority, a registrar for the whole union and citizens with their own keys).

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "veche/core/test_world.h"

namespace veche::core::testing {

constexpr UnixMicros kDay = 86'400'000'000;
constexpr UnixMicros kFarFuture = 4'000'000'000'000'000;  // year 2096

// A union with an authority, a registrar for the whole union and citizens with their own keys.
struct Assembly : World {
  std::map<std::string, crypto::SigningKey> keys;  // citizen id -> key

  void Begin(const Charter& charter) {
    GenesisPayload g;
    g.node_key = Pk(node);
    g.root_id = "union";
    g.root_name = "The Union";
    g.charter = charter;
    g.authorities = {Pk(authority)};
    REQUIRE(Submit(RecordKind::kGenesis, g, node).ok());
    REQUIRE(Submit(RecordKind::kRegistrarAccredit, RegistrarAccreditPayload{Pk(registrar), "union"}, authority).ok());
  }
  void Member(const std::string& id) {
    REQUIRE(Submit(RecordKind::kTerritoryCreate, TerritoryCreatePayload{id, "union", TerritoryKind::kRepublic, id, {}},
                   authority)
                .ok());
  }
  // age: "adult", "minor" (consultative vote) or "child" (no vote).
  void Citizen(const std::string& id, const std::string& where, const std::string& age) {
    CitizenEnrolPayload e;
    e.id = id;
    e.residence = where;
    e.majority_date = age == "adult" ? 0 : kFarFuture;
    e.consultative_date = age == "child" ? kFarFuture : 0;
    e.enrolment_key = Pk(EnrolmentKey("code-" + id));
    REQUIRE(Submit(RecordKind::kCitizenEnrol, e, registrar).ok());
    keys.emplace(id, crypto::SigningKey::Generate(rng));
    REQUIRE(Bind(id, "code-" + id, keys.at(id)).ok());
  }
  TextHash Publish(const std::string& text) {
    REQUIRE(Submit(RecordKind::kText, TextPayload{text}, authority).ok());
    return TextHashOf(text);
  }
  Status Table(const std::string& id, MeasureSpec spec) {
    return Submit(RecordKind::kMeasureTable, MeasurePayload{id, std::move(spec)}, authority);
  }
  MeasureSpec LawSpec(const std::string& title, MeasureKind kind = MeasureKind::kLaw) {
    MeasureSpec s;
    s.kind = kind;
    s.territory = "union";
    s.title = title;
    s.text = Publish("The text of " + title + ".");
    return s;
  }
  // An amendment of law `law` (of the union) from version `base` to a newly published `text`.
  MeasureSpec AmendmentSpec(const std::string& law, const TextHash& base, const std::string& text) {
    MeasureSpec s;
    s.kind = MeasureKind::kAmendment;
    s.territory = "union";
    s.title = "Amendment of " + law;
    s.law = law;
    s.base = base;
    s.text = Publish(text);
    return s;
  }
  Status Vote(const std::string& citizen, const std::string& measure, VoteChoice choice) {
    return Submit(RecordKind::kVote, VotePayload{measure, choice}, keys.at(citizen));
  }
  Status Open() { return Tick(time + kDay); }
  // Moves the clock past the end of every open session.
  Status Close() {
    UnixMicros end = time;
    for (const auto& [key, s] : state.sessions) end = std::max(end, s.closes_at);
    return Tick(end + 1);
  }
};

}  // namespace veche::core::testing
