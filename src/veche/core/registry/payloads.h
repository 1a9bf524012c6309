// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The registry's records (kinds 1..47: genesis, clock, territories, collectives, registrars and
// citizens), each payload's field list (core/fields.h; bytes in docs/formats/registry.md), and the
// territory charter: a territory's parameters from docs/MISSION.md with their defaults.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "veche/choice/majority.h"
#include "veche/core/fields.h"

namespace veche::core {

constexpr size_t kMaxAuthorities = 64;
constexpr size_t kMaxNominatingAssociations = 8;  // associations one charter names

enum class TerritoryKind : std::uint8_t { kUnion = 1, kRepublic = 2, kRegion = 3, kCity = 4, kSettlement = 5 };
const char* TerritoryKindName(TerritoryKind kind);

enum class CollectiveKind : std::uint8_t { kWorkplace = 1, kCooperative = 2, kFarm = 3, kAssociation = 4 };
enum class RemovalReason : std::uint8_t { kDeath = 1, kLossOfCitizenship = 2 };
using choice::MajorityKind;
using choice::MajorityRule;

// A majority rule's fields: kind (u8 0..2), num (u16), den (u16).
template <typename V, typename Self>
void MajorityFields(V& v, Self& m) {
  v.Enum(m.kind, 0, 2, "majority kind");
  v.Int(m.num);
  v.Int(m.den);
}

struct Charter {
  std::uint8_t majority_age = 18;
  std::uint8_t consultative_age = 14;
  std::uint8_t sessions_per_year = 2;
  std::uint8_t term_years = 3;
  std::uint16_t recall_threshold_permille = 200;
  std::uint16_t restore_threshold_permille = 500;
  std::uint32_t recall_min_raters = 100;
  std::uint16_t recall_period_days = 30;
  std::uint16_t grace_period_days = 30;
  std::uint16_t extraordinary_petition_permille = 333;
  std::uint16_t initiative_threshold_permille = 10;
  std::uint16_t quorum_permille = 0;
  MajorityRule law_majority{MajorityKind::kSimple, 1, 2};
  MajorityRule budget_majority{MajorityKind::kSimple, 1, 2};
  MajorityRule charter_majority{MajorityKind::kQualified, 2, 3};
  bool double_majority = false;
  std::uint16_t pay_cap_permille = 1000;  // officials' pay cap, per mille of the average worker's pay
  std::uint16_t session_days = 14;        // how long a session of the People's Assembly stays open
  // Filling offices (docs/formats/offices.md).
  std::uint16_t nomination_days = 21;                // a nomination period; its one extension
  std::uint16_t nomination_lead_days = 90;           // how long before a term ends its election opens
  std::uint16_t nomination_signatures_permille = 5;  // share of the electorate a citizens' nomination needs
  std::uint8_t consecutive_terms_limit = 2;          // 0: no limit
  bool runoff = true;                                // two rounds; false: plurality
  std::uint16_t keygen_days = 7;                     // the trustees' key ceremony before an office's vote
  std::uint16_t voting_days = 7;                     // how long an office's vote stays open
  // A collective's meeting (offices.md): the share of its members who must take part, the majority.
  std::uint16_t meeting_quorum_permille = 500;
  MajorityRule meeting_majority{MajorityKind::kSimple, 1, 2};
  bool open_elections = false;  // offices are filled by open roll-call votes, not secret ballots
  // The root territory's charter only (offices.md, "Powers"): the genesis authorities sign no more.
  bool authorities_retired = false;
  // Associations (collective ids) that may nominate, by their members' meeting, for this
  // territory's offices wherever they lie (offices.md, "Nominations").
  std::vector<std::string> nominating_associations;
  // Promotion by record (accountability.md): a candidacy for an office of this territory needs a
  // completed term in another office with final approval at least this, per mille; 0: none.
  std::uint16_t promotion_record_permille = 0;

