// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The offices' rules (docs/formats/offices.md): who may accredit training bodies, issue and revoke
// qualification certificates, create and abolish offices and keep trustee rolls; how citizens
// nominate, sign and stand; and the node's records that open and close nominations, decide
// contests, seat winners and end terms. One function per record kind, named by the kinds table
// (kinds.h).

#include <set>
#include <string>
#include <vector>

#include "veche/core/rules.h"

namespace veche::core {

Status ApplyTrainingBodyAccredit(State& s, const Applying& in);
Status ApplyTrainingBodyRevoke(State& s, const Applying& in);
Status ApplyCertificateIssue(State& s, const Applying& in);
Status ApplyCertificateRevoke(State& s, const Applying& in);
Status ApplyOfficeCreate(State& s, const Applying& in);
Status ApplyOfficeAbolish(State& s, const Applying& in);
Status ApplyTrusteeRollSet(State& s, const Applying& in);
Status ApplyNominationFile(State& s, const Applying& in);
Status ApplyNominationSign(State& s, const Applying& in);
Status ApplyCandidacyFile(State& s, const Applying& in);
Status ApplyOfficeResign(State& s, const Applying& in);
// A vote in a contest's open round (the charter's open_elections).
Status ApplyOfficeVote(State& s, const Applying& in);
// The node's records (kinds 77, 81..84): each applies only when offices/due.h says it is due.
Status ApplyOfficeNodeRecord(State& s, const Applying& in);
Status ApplyMembershipConfirm(State& s, const Applying& in);
Status ApplyMeetingOpen(State& s, const Applying& in);
Status ApplyMeetingVote(State& s, const Applying& in);
Status ApplyMeetingClose(State& s, const Applying& in);
// power_grant and power_revoke.
Status ApplyPowerChange(State& s, const Applying& in);
// The meetings whose closing time has come: a meeting_close each, in closing order.
std::vector<DueRecord> DueMeetingCloses(const State& state);

// An office created as office_create does, its checks passed; abolished as office_abolish does
// (its holder's tenure ended, its contest cancelled, its powers gone).
void CreateOffice(State& s, const OfficeCreatePayload& p);
void AbolishOffice(State& s, const std::string& id);
// Ends every tenure `citizen` holds (ended "removed"): a citizen removed from the register holds
// no office.
void EndTenuresOf(State& s, const std::string& citizen);
// Ends the holder's tenure of `o` now, `how` ("term", "resigned", "recalled", ...); the caller
// indexes the office (IndexOffice) so that its next contest falls due.
void EndTenure(State& s, Office& o, const char* how);
// `permille` of office `o`'s electorate (its territory's adults, or its collective's adult
// members), rounded up; at least one.
std::uint64_t SignaturesNeeded(const State& s, const Office& o, std::uint16_t permille);
// The citizen whose bound key signed the record, else kPermissionDenied.
Result<std::string> AuthorCitizen(const State& s, const PublicKeyBytes& author);
// Who may nominate, sign, vote for and rate office `o`: adults living in its territory (or below),
// or for a collective's post the collective's adult members. `who` names the citizen's role in
// the error.
Status InElectorate(const State& s, const Office& o, const std::string& citizen, std::string_view who);
// Whether an office measure of `territory` may be tabled, or take effect, as the state stands; and
// its effect (offices.md, "Offices by measure").
Status CheckOfficeMotion(const State& s, const std::string& territory, const OfficeMotion& motion);
void ApplyOfficeMotion(State& s, const std::string& territory, const OfficeMotion& motion);
// Whether a collective's meeting may put `motion` (create a post of the collective, or abolish
// one of its posts) as the state stands (offices.md, "A collective's posts").
Status CheckCollectiveOfficeMotion(const State& s, const std::string& collective, const OfficeMotion& motion);
// Whether a charter measure of `territory` may be tabled as far as powers go: only the root's
// charter sets authorities_retired, once set it stays, and retiring the genesis authorities needs
// every power carried by an office of the root first (offices.md, "Powers"). And its effect once
// adopted: the authorities are retired.
Status CheckCharterPowers(const State& s, const std::string& territory, const Charter& charter);
void ApplyCharterPowers(State& s, const std::string& territory, const Charter& charter);

// The collective's confirmed members of age at the state's clock: the electorate of its posts and
// of its meetings.
std::set<std::string> AdultMembersOf(const State& s, const std::string& collective);

// The collective whose office election `election` fills, or "" (a territory's office, or not an
// office's election): its electorate is then the collective's adult members.
const std::string& ElectionCollective(const State& s, const std::string& election);

}  // namespace veche::core
