// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The registry as the API writes it, one writer per entity: territories, collectives and citizens
// (pseudonymous ids only: the state holds no personal data). The field lists (the ...Fields functions) serve both
// the JSON routes (registry_routes.h) and the open-data export (export_routes.h).

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "veche/api/field_sink.h"
#include "veche/core/state.h"

namespace veche::api {

// id, parent, kind, name, dissolved: the items of GET /territories, the start of
// GET /territories/<id>, the rows of /export/territories.
void TerritoryFields(const std::string& id, const core::Territory& t, FieldSink& out);
// id, parent, territory, name, dissolved: the items of GET /collectives, the rows of
// /export/collectives.
void CollectiveFields(const std::string& id, const core::Collective& c, FieldSink& out);
// id, residence, bound, removed: the items of GET /citizens, the rows of /export/citizens.
void CitizenFields(const std::string& id, const core::Citizen& c, FieldSink& out);

// An item of GET /territories: TerritoryFields.
nlohmann::json TerritoryItemJson(const std::string& id, const core::Territory& t);
// GET /territories/<id>: TerritoryFields, the charter in force (its fields as text, as
// core::CharterFields names them) and the territory's assembly, if it has one.
nlohmann::json TerritoryJson(const core::State& s, const std::string& id, const core::Territory& t);
nlohmann::json CollectiveItemJson(const std::string& id, const core::Collective& c);
// GET /collectives/<id>: the item, its confirmed members and the requests to join waiting for
// confirmation (citizen ids in order).
nlohmann::json CollectiveJson(const core::State& s, const std::string& id, const core::Collective& c);
// An item of GET /citizens: CitizenFields.
nlohmann::json CitizenItemJson(const std::string& id, const core::Citizen& c);

}  // namespace veche::api
