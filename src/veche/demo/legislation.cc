// SPDX-License-Identifier: AGPL-3.0-or-later
// The demo's People's Assembly: a session decided a month ago (a law now in force, a budget, a
// referendum question, a republic's law), a session open now (an amendment, a law, a budget), and a
// citizens' initiative collecting signatures.
#include "veche/demo/builder.h"

#include "veche/core/legislation/payloads.h"

namespace veche::demo {

namespace {

constexpr const char* kLibrariesText =
    "Public Libraries Act\n\n"
    "1. Every city of the Union keeps at least one public library, open six days a week.\n"
    "2. Borrowing is free of charge for every resident.\n"
    "3. The library's acquisitions are published each quarter.\n";
constexpr const char* kLibrariesAmendedText =
    "Public Libraries Act\n\n"
    "1. Every city of the Union keeps at least one public library, open six days a week.\n"
    "2. Borrowing is free of charge for every resident.\n"
    "3. The library's acquisitions are published each month, as open data.\n"
    "4. Every settlement of more than 2,000 residents is served by a mobile library once a week.\n";
constexpr const char* kQuestionText =
    "Should public offices of the Union move to a four-day working week, with the same hours of "
    "service to the public?\n";
constexpr const char* kBridgesText =
    "Novgorod Bridges Act\n\n"
    "1. The Republic repairs the bridges over the Volkhov within three years.\n"
    "2. Every contract for the works is published before it is signed.\n";
constexpr const char* kOpenDataText =
    "Open Data Act\n\n"
    "1. Every public body publishes its registers, contracts and budgets as open data.\n"
    "2. Open data is free to use for any purpose.\n"
    "3. A request for data not yet published is answered within 30 days.\n";
constexpr const char* kFerryText =
    "Ilmen Ferry Act\n\n"
    "1. A public ferry crosses Lake Ilmen between Veliky Novgorod and Staraya Russa twice a day.\n"
    "2. Residents of the Union travel at half fare.\n";

// A choice drawn with the given shares of yes and no (in per cent); the rest abstain.
core::VoteChoice Draw(FakeRng& rng, int yes, int no) {
  auto roll = static_cast<int>(rng.Uniform(100));
  if (roll < yes) return core::VoteChoice::kYes;
  if (roll < yes + no) return core::VoteChoice::kNo;
  return core::VoteChoice::kAbstain;
}

core::MeasurePayload Measure(std::string id, core::MeasureKind kind, std::string territory, std::string title) {
  core::MeasurePayload m;
  m.id = std::move(id);
  m.spec.kind = kind;
  m.spec.territory = std::move(territory);
  m.spec.title = std::move(title);
  return m;
}

core::MeasurePayload Budget(std::string id, std::uint16_t year, std::int64_t scale) {
  core::MeasurePayload m =
      Measure(std::move(id), core::MeasureKind::kBudget, "union", "Union budget " + std::to_string(year));
  m.spec.year = year;
  m.spec.income = {{"Income tax", 1'200'000'000 * scale}, {"Rents of public land", 300'000'000 * scale}};
  m.spec.expenditure = {
      {"Schools", 900'000'000 * scale}, {"Roads and bridges", 450'000'000 * scale}, {"Libraries", 200'000'000 * scale}};
  m.spec.deficit = 50'000'000 * scale;
  return m;
}

}  // namespace

Status AddFirstSession(Builder& b) {
  // The first session, a month ago: tabled, voted, closed and counted.
  for (const char* text : {kLibrariesText, kQuestionText, kBridgesText}) {
    b.feed.Add(core::RecordKind::kText, core::TextPayload{text}, b.authority);
  }
  core::MeasurePayload libraries = Measure("libraries-act", core::MeasureKind::kLaw, "union", "Public Libraries Act");
  libraries.spec.text = core::TextHashOf(kLibrariesText);
  core::MeasurePayload question =
      Measure("four-day-week", core::MeasureKind::kQuestion, "union", "A four-day week in public offices?");
  question.spec.text = core::TextHashOf(kQuestionText);
  core::MeasurePayload bridges =
      Measure("novgorod-bridges-act", core::MeasureKind::kLaw, "novgorod-republic", "Novgorod Bridges Act");
  bridges.spec.text = core::TextHashOf(kBridgesText);
  for (const core::MeasurePayload& m : {libraries, Budget("budget-2026", 2026, 1), question, bridges}) {
    b.feed.Add(core::RecordKind::kMeasureTable, m, b.authority);
  }
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  b.clock.Advance(60 * kSecond);
  VECHE_RETURN_IF_ERROR(b.node.Tick().status());
  b.clock.Advance(3600 * kSecond);
  for (const Citizen& c : b.citizens) {
    if (b.rng.Uniform(100) >= 72) continue;  // turnout
    crypto::SigningKey key = b.secrets.CitizenKey(c.id);
    b.feed.Add(core::RecordKind::kVote, core::VotePayload{"libraries-act", Draw(b.rng, 64, 27)}, key);
    b.feed.Add(core::RecordKind::kVote, core::VotePayload{"budget-2026", Draw(b.rng, 52, 38)}, key);
    b.feed.Add(core::RecordKind::kVote, core::VotePayload{"four-day-week", Draw(b.rng, 44, 49)}, key);
    if (c.city < kNovgorodCities) {
      b.feed.Add(core::RecordKind::kVote, core::VotePayload{"novgorod-bridges-act", Draw(b.rng, 71, 22)}, key);
    }
  }
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  b.Say("demo: the first session was voted (" + std::to_string(b.feed.submitted()) + " records so far)");
  b.clock.Set(b.start + 15 * kDay);
  VECHE_RETURN_IF_ERROR(b.node.Tick().status());
  return OkStatus();
}

Status AddSecondSession(Builder& b) {
  // The second session, open now: an amendment of the law adopted, a new law, next year's budget.
  b.clock.Set(b.now - 3 * 3600 * kSecond);
  for (const char* text : {kLibrariesAmendedText, kOpenDataText}) {
    b.feed.Add(core::RecordKind::kText, core::TextPayload{text}, b.authority);
  }
  core::MeasurePayload amendment = Measure("libraries-amendment", core::MeasureKind::kAmendment, "union",
                                           "Libraries: monthly open data, mobile libraries");
  amendment.spec.law = "libraries-act";
  amendment.spec.base = core::TextHashOf(kLibrariesText);
  amendment.spec.text = core::TextHashOf(kLibrariesAmendedText);
  core::MeasurePayload open_data = Measure("open-data-act", core::MeasureKind::kLaw, "union", "Open Data Act");
  open_data.spec.text = core::TextHashOf(kOpenDataText);
  for (const core::MeasurePayload& m : {amendment, open_data, Budget("budget-2027", 2027, 1)}) {
    b.feed.Add(core::RecordKind::kMeasureTable, m, b.authority);
  }
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  b.clock.Advance(60 * kSecond);
  VECHE_RETURN_IF_ERROR(b.node.Tick().status());
  b.clock.Advance(600 * kSecond);
  for (size_t i = 0; i < b.citizens.size(); ++i) {
    const Citizen& c = b.citizens[i];
    if (b.rng.Uniform(100) >= 46) continue;
    crypto::SigningKey key = b.secrets.CitizenKey(c.id);
    b.feed.Add(core::RecordKind::kVote, core::VotePayload{"libraries-amendment", Draw(b.rng, 58, 30)}, key);
    b.feed.Add(core::RecordKind::kVote, core::VotePayload{"open-data-act", Draw(b.rng, 74, 17)}, key);
    const core::VoteChoice budget = Draw(b.rng, 48, 41);
    b.feed.Add(core::RecordKind::kVote, core::VotePayload{"budget-2027", budget}, key);
    if (i % 10 == 0) {  // some change their minds (the same choice again is refused): the last vote counts
      const core::VoteChoice second = Draw(b.rng, 30, 60);
      if (second != budget) b.feed.Add(core::RecordKind::kVote, core::VotePayload{"budget-2027", second}, key);
    }
  }
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  return OkStatus();
}

Status AddInitiative(Builder& b) {
  // A citizens' initiative collecting signatures (its threshold is 5% of the adults).
  b.feed.Add(core::RecordKind::kText, core::TextPayload{kFerryText}, b.secrets.CitizenKey(b.citizens[2].id));
  core::MeasurePayload ferry = Measure("ilmen-ferry", core::MeasureKind::kLaw, "union", "Ilmen Ferry Act");
  ferry.spec.text = core::TextHashOf(kFerryText);
  b.feed.Add(core::RecordKind::kInitiativeFile, ferry, b.secrets.CitizenKey(b.citizens[2].id));
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  const std::uint64_t threshold =
      b.node.ReadState([](const core::State& s) { return s.initiatives.at("ilmen-ferry").threshold; });
  for (size_t i = 3, signed_up = 1; i < b.citizens.size() && signed_up < threshold * 2 / 5; i += 7) {
    if (!b.citizens[i].adult) continue;
    b.feed.Add(core::RecordKind::kInitiativeSign, core::IdPayload{"ilmen-ferry"},
               b.secrets.CitizenKey(b.citizens[i].id));
    ++signed_up;
  }
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  return OkStatus();
}

}  // namespace veche::demo
