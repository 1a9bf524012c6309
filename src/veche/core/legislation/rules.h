// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The People's Assembly's rules (docs/formats/legislation.md): texts, measures tabled by an
// authority or filed as citizens' initiatives, signatures and petitions, sessions opened and
// closed by the node's clock, votes counted as they arrive, and results that take effect; one
// function per record kind, named by the kinds table (kinds.h).

#include <string>

#include "veche/core/rules.h"

namespace veche::core {

Status ApplyText(State& s, const Applying& in);
Status ApplyMeasureTable(State& s, const Applying& in);
Status ApplyInitiativeFile(State& s, const Applying& in);
// initiative_sign and initiative_withdraw.
Status ApplyInitiativeSignature(State& s, const Applying& in);
Status ApplyPetition(State& s, const Applying& in);
Status ApplySessionOpen(State& s, const Applying& in);
Status ApplySessionClose(State& s, const Applying& in);
Status ApplyVote(State& s, const Applying& in);
Status ApplyResult(State& s, const Applying& in);

// The text is on the log (a text record), else kFailedPrecondition saying how to publish it.
Status TextPublished(const State& s, const TextHash& h);
// A live citizen whose majority date has come by the state's clock.
bool IsAdult(const State& s, const Citizen& c);
// The charter in force in `territory`. Contract: the territory exists.
const Charter& CharterOf(const State& s, const std::string& territory);
// Residents of `territory` and everything below it who are adults by the state's clock.
std::uint64_t CountAdults(const State& state, const std::string& territory);
// Signatures that `permille` of the adults of `territory` come to, rounded up; at least one.
std::uint64_t SignatureThreshold(const State& state, const std::string& territory, std::uint16_t permille);

}  // namespace veche::core