  // Every field once, in encoding order, with its name: the one list behind the encoding, the
  // decoding, CharterFields and SetCharterField.
  template <typename Self, typename F>
  static void Visit(Self& c, F&& visit) {
    visit("majority_age", c.majority_age);
    visit("consultative_age", c.consultative_age);
    visit("sessions_per_year", c.sessions_per_year);
    visit("term_years", c.term_years);
    visit("recall_threshold_permille", c.recall_threshold_permille);
    visit("restore_threshold_permille", c.restore_threshold_permille);
    visit("recall_min_raters", c.recall_min_raters);
    visit("recall_period_days", c.recall_period_days);
    visit("grace_period_days", c.grace_period_days);
    visit("extraordinary_petition_permille", c.extraordinary_petition_permille);
    visit("initiative_threshold_permille", c.initiative_threshold_permille);
    visit("quorum_permille", c.quorum_permille);
    visit("law_majority", c.law_majority);
    visit("budget_majority", c.budget_majority);
    visit("charter_majority", c.charter_majority);
    visit("double_majority", c.double_majority);
    visit("pay_cap_permille", c.pay_cap_permille);
    visit("session_days", c.session_days);
    visit("nomination_days", c.nomination_days);
    visit("nomination_lead_days", c.nomination_lead_days);
    visit("nomination_signatures_permille", c.nomination_signatures_permille);
    visit("consecutive_terms_limit", c.consecutive_terms_limit);
    visit("runoff", c.runoff);
    visit("keygen_days", c.keygen_days);
    visit("voting_days", c.voting_days);
    visit("meeting_quorum_permille", c.meeting_quorum_permille);
    visit("meeting_majority", c.meeting_majority);
    visit("open_elections", c.open_elections);
    visit("authorities_retired", c.authorities_retired);
    visit("nominating_associations", c.nominating_associations);
    visit("promotion_record_permille", c.promotion_record_permille);
  }
  // A charter read from bytes must also pass Validate.
  template <typename V, typename Self>
  static void Fields(V& v, Self& c) {
    Visit(c, [&](const char*, auto& field) {
      if constexpr (std::is_same_v<std::remove_const_t<std::remove_reference_t<decltype(field)>>, MajorityRule>) {
        MajorityFields(v, field);
      } else if constexpr (std::is_same_v<std::remove_const_t<std::remove_reference_t<decltype(field)>>,
                                          std::vector<std::string>>) {
        size_t n = field.size();
        v.template Count<std::uint8_t>(
            n, 0, kMaxNominatingAssociations,
            fields::CountMessage("the number of nominating associations", 0, kMaxNominatingAssociations));
        v.Resize(field, n);
        for (auto& id : field) v.Id(id, "nominating association");
      } else {
        v.Int(field);
      }
    });
    v.Check([&] { return c.Validate(); });
  }

