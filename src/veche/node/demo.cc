// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/node/demo.h"
#include "veche/store/sqlite/sqlite_stores.h"

#include <cstdio>
#include <sstream>

#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/core/election/due.h"
#include "veche/core/election/payloads.h"
#include "veche/core/election/rules.h"
#include "veche/core/election/trustee.h"
#include "veche/core/election/voter.h"
#include "veche/core/legislation/payloads.h"
#include "veche/core/record.h"
#include "veche/core/registry/payloads.h"
#include "veche/crypto/key_file.h"
#include "veche/crypto/sha256.h"
#include "veche/node/data_dir.h"
#include "veche/node/node.h"

namespace veche::node {
namespace {

constexpr UnixMicros kSecond = 1'000'000;
constexpr UnixMicros kDay = 86'400 * kSecond;

crypto::Sha256Digest Derive(std::string_view label, std::string_view id) {
  return crypto::Sha256()
      .Update(AsBytes("veche-demo/"))
      .Update(AsBytes(label))
      .Update(AsBytes("/"))
      .Update(AsBytes(id))
      .Finish();
}
crypto::SigningKey DerivedKey(std::string_view label, std::string_view id) {
  return crypto::SigningKey::FromSeed(Derive(label, id)).value();  // a 32-byte seed always makes a key
}
std::string DemoCode(const std::string& citizen_id) {
  crypto::Sha256Digest d = Derive("enrolment-code", citizen_id);
  return HexEncode(ByteView(d.data(), 16));
}

struct Place {
  const char* id;
  const char* parent;
  core::TerritoryKind kind;
  const char* name;
};
constexpr Place kPlaces[] = {
    {"novgorod-republic", "union", core::TerritoryKind::kRepublic, "Novgorod Republic"},
    {"pskov-republic", "union", core::TerritoryKind::kRepublic, "Pskov Republic"},
    {"vladimir-republic", "union", core::TerritoryKind::kRepublic, "Vladimir Republic"},
    {"ilmen", "novgorod-republic", core::TerritoryKind::kRegion, "Ilmen Region"},
    {"valdai-hills", "novgorod-republic", core::TerritoryKind::kRegion, "Valdai Hills"},
    {"pskov-lakes", "pskov-republic", core::TerritoryKind::kRegion, "Pskov Lakes"},
    {"velikaya", "pskov-republic", core::TerritoryKind::kRegion, "Velikaya Valley"},
    {"klyazma", "vladimir-republic", core::TerritoryKind::kRegion, "Klyazma Region"},
    {"meshchera", "vladimir-republic", core::TerritoryKind::kRegion, "Meshchera"},
    {"novgorod", "ilmen", core::TerritoryKind::kCity, "Veliky Novgorod"},
    {"staraya-russa", "ilmen", core::TerritoryKind::kCity, "Staraya Russa"},
    {"valdai", "valdai-hills", core::TerritoryKind::kCity, "Valdai"},
    {"borovichi", "valdai-hills", core::TerritoryKind::kCity, "Borovichi"},
    {"pskov", "pskov-lakes", core::TerritoryKind::kCity, "Pskov"},
    {"gdov", "pskov-lakes", core::TerritoryKind::kCity, "Gdov"},
    {"ostrov", "velikaya", core::TerritoryKind::kCity, "Ostrov"},
    {"porkhov", "velikaya", core::TerritoryKind::kCity, "Porkhov"},
    {"vladimir", "klyazma", core::TerritoryKind::kCity, "Vladimir"},
    {"suzdal", "klyazma", core::TerritoryKind::kCity, "Suzdal"},
    {"murom", "meshchera", core::TerritoryKind::kCity, "Murom"},
    {"gus-khrustalny", "meshchera", core::TerritoryKind::kSettlement, "Gus-Khrustalny"},
};
constexpr int kFirstCity = 9;
constexpr int kCities = static_cast<int>(std::size(kPlaces)) - kFirstCity;
constexpr int kNovgorodCities = 4;  // the first four cities lie in the Novgorod Republic

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

// Collects records and submits them to the node in batches, failing on the first refusal.
class Feeder {
 public:
  Feeder(Node& node, FakeClock& clock) : node_(node), clock_(clock) {}

