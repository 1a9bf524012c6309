// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// JSON of accountability (docs/formats/accountability.md, docs/api.md): a holder's approval, the
// promises of a tenure's checklist, a recall petition, and an official's portrait
// (GET /officials/<id>). Citizens appear by pseudonymous id only.

#include <nlohmann/json.hpp>
#include <string>

#include "veche/core/state.h"

namespace veche::api {

// The holder's ratings and where a recall by rating stands.
nlohmann::json ApprovalJson(const core::HolderRatings& r);
// Each promise of tenure `tenure` of office `id`, with its reports and what it came to.
nlohmann::json PromisesJson(const core::State& s, const std::string& id, const core::Office& o, size_t tenure);
// The office's latest recall petition and its vote.
nlohmann::json RecallJson(const core::RecallPetition& p);
// Everything the log says of `citizen` as an official: tenures, candidacies, certificates.
nlohmann::json PortraitJson(const core::State& s, const std::string& citizen);

}  // namespace veche::api
