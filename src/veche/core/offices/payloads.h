// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Offices and the qualifications to hold them (docs/formats/offices.md): the payloads of record
// kinds 70..75 with their field lists (core/fields.h). Training bodies accredited by an authority
// issue qualification certificates to citizens; offices are posts in a territory or a collective,
// each with a term and, optionally, the certificate class a candidate must hold.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "veche/core/election/payloads.h"
#include "veche/core/fields.h"
#include "veche/core/legislation/payloads.h"

namespace veche::core {

constexpr size_t kMaxCertificateClasses = 8;  // classes one training body may certify
constexpr size_t kMaxReasonSize = 500;        // bytes of a published reason
constexpr std::uint8_t kMaxTermYears = 10;
constexpr size_t kMaxPromises = 32;  // items on one candidate's promise checklist

struct TrainingBodyAccreditPayload {  // training_body_accredit
  PublicKeyBytes key{};               // signs the body's certificates
  std::string id, name;
  std::string territory;             // where the body is based (it may certify any citizen)
  std::vector<std::string> classes;  // certificate classes it may issue: "management", "legal", ...
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Fixed(p.key);
    v.Id(p.id, "training body id");
    v.Name(p.name, "name");
    v.Id(p.territory, "territory");
    size_t n = p.classes.size();
    v.template Count<std::uint8_t>(
        n, 1, kMaxCertificateClasses,
        fields::CountMessage("the number of certificate classes", 1, kMaxCertificateClasses));
    v.Resize(p.classes, n);
    for (auto& c : p.classes) v.Id(c, "certificate class");
  }
};
struct TrainingBodyRevokePayload {  // training_body_revoke
  PublicKeyBytes key{};
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Fixed(p.key);
  }
};
struct CertificateIssuePayload {  // certificate_issue
  std::string id, citizen, certificate_class;
  UnixMicros valid_from = 0, valid_until = 0;  // valid at t when valid_from <= t < valid_until
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "certificate id");
    v.Id(p.citizen, "citizen");
    v.Id(p.certificate_class, "certificate class");
    v.Int(p.valid_from);
    v.Int(p.valid_until);
  }
};
struct CertificateRevokePayload {  // certificate_revoke
  std::string id, reason;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "certificate id");
    v.String(p.reason, kMaxReasonSize, "reason");
  }
};
struct OfficeCreatePayload {  // office_create
  std::string id, title;
  std::string territory;        // the office's territory (a collective's own territory for its posts)
  std::string collective;       // empty: a post of the territory; else a post of this collective
  std::uint8_t term_years = 0;  // 0: the territory's charter term_years
  std::string required_class;   // empty: no certificate required
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "office id");
    v.Name(p.title, "title");
    v.Id(p.territory, "territory");
    v.OptionalId(p.collective, "collective");
    v.Int(p.term_years);
    v.OptionalId(p.required_class, "required certificate class");
  }
};

// What an authority may do, each a power an office may carry (docs/formats/offices.md, "Powers").
enum class Power : std::uint8_t {
  kTerritories = 1,     // territory_create, _rename, _dissolve
  kCollectives = 2,     // collective_create, _rename, _dissolve
  kRegistrars = 3,      // registrar_accredit, _revoke
  kTrainingBodies = 4,  // training_body_accredit, _revoke
  kMeasures = 5,        // measure_table
  kElections = 6,       // election_define
  kOffices = 7,         // office_create, _abolish
  kTrustees = 8,        // trustee_roll_set
};
constexpr std::uint8_t kMaxPower = 8;
// "territories", "collectives", "registrars", "training-bodies", "measures", "elections",
// "offices", "trustees".
const char* PowerName(Power power);
std::optional<Power> PowerNamed(std::string_view name);

struct PowerPayload {  // power_grant, power_revoke
  std::string office;
  Power power = Power::kTerritories;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
    v.Enum(p.power, 1, kMaxPower, "power");
  }
};

