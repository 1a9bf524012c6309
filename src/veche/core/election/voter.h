// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// What a voter's tool makes: an encrypted ballot with its proofs, from a state it replayed.

#include <span>
#include <string>
#include <vector>

#include "veche/base/result.h"
#include "veche/base/rng.h"
#include "veche/core/state.h"

namespace veche::core {

// `marks` has one 0/1 per option. `nonces` receives the ξ_i for a Benaloh audit.
Result<BallotPayload> MakeBallot(const State& state, const std::string& id, const PublicKeyBytes& voter,
                                 std::span<const std::uint8_t> marks, Rng& rng,
                                 std::vector<crypto::Scalar>* nonces = nullptr);

}  // namespace veche::core
