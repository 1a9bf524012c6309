// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The registry's rules (docs/formats/registry.md): who may create territories and collectives,
// accredit registrars, enrol citizens and bind, rotate, recover, move and remove them; one
// function per record kind, named by the kinds table (kinds.h).

#include <string>
#include <string_view>

#include "veche/core/rules.h"

namespace veche::core {

// A territory that exists and is not dissolved: kFailedPrecondition naming `role` otherwise.
// Legislation and elections use it for the territory a measure or an election belongs to.
Status LiveTerritory(const State& s, const std::string& id, std::string_view role);
// A collective that exists and is not dissolved: kFailedPrecondition otherwise.
Status LiveCollective(const State& s, const std::string& id);
// The author must be an active registrar whose territory covers `territory`: kPermissionDenied.
Status RequireRegistrarFor(const State& s, const PublicKeyBytes& author, const std::string& territory);
// A valid Ed25519 public key: kInvalidArgument naming `what` otherwise.
Status CheckKey(const PublicKeyBytes& key, std::string_view what);
// A key may belong to one role only (citizen, registrar, authority, training body, the node), so
// that records cannot be attributed ambiguously: kFailedPrecondition if `key` has one.
Status KeyIsUnused(const State& s, const PublicKeyBytes& key);

// The first record of every log: the node key it names signs it, its authorities are distinct
// valid keys other than the node's. Apply calls it while the state has no genesis.
Status ApplyGenesis(State& s, const PublicKeyBytes& author, const GenesisPayload& p);
// A genesis once the log has one.
Status ApplyGenesisAgain(State& s, const Applying& in);

Status ApplyClock(State& s, const Applying& in);
Status ApplyTerritoryCreate(State& s, const Applying& in);
Status ApplyTerritoryRename(State& s, const Applying& in);
Status ApplyTerritoryDissolve(State& s, const Applying& in);
Status ApplyCollectiveCreate(State& s, const Applying& in);
Status ApplyCollectiveRename(State& s, const Applying& in);
Status ApplyCollectiveDissolve(State& s, const Applying& in);
Status ApplyRegistrarAccredit(State& s, const Applying& in);
Status ApplyRegistrarRevoke(State& s, const Applying& in);
Status ApplyCitizenEnrol(State& s, const Applying& in);
Status ApplyCitizenBind(State& s, const Applying& in);
Status ApplyCitizenRotateKey(State& s, const Applying& in);
Status ApplyCitizenRecover(State& s, const Applying& in);
Status ApplyCitizenMove(State& s, const Applying& in);
// citizen_join_collective and citizen_leave_collective.
Status ApplyCitizenMembership(State& s, const Applying& in);
Status ApplyCitizenRemove(State& s, const Applying& in);

}  // namespace veche::core
