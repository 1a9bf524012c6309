// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// JSON of accountability (docs/formats/accountability.md, docs/api.md): a holder's approval, the
// promises of a tenure's checklist, a recall petition, and an official's portrait
// (GET /officials/<id>). Citizens appear by pseudonymous id only.

#include <nlohmann/json.hpp>
#include <string>

#include "veche/core/state.h"

namespace veche::api {

// The holder's ratings and where a recall by rating stands, with their daily history unless the
// caller gives it elsewhere (the portrait's tenures).
nlohmann::json ApprovalJson(const core::HolderRatings& r, bool with_history = true);
// Each promise of tenure `tenure` of office `id`, with its reports and what it came to.
nlohmann::json PromisesJson(const core::State& s, const std::string& id, const core::Office& o, size_t tenure);
// The office's latest recall petition and its vote.
nlohmann::json RecallJson(const core::RecallPetition& p);
// The office's pay against the cap in force in its territory: a standing pay above a cap lowered
// since is over_cap, and paid the cap.
nlohmann::json PayJson(const core::State& s, const std::string& id, const core::Office& o);
// The office as an open ministry: the budget in force for it with each line's remainder, and its
// latest decisions, reports and spending (at most kMinistryItems of each; /export has them all).
constexpr size_t kMinistryItems = 100;
nlohmann::json MinistryJson(const core::State& s, const std::string& id, const core::Office& o);
// Everything the log says of `citizen` as an official: tenures (with the rating history and final
// approval of each, and the office's pay while held), candidacies, certificates.
nlohmann::json PortraitJson(const core::State& s, const std::string& citizen);

}  // namespace veche::api
