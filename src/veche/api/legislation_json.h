// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Direct legislation as the API writes it, one writer per entity: counts, measure specs, measures
// (with their session, tally and result), roll calls, initiatives, laws and their versions. The
// field lists (the ...Fields functions) serve both the JSON routes (legislation_routes.h) and the
// open-data export (export_routes.h).

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "veche/api/field_sink.h"
#include "veche/core/state.h"

namespace veche::api {

// yes, no, abstain: a count in JSON (CountJson) and the binding count of /export/measures rows.
void CountFields(const choice::Count& c, FieldSink& out);
nlohmann::json CountJson(const choice::Count& c);

// What a measure or an initiative proposes, by kind: the start of GET /measures/<id> and of
// GET /initiatives/<id>.
nlohmann::json MeasureSpecJson(const core::MeasureSpec& s);
// A decided measure's result: "result" in GET /measures/<id>.
nlohmann::json MeasureResultJson(const core::MeasureResultPayload& r);

// id, kind, territory, title, status, session (its number; 0 while pending): the start of the
// items of GET /measures and of the rows of /export/measures.
void MeasureFields(const std::string& id, const core::Measure& m, FieldSink& out);
// An item of GET /measures: MeasureFields, voters so far, and the outcome once decided.
nlohmann::json MeasureItemJson(const std::string& id, const core::Measure& m);
// GET /measures/<id>: its spec, status and origin; once in a session, the session, the rule and
// the live tally; once decided, the result.
nlohmann::json MeasureJson(const core::State& s, const std::string& id, const core::Measure& m);

// A roll call: citizen id -> last vote, in citizen-id order (core::Measure::votes).
using RollCall = std::map<std::string, core::CastVote>;
// citizen, vote: one vote of a roll call, in the rows of /export/votes (after the measure's id).
void VoteFields(const std::string& citizen, core::VoteChoice choice, FieldSink& out);
// A page of GET /measures/<id>/votes: the votes [from, to) of `roll`, with next_after when `to` is
// not its end. Roll calls are the longest lists (a million votes on a measure), so their pages are
// written directly rather than through a JSON tree, with the names VoteFields writes: the keys the
// state holds are valid ids ([a-z0-9-], core::IsValidId) and the choices fixed words, so nothing
// needs escaping.
std::string RollCallPageJson(const std::string& measure, const RollCall& roll, RollCall::const_iterator from,
                             RollCall::const_iterator to);

// id, kind, territory, title, filer (only `with_filer`), signatures, threshold, qualified: the
// items of GET /initiatives (without the filer), the rows of /export/initiatives.
void InitiativeFields(const std::string& id, const core::Initiative& i, bool with_filer, FieldSink& out);
// An item of GET /initiatives: InitiativeFields without the filer.
nlohmann::json InitiativeItemJson(const std::string& id, const core::Initiative& i);
// GET /initiatives/<id>: its spec and InitiativeFields with the filer.
nlohmann::json InitiativeJson(const std::string& id, const core::Initiative& i);

// id, territory, title, versions (how many), text (the hash of the version in force): the start of
// the items of GET /laws, the rows of /export/laws.
void LawFields(const std::string& id, const core::Law& law, FieldSink& out);
// measure, adopted_at, text: a version of a law, in GET /laws/<id> and in the rows of
// /export/law_versions (after the law's id and the version's number).
void LawVersionFields(const core::LawVersion& v, FieldSink& out);
// An item of GET /laws: LawFields and when the version in force was adopted.
nlohmann::json LawItemJson(const std::string& id, const core::Law& law);
// GET /laws/<id>: id, territory, title and every version (LawVersionFields), oldest first.
nlohmann::json LawJson(const std::string& id, const core::Law& law);

}  // namespace veche::api
