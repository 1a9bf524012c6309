// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/kinds.h"

#include <algorithm>
#include <array>

#include "veche/core/accountability/rules.h"
#include "veche/core/election/rules.h"
#include "veche/core/legislation/rules.h"
#include "veche/core/offices/rules.h"
#include "veche/core/registry/rules.h"

namespace veche::core {
namespace {

template <typename P>
Status Decode(ByteView payload) {
  return DecodePayload<P>(payload).status();
}

template <typename P>
bool RoundTrips(ByteView payload) {
  Result<P> decoded = DecodePayload<P>(payload);
  return !decoded.ok() || EncodePayload(*decoded) == Bytes(payload.begin(), payload.end());
}

template <typename P>
constexpr KindInfo Kind(RecordKind kind, std::string_view name, Domain domain, Signer signer, MadeBy made_by,
                        KindRule apply, size_t max_payload = kMaxPayloadSize) {
  return KindInfo{kind, name, domain, signer, made_by, max_payload, apply, &Decode<P>, &RoundTrips<P>};
}

using enum RecordKind;
using enum Signer;
using enum MadeBy;
constexpr Domain kReg = Domain::kRegistry, kLeg = Domain::kLegislation, kEl = Domain::kElection,
                 kOff = Domain::kOffices, kAcc = Domain::kAccountability;

// clang-format off
constexpr std::array kKinds = {
  Kind<GenesisPayload>(kGenesis, "genesis", kReg, kNode, kTools, &ApplyGenesisAgain),
  Kind<ClockPayload>(kClock, "clock", kReg, kNode, kNodeOnly, &ApplyClock),
  Kind<TerritoryCreatePayload>(kTerritoryCreate, "territory_create", kReg, kPowerHolder, kTools, &ApplyTerritoryCreate),
  Kind<RenamePayload>(kTerritoryRename, "territory_rename", kReg, kPowerHolder, kTools, &ApplyTerritoryRename),
  Kind<IdPayload>(kTerritoryDissolve, "territory_dissolve", kReg, kPowerHolder, kTools, &ApplyTerritoryDissolve),
  Kind<CollectiveCreatePayload>(kCollectiveCreate, "collective_create", kReg, kPowerHolder, kTools, &ApplyCollectiveCreate),
  Kind<RenamePayload>(kCollectiveRename, "collective_rename", kReg, kPowerHolder, kTools, &ApplyCollectiveRename),
  Kind<IdPayload>(kCollectiveDissolve, "collective_dissolve", kReg, kPowerHolder, kTools, &ApplyCollectiveDissolve),
  Kind<RegistrarAccreditPayload>(kRegistrarAccredit, "registrar_accredit", kReg, kPowerHolder, kTools, &ApplyRegistrarAccredit),
  Kind<RegistrarRevokePayload>(kRegistrarRevoke, "registrar_revoke", kReg, kPowerHolder, kTools, &ApplyRegistrarRevoke),
  Kind<CitizenEnrolPayload>(kCitizenEnrol, "citizen_enrol", kReg, kRegistrar, kBrowser, &ApplyCitizenEnrol),
  Kind<CitizenBindPayload>(kCitizenBind, "citizen_bind", kReg, kEnrolment, kBrowser, &ApplyCitizenBind),
  Kind<CitizenRotateKeyPayload>(kCitizenRotateKey, "citizen_rotate_key", kReg, kCitizen, kTools, &ApplyCitizenRotateKey),
  Kind<CitizenRecoverPayload>(kCitizenRecover, "citizen_recover", kReg, kRegistrar, kTools, &ApplyCitizenRecover),
  Kind<CitizenMovePayload>(kCitizenMove, "citizen_move", kReg, kRegistrar, kTools, &ApplyCitizenMove),
  Kind<CitizenCollectivePayload>(kCitizenJoinCollective, "citizen_join_collective", kReg, kCitizen, kTools, &ApplyCitizenMembership),
  Kind<CitizenCollectivePayload>(kCitizenLeaveCollective, "citizen_leave_collective", kReg, kCitizen, kTools, &ApplyCitizenMembership),
  Kind<CitizenRemovePayload>(kCitizenRemove, "citizen_remove", kReg, kRegistrar, kTools, &ApplyCitizenRemove),
  Kind<TextPayload>(kText, "text", kLeg, kPublisher, kBrowser, &ApplyText, kMaxTextPayloadSize),
  Kind<MeasurePayload>(kMeasureTable, "measure_table", kLeg, kPowerHolder, kTools, &ApplyMeasureTable),
  Kind<MeasurePayload>(kInitiativeFile, "initiative_file", kLeg, kCitizen, kBrowser, &ApplyInitiativeFile),
  Kind<IdPayload>(kInitiativeSign, "initiative_sign", kLeg, kCitizen, kBrowser, &ApplyInitiativeSignature),
  Kind<IdPayload>(kInitiativeWithdraw, "initiative_withdraw", kLeg, kCitizen, kBrowser, &ApplyInitiativeSignature),
  Kind<IdPayload>(kSessionPetition, "session_petition", kLeg, kCitizen, kTools, &ApplyPetition),
  Kind<SessionOpenPayload>(kSessionOpen, "session_open", kLeg, kNode, kNodeOnly, &ApplySessionOpen),
  Kind<SessionClosePayload>(kSessionClose, "session_close", kLeg, kNode, kNodeOnly, &ApplySessionClose),
  Kind<VotePayload>(kVote, "vote", kLeg, kCitizen, kBrowser, &ApplyVote),
  Kind<MeasureResultPayload>(kMeasureResult, "measure_result", kLeg, kNode, kNodeOnly, &ApplyResult),
  Kind<ElectionDefinePayload>(kElectionDefine, "election_define", kEl, kPowerHolder, kTools, &ApplyDefine),
  Kind<TrusteeCommitPayload>(kTrusteeCommit, "trustee_commit", kEl, kTrustee, kTools, &ApplyCommit),
  Kind<TrusteeRevealPayload>(kTrusteeReveal, "trustee_reveal", kEl, kTrustee, kTools, &ApplyReveal),
  Kind<TrusteeComplaintPayload>(kTrusteeComplaint, "trustee_complaint", kEl, kTrustee, kTools, &ApplyComplaint),
  Kind<ElectionOpenPayload>(kElectionOpen, "election_open", kEl, kNode, kNodeOnly, &ApplyOpen),
  Kind<BallotPayload>(kBallot, "ballot", kEl, kCitizen, kBrowser, &ApplyBallot),
  Kind<ElectionClosePayload>(kElectionClose, "election_close", kEl, kNode, kNodeOnly, &ApplyClose),
  Kind<DecryptionSharePayload>(kDecryptionShare, "decryption_share", kEl, kTrustee, kTools, &ApplyDecryption),
  Kind<ElectionResultPayload>(kElectionResult, "election_result", kEl, kNode, kNodeOnly, &ApplyElectionResult),
  Kind<TrainingBodyAccreditPayload>(kTrainingBodyAccredit, "training_body_accredit", kOff, kPowerHolder, kTools, &ApplyTrainingBodyAccredit),
  Kind<TrainingBodyRevokePayload>(kTrainingBodyRevoke, "training_body_revoke", kOff, kPowerHolder, kTools, &ApplyTrainingBodyRevoke),
  Kind<CertificateIssuePayload>(kCertificateIssue, "certificate_issue", kOff, kTrainingBody, kTools, &ApplyCertificateIssue),
  Kind<CertificateRevokePayload>(kCertificateRevoke, "certificate_revoke", kOff, kTrainingBody, kTools, &ApplyCertificateRevoke),
  Kind<OfficeCreatePayload>(kOfficeCreate, "office_create", kOff, kPowerHolder, kTools, &ApplyOfficeCreate),
  Kind<IdPayload>(kOfficeAbolish, "office_abolish", kOff, kPowerHolder, kTools, &ApplyOfficeAbolish),
  Kind<TrusteeRollSetPayload>(kTrusteeRollSet, "trustee_roll_set", kOff, kPowerHolder, kTools, &ApplyTrusteeRollSet),
  Kind<OfficeStepPayload>(kNominationOpen, "nomination_open", kOff, kNode, kNodeOnly, &ApplyOfficeNodeRecord),
  Kind<NominationFilePayload>(kNominationFile, "nomination_file", kOff, kCitizen, kBrowser, &ApplyNominationFile),
  Kind<IdPayload>(kNominationSign, "nomination_sign", kOff, kCitizen, kBrowser, &ApplyNominationSign),
  Kind<CandidacyFilePayload>(kCandidacyFile, "candidacy_file", kOff, kCitizen, kBrowser, &ApplyCandidacyFile),
  Kind<OfficeStepPayload>(kNominationsClose, "nominations_close", kOff, kNode, kNodeOnly, &ApplyOfficeNodeRecord),
  Kind<OfficeStepPayload>(kContestDecide, "contest_decide", kOff, kNode, kNodeOnly, &ApplyOfficeNodeRecord),
  Kind<OfficeStepPayload>(kOfficeSeat, "office_seat", kOff, kNode, kNodeOnly, &ApplyOfficeNodeRecord),
  Kind<OfficeStepPayload>(kTermEnd, "term_end", kOff, kNode, kNodeOnly, &ApplyOfficeNodeRecord),
  Kind<OfficeResignPayload>(kOfficeResign, "office_resign", kOff, kCitizen, kTools, &ApplyOfficeResign),
  Kind<CitizenCollectivePayload>(kMembershipConfirm, "membership_confirm", kOff, kMembershipOfficer, kTools, &ApplyMembershipConfirm),
  Kind<MeetingOpenPayload>(kMeetingOpen, "meeting_open", kOff, kCitizen, kTools, &ApplyMeetingOpen),
  Kind<MeetingVotePayload>(kMeetingVote, "meeting_vote", kOff, kCitizen, kBrowser, &ApplyMeetingVote),
  Kind<OfficeStepPayload>(kMeetingClose, "meeting_close", kOff, kNode, kNodeOnly, &ApplyMeetingClose),
  Kind<PowerPayload>(kPowerGrant, "power_grant", kOff, kAuthority, kTools, &ApplyPowerChange),
  Kind<PowerPayload>(kPowerRevoke, "power_revoke", kOff, kAuthority, kTools, &ApplyPowerChange),
  Kind<OfficeVotePayload>(kOfficeVote, "office_vote", kOff, kCitizen, kBrowser, &ApplyOfficeVote),
  Kind<RatingSetPayload>(kRatingSet, "rating_set", kAcc, kCitizen, kBrowser, &ApplyRatingSet),
  Kind<RatingDayPayload>(kRatingDay, "rating_day", kAcc, kNode, kNodeOnly, &ApplyRatingDay),
  Kind<HolderStatementPayload>(kHolderStatement, "holder_statement", kAcc, kCitizen, kTools, &ApplyHolderStatement),
  Kind<PromiseReportPayload>(kPromiseReport, "promise_report", kAcc, kCitizen, kTools, &ApplyPromiseReport),
  Kind<PromiseContestPayload>(kPromiseContest, "promise_contest", kAcc, kCitizen, kTools, &ApplyPromiseContest),
  Kind<RecallSignPayload>(kRecallSign, "recall_sign", kAcc, kCitizen, kBrowser, &ApplyRecallSign),
  Kind<RecallVotePayload>(kRecallVote, "recall_vote", kAcc, kCitizen, kBrowser, &ApplyRecallVote),
  Kind<RecallClosePayload>(kRecallClose, "recall_close", kAcc, kNode, kNodeOnly, &ApplyRecallClose),
  Kind<PayrollReportPayload>(kPayrollReport, "payroll_report", kAcc, kCitizen, kTools, &ApplyPayrollReport),
  Kind<OfficePayPayload>(kOfficePay, "office_pay", kAcc, kPowerHolder, kTools, &ApplyOfficePay),
  Kind<OfficePublishPayload>(kOfficePublish, "office_publish", kAcc, kCitizen, kTools, &ApplyOfficePublish),
  Kind<OfficeSpendPayload>(kOfficeSpend, "office_spend", kAcc, kCitizen, kTools, &ApplyOfficeSpend),
  Kind<ActingAcceptPayload>(kActingAccept, "acting_accept", kAcc, kCitizen, kBrowser, &ApplyActingAccept),
};
// clang-format on

constexpr bool InNumberOrder() {
  for (size_t i = 1; i < kKinds.size(); ++i) {
    if (static_cast<std::uint16_t>(kKinds[i - 1].kind) >= static_cast<std::uint16_t>(kKinds[i].kind)) return false;
  }
  return true;
}
static_assert(InNumberOrder(), "the kinds table is in number order, each number once");

}  // namespace

std::span<const KindInfo> Kinds() {
  return kKinds;
}

const KindInfo* FindKind(std::uint16_t kind) {
  auto it = std::lower_bound(kKinds.begin(), kKinds.end(), kind, [](const KindInfo& info, std::uint16_t k) {
    return static_cast<std::uint16_t>(info.kind) < k;
  });
  return it != kKinds.end() && static_cast<std::uint16_t>(it->kind) == kind ? &*it : nullptr;
}

std::string_view RecordKindName(RecordKind kind) {
  const KindInfo* info = FindKind(static_cast<std::uint16_t>(kind));
  return info ? info->name : "unknown";
}

bool IsKnownRecordKind(std::uint16_t kind) {
  return FindKind(kind) != nullptr;
}

size_t MaxPayloadSize(RecordKind kind) {
  const KindInfo* info = FindKind(static_cast<std::uint16_t>(kind));
  return info ? info->max_payload : kMaxPayloadSize;
}

std::string_view DomainName(Domain domain) {
  switch (domain) {
    case Domain::kRegistry: return "registry";
    case Domain::kLegislation: return "legislation";
    case Domain::kElection: return "election";
    case Domain::kOffices: return "offices";
    case Domain::kAccountability: return "accountability";
  }
  return "unknown";
}

std::string_view SignerName(Signer signer) {
  switch (signer) {
    case Signer::kNode: return "node";
    case Signer::kAuthority: return "authority";
    case Signer::kRegistrar: return "registrar";
    case Signer::kCitizen: return "citizen";
    case Signer::kPublisher: return "authority or citizen";
    case Signer::kTrustee: return "trustee";
    case Signer::kEnrolment: return "citizen (with the enrolment code's proof)";
    case Signer::kTrainingBody: return "training body";
    case Signer::kPowerHolder: return "authority, or the holder of an office with the power";
    case Signer::kMembershipOfficer: return "registrar for the collective's territory, or its secretary";
  }
  return "unknown";
}

}  // namespace veche::core