  template <typename P>
  void Add(core::RecordKind kind, const P& payload, const crypto::SigningKey& author) {
    pending_.push_back(core::SignRecord(kind, core::EncodePayload(payload), clock_.Now(), author).value().Encode());
  }
  Status Flush() {
    std::vector<ByteView> views(pending_.begin(), pending_.end());
    for (size_t at = 0; at < views.size(); at += 1000) {
      std::span<const ByteView> chunk(views.data() + at, std::min<size_t>(1000, views.size() - at));
      std::vector<Result<Receipt>> results = node_.SubmitBatch(chunk);
      for (size_t i = 0; i < results.size(); ++i) {
        if (!results[i].ok()) {
          return InternalError("demo record " + std::to_string(submitted_ + at + i) +
                               " was refused: " + results[i].error().message());
        }
      }
      clock_.Advance(kSecond);
    }
    submitted_ += pending_.size();
    pending_.clear();
    return OkStatus();
  }
  std::uint64_t submitted() const { return submitted_; }

 private:
  Node& node_;
  FakeClock& clock_;
  std::vector<Bytes> pending_;
  std::uint64_t submitted_ = 0;
};

struct Citizen {
  std::string id;
  int city = 0;
  bool adult = true;
};

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

std::string DemoCodesPath(const std::string& dir) {
  return dir + "/demo-enrolment-codes.txt";
}

crypto::SigningKey DemoCitizenKey(const std::string& citizen_id) {
  return DerivedKey("citizen", citizen_id);
}

Result<std::vector<DemoEnrolment>> ReadDemoCodes(const std::string& dir) {
  Result<std::string> text = crypto::ReadSecretFile(DemoCodesPath(dir));
  if (!text.ok())
    return NotFoundError("not a demo data directory (" + DemoCodesPath(dir) + ": " + text.error().message() + ")");
  std::vector<DemoEnrolment> out;
  std::istringstream lines(*text);
  DemoEnrolment e;
  while (lines >> e.citizen_id >> e.code) out.push_back(e);
  return out;
}

Result<DemoResult> CreateDemo(const std::string& dir, const DemoOptions& options) {
  if (options.citizens < 100 || options.unbound < 1 || options.unbound >= options.citizens) {
    return InvalidArgumentError("a demo needs at least 100 citizens and 1..citizens-1 pending enrolments");
  }
  auto say = [&](const std::string& line) {
    if (options.progress) options.progress(line);
  };
  const UnixMicros now = options.now;
  const UnixMicros start = now - 35 * kDay;  // the first session lies in an earlier month
  FakeClock clock(start);

  GenesisSpec spec;
  spec.root_id = "union";
  spec.root_name = "Demo Union";
  spec.charter.sessions_per_year = 12;
  spec.charter.session_days = 14;
  spec.charter.initiative_threshold_permille = 50;
  spec.charter.quorum_permille = 200;
  SystemRng system_rng;
  VECHE_ASSIGN_OR_RETURN(InitResult init, InitDataDir(dir, spec, system_rng, clock, store::OpenSqliteStores));
  VECHE_ASSIGN_OR_RETURN(crypto::SigningKey authority, crypto::ReadPrivateKeyFile(AuthorityKeyPath(dir)));
  VECHE_ASSIGN_OR_RETURN(std::unique_ptr<Node> node, Node::Open(dir, clock, store::OpenSqliteStores));
  Feeder feed(*node, clock);
  FakeRng rng(20260523);  // the population and its votes: deterministic, and no secret

  // The territories, their collectives and a registrar for the whole union.
  for (const Place& p : kPlaces) {
    feed.Add(core::RecordKind::kTerritoryCreate, core::TerritoryCreatePayload{p.id, p.parent, p.kind, p.name, {}},
             authority);
  }
  for (int c = 0; c < kCities; ++c) {
    const Place& city = kPlaces[kFirstCity + c];
    std::string name = city.name;
    feed.Add(core::RecordKind::kCollectiveCreate,
             core::CollectiveCreatePayload{std::string(city.id) + "-works", "", city.id,
                                           core::CollectiveKind::kWorkplace, name + " Works"},
             authority);
    feed.Add(core::RecordKind::kCollectiveCreate,
             core::CollectiveCreatePayload{std::string(city.id) + "-coop", "", city.id,
                                           core::CollectiveKind::kCooperative, name + " Cooperative"},
             authority);
  }
  crypto::SigningKey registrar = DerivedKey("registrar", "union");
  feed.Add(core::RecordKind::kRegistrarAccredit,
           core::RegistrarAccreditPayload{core::KeyBytes(registrar.public_key()), "union"}, authority);
  VECHE_RETURN_IF_ERROR(feed.Flush());

  // The citizens: enrolled by the registrar, then bound to their own keys (all but `unbound`).
  std::vector<Citizen> citizens;
  DemoResult result;
  for (int i = 1; i <= options.citizens; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "c-%05d", i);
    Citizen c{id, static_cast<int>(rng.Uniform(kCities)), true};
    // Ages 14..85; citizens between 14 and 18 vote consultatively.
    std::int64_t age_days = 14 * 365 + static_cast<std::int64_t>(rng.Uniform(71 * 365));
    if (i <= 3) age_days = 40 * 365;            // the first citizens (initiative authors) are adults
    UnixMicros born = start - age_days * kDay;  // so everyone may vote, at least consultatively, from the start
    core::CitizenEnrolPayload e;
    e.id = c.id;
    e.residence = kPlaces[kFirstCity + c.city].id;
    e.majority_date = born + 18 * 365 * kDay;
    e.consultative_date = born + 14 * 365 * kDay;
    c.adult = e.majority_date <= start;
    crypto::Sha256Digest salt_source = Derive("salt", c.id);
    Bytes salt(salt_source.begin(), salt_source.begin() + 16);
    e.personal_data = core::PersonalDataCommitment(salt, "demo person " + c.id);
    std::string code = DemoCode(c.id);
    e.enrolment_key = core::KeyBytes(core::EnrolmentKeyFromCode(code).public_key());
    feed.Add(core::RecordKind::kCitizenEnrol, e, registrar);
    if (i > options.citizens - options.unbound) {
      result.enrolments.push_back({c.id, code});
      continue;
    }
    crypto::SigningKey key = DemoCitizenKey(c.id);
    feed.Add(core::RecordKind::kCitizenBind,
             core::MakeBindPayload(c.id, core::EnrolmentKeyFromCode(code), core::KeyBytes(key.public_key())), key);
    citizens.push_back(std::move(c));
    if (i % 2000 == 0) {
      VECHE_RETURN_IF_ERROR(feed.Flush());
      say("demo: enrolled " + std::to_string(i) + " of " + std::to_string(options.citizens) + " citizens");
    }
  }
  VECHE_RETURN_IF_ERROR(feed.Flush());
  for (size_t i = 0; i < citizens.size(); i += 17) {
    const Citizen& c = citizens[i];
    std::string collective = std::string(kPlaces[kFirstCity + c.city].id) + (i % 2 ? "-works" : "-coop");
    feed.Add(core::RecordKind::kCitizenJoinCollective, core::CitizenCollectivePayload{c.id, collective},
             DemoCitizenKey(c.id));
  }
  VECHE_RETURN_IF_ERROR(feed.Flush());