  // kInvalidArgument naming the first out-of-range parameter.
  Status Validate() const;
  friend bool operator==(const Charter&, const Charter&) = default;
};

// The charter as named text fields, in encoding order: "majority_age" -> "18", "law_majority" ->
// "simple" / "absolute" / "qualified 2/3", "double_majority" -> "true" / "false". What the API
// serves and what SetCharterField reads.
std::vector<std::pair<std::string, std::string>> CharterFields(const Charter& charter);
// Sets one field by name from its text form. kInvalidArgument for an unknown name or a value that
// does not parse or fit the field's type (ranges are Charter::Validate's business).
Status SetCharterField(Charter& charter, std::string_view name, std::string_view value);

struct GenesisPayload {  // genesis
  PublicKeyBytes node_key{};
  std::string root_id, root_name;
  TerritoryKind root_kind = TerritoryKind::kUnion;
  Charter charter;
  std::vector<PublicKeyBytes> authorities;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Fixed(p.node_key);
    v.Id(p.root_id, "root territory id");
    v.Name(p.root_name, "root territory name");
    v.Enum(p.root_kind, 1, 5, "territory kind");
    v.Nested(p.charter);
    size_t n = p.authorities.size();
    v.template Count<std::uint32_t>(n, 1, kMaxAuthorities, [](size_t) { return "genesis needs 1..64 authority keys"; });
    v.Resize(p.authorities, n);
    for (auto& k : p.authorities) v.Fixed(k);
  }
};
struct ClockPayload {  // clock
  UnixMicros time = 0;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Int(p.time);
    v.Check([&] {
      return p.time < 0 || p.time > kMaxClockTime ? InvalidArgumentError("clock time must lie in 1970..9999")
                                                  : OkStatus();
    });
  }
};
struct TerritoryCreatePayload {  // territory_create
  std::string id, parent;
  TerritoryKind kind = TerritoryKind::kCity;
  std::string name;
  std::optional<Charter> charter;  // absent: inherit the parent's
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "territory id");
    v.Id(p.parent, "parent territory");
    v.Enum(p.kind, 1, 5, "territory kind");
    v.Name(p.name, "territory name");
    v.Optional(p.charter, [&](auto& c) { v.Nested(c); });
  }
};
struct RenamePayload {  // territory_rename, collective_rename
  std::string id, name;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "id");
    v.Name(p.name, "name");
  }
};
struct IdPayload {  // territory_dissolve, collective_dissolve, initiative_sign/_withdraw, session_petition
  std::string id;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "id");
  }
};
struct CollectiveCreatePayload {  // collective_create
  std::string id, parent;         // parent empty: a top-level collective
  std::string territory;
  CollectiveKind kind = CollectiveKind::kWorkplace;
  std::string name;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "collective id");
    v.OptionalId(p.parent, "parent collective");
    v.Id(p.territory, "collective territory");
    v.Enum(p.kind, 1, 4, "collective kind");
    v.Name(p.name, "collective name");
  }
};
struct RegistrarAccreditPayload {  // registrar_accredit
  PublicKeyBytes key{};
  std::string territory;  // the registrar acts for this territory and everything below it
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Fixed(p.key);
    v.Id(p.territory, "registrar territory");
  }
};
struct RegistrarRevokePayload {  // registrar_revoke
  PublicKeyBytes key{};
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Fixed(p.key);
  }
};
struct CitizenEnrolPayload {  // citizen_enrol
  std::string id;
  std::string residence;
  UnixMicros majority_date = 0;
  UnixMicros consultative_date = 0;
  Commitment personal_data{};      // salted hash of the registrar's private record of the person
  PublicKeyBytes enrolment_key{};  // derived from the one-time enrolment code
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "citizen id");
    v.Id(p.residence, "residence");
    v.Int(p.majority_date);
    v.Int(p.consultative_date);
    v.Check([&] {
      return p.consultative_date > p.majority_date
                 ? InvalidArgumentError("the consultative vote cannot start after majority")
                 : OkStatus();
    });
    v.Fixed(p.personal_data);
    v.Fixed(p.enrolment_key);
  }
};
struct CitizenBindPayload {  // citizen_bind
  std::string id;
  SignatureBytes enrolment_signature{};  // by the enrolment key over BindMessage(id, enrolment key, author)
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "citizen id");
    v.Fixed(p.enrolment_signature);
  }
};
struct CitizenRotateKeyPayload {  // citizen_rotate_key
  std::string id;
  PublicKeyBytes new_key{};
  SignatureBytes new_key_signature{};  // by the new key over RotateMessage(id, new_key)
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "citizen id");
    v.Fixed(p.new_key);
    v.Fixed(p.new_key_signature);
  }
};
struct CitizenRecoverPayload {  // citizen_recover
  std::string id;
  PublicKeyBytes enrolment_key{};  // a fresh one-time code's key; the old citizen key stops working
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "citizen id");
    v.Fixed(p.enrolment_key);
  }
};
struct CitizenMovePayload {  // citizen_move
  std::string id, residence;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "citizen id");
    v.Id(p.residence, "residence");
  }
};
struct CitizenCollectivePayload {  // citizen_join_collective, citizen_leave_collective
  std::string id, collective;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "citizen id");
    v.Id(p.collective, "collective");
  }
};
struct CitizenRemovePayload {  // citizen_remove
  std::string id;
  RemovalReason reason = RemovalReason::kDeath;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.id, "citizen id");
    v.Enum(p.reason, 1, 2, "removal reason");
  }
};

// The citizen_bind payload for `citizen_key`: the enrolment key (from the one-time code) signs
// BindMessage(id, its own public key, citizen_key). Submitted signed by the citizen key itself.
CitizenBindPayload MakeBindPayload(std::string_view citizen_id, const crypto::SigningKey& enrolment,
                                   const PublicKeyBytes& citizen_key);

// Proof-of-possession messages. The bind message names the enrolment key, so a proof made for one
// enrolment code cannot be replayed after a registrar issues another.
Bytes BindMessage(std::string_view citizen_id, const PublicKeyBytes& enrolment_key, const PublicKeyBytes& citizen_key);
Bytes RotateMessage(std::string_view citizen_id, const PublicKeyBytes& new_key);

// The enrolment key of a one-time enrolment code: the Ed25519 key whose RFC 8032 seed is
// SHA-256("veche/enrolment-code/v1\n" || code). The registrar publishes its public half in
// citizen_enrol; the citizen's device derives it from the code to sign the bind proof. The code
// must be as hard to guess as a key (the public half is in the log for anyone to test guesses).
crypto::SigningKey EnrolmentKeyFromCode(std::string_view code);

// The commitment to a person's data that citizen_enrol carries: SHA-256("veche/personal-data/v1\n"
// || salt || data). The salt and the data stay in the registrar's private store; erasing them there
// leaves a commitment nobody can link to the person.
Commitment PersonalDataCommitment(ByteView salt, std::string_view data);

}  // namespace veche::core
