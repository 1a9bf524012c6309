// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// What the demo's domain files (registry.cc, legislation.cc, election.cc) share while they build
// the demo log: the node and its fake clock, the records waiting to be submitted, the population,
// and the demo's keys, all derived from the demo directory's own random secret. Internal to the
// demo.

#include <string>
#include <string_view>
#include <vector>

#include "veche/base/clock.h"
#include "veche/base/rng.h"
#include "veche/core/legislation/payloads.h"
#include "veche/core/registry/payloads.h"
#include "veche/demo/demo.h"
#include "veche/node/node.h"

namespace veche::demo {

constexpr UnixMicros kSecond = 1'000'000;
constexpr UnixMicros kDay = 86'400 * kSecond;

// Every secret of one demo (keys, enrolment codes, salts), derived from a random 32-byte secret
// kept in DemoSecretPath(dir): SHA-256("veche-demo/v2\n" || secret || label || "/" || id).
struct DemoSecrets {
  crypto::Sha256Digest secret{};
  crypto::Sha256Digest Derive(std::string_view label, std::string_view id) const;
  crypto::SigningKey Key(std::string_view label, std::string_view id) const;
  crypto::SigningKey CitizenKey(const std::string& citizen_id) const { return Key("citizen", citizen_id); }
  std::string Code(const std::string& citizen_id) const;
};

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

// Collects records and submits them to the node in batches, failing on the first refusal.
class Feeder {
 public:
  Feeder(node::Node& node, FakeClock& clock) : node_(node), clock_(clock) {}

  template <typename P>
  void Add(core::RecordKind kind, const P& payload, const crypto::SigningKey& author) {
    // Every record a microsecond after the last: a citizen's re-vote is signed after their vote.
    signed_at_ = std::max(clock_.Now(), signed_at_ + 1);
    pending_.push_back(
        core::SignRecord(node_.log_id(), kind, core::EncodePayload(payload), signed_at_, author).value().Encode());
  }
  Status Flush() {
    std::vector<ByteView> views(pending_.begin(), pending_.end());
    for (size_t at = 0; at < views.size(); at += 1000) {
      std::span<const ByteView> chunk(views.data() + at, std::min<size_t>(1000, views.size() - at));
      std::vector<Result<node::Receipt>> results = node_.SubmitBatch(chunk);
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
  node::Node& node_;
  FakeClock& clock_;
  std::vector<Bytes> pending_;
  std::uint64_t submitted_ = 0;
  UnixMicros signed_at_ = 0;
};

struct Citizen {
  std::string id;
  int city = 0;
  bool adult = true;
};

// The demo being built.
struct Builder {
  const DemoOptions& options;
  UnixMicros now = 0, start = 0;  // the log starts 35 days before now
  FakeClock& clock;
  node::Node& node;
  Feeder feed;
  FakeRng rng{20260523};  // the population and its votes: deterministic, and no secret
  DemoSecrets secrets;
  crypto::SigningKey authority;
  crypto::SigningKey registrar = secrets.Key("registrar", "union");
  std::vector<Citizen> citizens;  // bound to their own keys
  DemoResult result;
  void Say(const std::string& line) const {
    if (options.progress) options.progress(line);
  }
};

// The domains' parts of the demo, in the order CreateDemo runs them.
Status AddRegistry(Builder& b);            // territories, collectives, a registrar, the citizens
Status AddFirstSession(Builder& b);        // a month ago: tabled, voted, closed and counted
Status AddSecondSession(Builder& b);       // open now, half the electorate having voted
Status AddElection(Builder& b);            // a secret-ballot election, open now
Status AddInitiative(Builder& b);          // a citizens' initiative collecting signatures
Status AddOffices(Builder& b);             // between the sessions: certificates, offices, their first contests
Status AddOfficeInNomination(Builder& b);  // now: a contest in nomination
Status AddRatings(Builder& b);             // after the first contests: citizens rate the holders
Status AddRecalls(Builder& b);             // now: a suspended holder answers, a recall petition collects

}  // namespace veche::demo