  // The first session, a month ago: tabled, voted, closed and counted.
  for (const char* text : {kLibrariesText, kQuestionText, kBridgesText}) {
    feed.Add(core::RecordKind::kText, core::TextPayload{text}, authority);
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
    feed.Add(core::RecordKind::kMeasureTable, m, authority);
  }
  VECHE_RETURN_IF_ERROR(feed.Flush());
  clock.Advance(60 * kSecond);
  VECHE_RETURN_IF_ERROR(node->Tick().status());
  clock.Advance(3600 * kSecond);
  for (const Citizen& c : citizens) {
    if (rng.Uniform(100) >= 72) continue;  // turnout
    crypto::SigningKey key = DemoCitizenKey(c.id);
    feed.Add(core::RecordKind::kVote, core::VotePayload{"libraries-act", Draw(rng, 64, 27)}, key);
    feed.Add(core::RecordKind::kVote, core::VotePayload{"budget-2026", Draw(rng, 52, 38)}, key);
    feed.Add(core::RecordKind::kVote, core::VotePayload{"four-day-week", Draw(rng, 44, 49)}, key);
    if (c.city < kNovgorodCities) {
      feed.Add(core::RecordKind::kVote, core::VotePayload{"novgorod-bridges-act", Draw(rng, 71, 22)}, key);
    }
  }
  VECHE_RETURN_IF_ERROR(feed.Flush());
  say("demo: the first session was voted (" + std::to_string(feed.submitted()) + " records so far)");
  clock.Set(start + 15 * kDay);
  VECHE_RETURN_IF_ERROR(node->Tick().status());