struct TrusteeRollSetPayload {  // trustee_roll_set
  std::string territory;
  std::string collective;  // empty: the territory's roll; else the collective's
  std::uint8_t threshold = 1;
  std::vector<PublicKeyBytes> trustees;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.territory, "territory");
    v.OptionalId(p.collective, "collective");
    v.Int(p.threshold);
    size_t n = p.trustees.size();
    v.template Count<std::uint8_t>(n, 1, kMaxTrustees, fields::CountMessage("the number of trustees", 1, kMaxTrustees));
    v.Resize(p.trustees, n);
    for (auto& k : p.trustees) v.Fixed(k);
  }
};
// The node's records of an office or a contest (nomination_open, nominations_close,
// contest_decide, office_seat, term_end): the id, and which step of its kind this is, so that each
// record is distinct from every earlier one (docs/formats/offices.md gives each kind's step).
struct OfficeStepPayload {
  std::string id;
  std::uint32_t step = 0;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "office or contest id");
    v.Int(p.step);
  }
};
struct NominationFilePayload {  // nomination_file: a citizens' nomination, signed by its first signer
  std::string id, contest, nominee;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "nomination id");
    v.Id(p.contest, "contest id");
    v.Id(p.nominee, "nominee");
  }
};
struct CandidacyFilePayload {  // candidacy_file: the nominee accepts, with a promise checklist
  std::string contest, nomination;
  std::vector<TextHash> promises;  // published texts, each one checklist item
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.contest, "contest id");
    v.Id(p.nomination, "nomination id");
    size_t n = p.promises.size();
    v.template Count<std::uint8_t>(n, 0, kMaxPromises, fields::CountMessage("the number of promises", 0, kMaxPromises));
    v.Resize(p.promises, n);
    for (auto& h : p.promises) v.Fixed(h);
  }
};
constexpr std::uint16_t kMaxMeetingDays = 30;
// What a collective's meeting decides: a nomination, or one of the collective's own posts.
enum class MeetingSubject : std::uint8_t { kNomination = 1, kOffice = 2 };
const char* MeetingSubjectName(MeetingSubject subject);  // "nomination", "office"
struct MeetingOpenPayload {                              // meeting_open: a collective's members vote on a motion
  std::string id, collective;
  MeetingSubject subject = MeetingSubject::kNomination;
  std::string contest, nominee;  // nomination: the contest, and whom the collective nominates in it
  OfficeMotion office;           // office: create or abolish a post of the collective
  std::uint16_t days = 1;        // it closes this many days after it opens
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "meeting id");
    v.Id(p.collective, "collective");
    v.Enum(p.subject, 1, 2, "meeting subject");
    if (p.subject == MeetingSubject::kNomination) {
      v.Id(p.contest, "contest id");
      v.Id(p.nominee, "nominee");
    } else {
      v.Nested(p.office);
    }
    v.Int(p.days);
  }
  static MeetingOpenPayload Nominating(std::string id, std::string collective, std::string contest, std::string nominee,
                                       std::uint16_t days) {
    MeetingOpenPayload p;
    p.id = std::move(id);
    p.collective = std::move(collective);
    p.contest = std::move(contest);
    p.nominee = std::move(nominee);
    p.days = days;
    return p;
  }
};
struct MeetingVotePayload {  // meeting_vote: a member's open vote; a later one replaces it
  std::string meeting;
  VoteChoice choice = VoteChoice::kYes;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.meeting, "meeting id");
    v.Enum(p.choice, 1, 3, "vote choice");
  }
};
struct OfficeVotePayload {      // office_vote: a vote in an open round, by roll call; a later one replaces it
  std::string contest, choice;  // choice: a candidate's citizen id, or "yes" / "no" in a confirmation
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.contest, "contest id");
    v.Id(p.choice, "choice");
  }
};
struct OfficeResignPayload {  // office_resign
  std::string office, reason;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
    v.String(p.reason, kMaxReasonSize, "reason");
  }
};

}  // namespace veche::core
