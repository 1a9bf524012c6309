// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Secret ballots as the API writes them, one writer per entity: elections (with their trustees'
// progress and the result) and cast ballots (election_routes.h). No export holds them yet.

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "veche/api/field_sink.h"
#include "veche/core/state.h"

namespace veche::api {

// id, territory, title, status (core::ElectionPublicStatus), opens_at, closes_at, voters: the items
// of GET /elections and the start of GET /elections/<id>.
void ElectionFields(const core::State& s, const std::string& id, const core::Election& e, FieldSink& out);
// An item of GET /elections: ElectionFields.
nlohmann::json ElectionItemJson(const core::State& s, const std::string& id, const core::Election& e);
// GET /elections/<id>: ElectionFields, the options, the limit and threshold, the election hash,
// each trustee's progress, the size of the electorate; the joint key once made, why it failed if it
// did, the result once decrypted.
nlohmann::json ElectionJson(const core::State& s, const std::string& id, const core::Election& e);
// An item of GET /elections/<id>/ballots: citizen, tracker (its tracking code).
nlohmann::json BallotItemJson(const std::string& citizen, const core::CastBallot& b);

}  // namespace veche::api