  // The second session, open now: an amendment of the law adopted, a new law, next year's budget.
  clock.Set(now - 3 * 3600 * kSecond);
  for (const char* text : {kLibrariesAmendedText, kOpenDataText}) {
    feed.Add(core::RecordKind::kText, core::TextPayload{text}, authority);
  }
  core::MeasurePayload amendment = Measure("libraries-amendment", core::MeasureKind::kAmendment, "union",
                                           "Libraries: monthly open data, mobile libraries");
  amendment.spec.law = "libraries-act";
  amendment.spec.base = core::TextHashOf(kLibrariesText);
  amendment.spec.text = core::TextHashOf(kLibrariesAmendedText);
  core::MeasurePayload open_data = Measure("open-data-act", core::MeasureKind::kLaw, "union", "Open Data Act");
  open_data.spec.text = core::TextHashOf(kOpenDataText);
  for (const core::MeasurePayload& m : {amendment, open_data, Budget("budget-2027", 2027, 1)}) {
    feed.Add(core::RecordKind::kMeasureTable, m, authority);
  }
  VECHE_RETURN_IF_ERROR(feed.Flush());
  clock.Advance(60 * kSecond);
  VECHE_RETURN_IF_ERROR(node->Tick().status());
  clock.Advance(600 * kSecond);
  for (size_t i = 0; i < citizens.size(); ++i) {
    const Citizen& c = citizens[i];
    if (rng.Uniform(100) >= 46) continue;
    crypto::SigningKey key = DemoCitizenKey(c.id);
    feed.Add(core::RecordKind::kVote, core::VotePayload{"libraries-amendment", Draw(rng, 58, 30)}, key);
    feed.Add(core::RecordKind::kVote, core::VotePayload{"open-data-act", Draw(rng, 74, 17)}, key);
    feed.Add(core::RecordKind::kVote, core::VotePayload{"budget-2027", Draw(rng, 48, 41)}, key);
    if (i % 10 == 0) {  // some change their minds: the last vote counts
      feed.Add(core::RecordKind::kVote, core::VotePayload{"budget-2027", Draw(rng, 30, 60)}, key);
    }
  }
  VECHE_RETURN_IF_ERROR(feed.Flush());

