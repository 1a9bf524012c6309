// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The offices' rules (docs/formats/offices.md): who may accredit training bodies, issue and revoke
// qualification certificates, and create and abolish offices; one function per record kind,
// named by the kinds table (kinds.h).

#include "veche/core/rules.h"

namespace veche::core {

Status ApplyTrainingBodyAccredit(State& s, const Applying& in);
Status ApplyTrainingBodyRevoke(State& s, const Applying& in);
Status ApplyCertificateIssue(State& s, const Applying& in);
Status ApplyCertificateRevoke(State& s, const Applying& in);
Status ApplyOfficeCreate(State& s, const Applying& in);
Status ApplyOfficeAbolish(State& s, const Applying& in);

}  // namespace veche::core
