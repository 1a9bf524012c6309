// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Offices and certificates as the API writes them, one writer per entity, serving both the JSON
// routes (offices_routes.h) and the open-data export (export_routes.h). Certificates name the
// citizen by pseudonymous id only.

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "veche/api/field_sink.h"
#include "veche/core/state.h"

namespace veche::api {

// id, title, territory, collective, term_years, required_class, abolished, holder (a citizen id;
// empty while vacant), term_from, term_until (µs; 0 while vacant), contest (the running one, or
// empty): the items of GET /offices, GET /offices/<id>, the rows of /export/offices.
void OfficeFields(const std::string& id, const core::Office& o, FieldSink& out);
// office, number (1 for the first holder), citizen, contest (the one that seated them), from,
// until, ended ("" while held, "term", "resigned", "abolished"), ended_at: /export/tenures.
void TenureRow(const std::string& office, size_t number, const core::Tenure& t, FieldSink& out);
// id, office, stage, opened_at, nominations_close_at, extended, confirmation, signatures_needed,
// candidates (how many), voting_closes_at, winner, outcome: GET /contests, /export/contests.
void ContestFields(const std::string& id, const core::Contest& c, FieldSink& out);
// contest, citizen, nomination, promises (how many), filed_at: /export/candidacies.
void CandidacyRow(const std::string& contest, const core::Candidacy& c, FieldSink& out);
// id, contest, nominee, signatures (how many), collective (whose meeting made it; empty for a
// citizens' nomination): /export/nominations.
void NominationFields(const std::string& id, const core::Nomination& n, FieldSink& out);
// id, citizen, class, issuer (the training body's key, base64), valid_from, valid_until (µs since
// 1970), revoked, reason: the items of GET /certificates, the rows of /export/certificates.
void CertificateFields(const std::string& id, const core::Certificate& c, FieldSink& out);

// id, collective, contest, nominee, opener, opened_at, closes_at, electorate (how many), yes, no,
// abstain, closed, outcome, nominated: GET /meetings, /export/meetings.
void MeetingFields(const std::string& id, const core::Meeting& m, FieldSink& out);

nlohmann::json OfficeItemJson(const std::string& id, const core::Office& o);
nlohmann::json MeetingItemJson(const std::string& id, const core::Meeting& m);
// The item with every member's vote, in the open: GET /meetings/<id>.
nlohmann::json MeetingDetailJson(const std::string& id, const core::Meeting& m);
// The item, its tenures oldest first, its contests' ids in opening order, and the running contest
// in full (null if none): GET /offices/<id>.
nlohmann::json OfficeDetailJson(const core::State& s, const std::string& id, const core::Office& o);
nlohmann::json ContestItemJson(const std::string& id, const core::Contest& c);
// The item with its candidates (promises as text hashes in hex, and the certificates each holds of
// the office's required class, valid now), its nominations (with `qualified`: enough signatures)
// and its elections' ids: GET /contests/<id>.
nlohmann::json ContestDetailJson(const core::State& s, const std::string& id, const core::Contest& c);
nlohmann::json CertificateItemJson(const std::string& id, const core::Certificate& c);

}  // namespace veche::api