  // A secret-ballot election, open now. Three trustees (any two decrypt) made its key; their
  // secrets, like every demo key, come from a public seed, so demo ballots are not secret.
  say("demo: a secret-ballot election with three trustees");
  core::ElectionDefinePayload council;
  council.id = "council-2026";
  council.territory = "union";
  council.title = "Chair of the Union Council";
  council.options = {"Anna Volkova", "Boris Orlov", "Vera Sokolova", "Gleb Lebedev"};
  council.limit = 1;
  council.opens_at = clock.Now() + 60 * kSecond;
  council.closes_at = now + 7 * kDay;
  council.threshold = 2;
  std::vector<crypto::SigningKey> trustees;
  std::vector<core::TrusteeSecrets> secrets;
  FakeRng election_rng(20261123);
  for (int t = 1; t <= 3; ++t) {
    trustees.push_back(DerivedKey("trustee", std::to_string(t)));
    council.trustees.push_back(core::KeyBytes(trustees.back().public_key()));
    secrets.push_back(core::GenerateTrusteeSecrets(council.threshold, election_rng));
  }
  feed.Add(core::RecordKind::kElectionDefine, council, authority);
  VECHE_RETURN_IF_ERROR(feed.Flush());
  for (bool reveal : {false, true}) {  // every trustee commits before any reveals
    for (std::uint32_t t = 1; t <= trustees.size(); ++t) {
      Status made = node->ReadState([&](const core::State& st) -> Status {
        if (reveal) {
          VECHE_ASSIGN_OR_RETURN(core::TrusteeRevealPayload p,
                                 core::MakeTrusteeReveal(st, council.id, t, secrets[t - 1], election_rng));
          feed.Add(core::RecordKind::kTrusteeReveal, p, trustees[t - 1]);
        } else {
          VECHE_ASSIGN_OR_RETURN(core::TrusteeCommitPayload p,
                                 core::MakeTrusteeCommit(st, council.id, t, secrets[t - 1], election_rng));
          feed.Add(core::RecordKind::kTrusteeCommit, p, trustees[t - 1]);
        }
        return OkStatus();
      });
      VECHE_RETURN_IF_ERROR(made);
    }
    VECHE_RETURN_IF_ERROR(feed.Flush());
  }
  clock.Set(council.opens_at);
  VECHE_RETURN_IF_ERROR(node->Tick().status());
  for (size_t i = 0; i < citizens.size(); i += 31) {  // about 3% have voted so far
    if (!citizens[i].adult) continue;
    crypto::SigningKey key = DemoCitizenKey(citizens[i].id);
    std::vector<std::uint8_t> marks(council.options.size(), 0);
    marks[rng.Uniform(marks.size())] = 1;
    Result<core::BallotPayload> ballot = node->ReadState([&](const core::State& st) {
      return core::MakeBallot(st, council.id, core::KeyBytes(key.public_key()), marks, election_rng);
    });
    VECHE_RETURN_IF_ERROR(ballot.status());
    feed.Add(core::RecordKind::kBallot, *ballot, key);
  }
  VECHE_RETURN_IF_ERROR(feed.Flush());

  // A citizens' initiative collecting signatures (its threshold is 5% of the adults).
  feed.Add(core::RecordKind::kText, core::TextPayload{kFerryText}, DemoCitizenKey(citizens[2].id));
  core::MeasurePayload ferry = Measure("ilmen-ferry", core::MeasureKind::kLaw, "union", "Ilmen Ferry Act");
  ferry.spec.text = core::TextHashOf(kFerryText);
  feed.Add(core::RecordKind::kInitiativeFile, ferry, DemoCitizenKey(citizens[2].id));
  VECHE_RETURN_IF_ERROR(feed.Flush());
  const std::uint64_t threshold =
      node->ReadState([](const core::State& s) { return s.initiatives.at("ilmen-ferry").threshold; });
  for (size_t i = 3, signed_up = 1; i < citizens.size() && signed_up < threshold * 2 / 5; i += 7) {
    if (!citizens[i].adult) continue;
    feed.Add(core::RecordKind::kInitiativeSign, core::IdPayload{"ilmen-ferry"}, DemoCitizenKey(citizens[i].id));
    ++signed_up;
  }
  VECHE_RETURN_IF_ERROR(feed.Flush());

  std::ostringstream codes;
  for (const DemoEnrolment& e : result.enrolments) codes << e.citizen_id << ' ' << e.code << '\n';
  VECHE_RETURN_IF_ERROR(crypto::WriteSecretFile(DemoCodesPath(dir), codes.str()));
  VECHE_RETURN_IF_ERROR(crypto::WritePrivateKeyFile(dir + "/demo-registrar.key", registrar));
  result.records = node->Summary().records;
  say("demo: " + std::to_string(result.records) + " records in the log");
  return result;
}

}  // namespace veche::node
