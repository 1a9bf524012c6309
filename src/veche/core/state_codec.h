// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The legislative part of the state (texts, measures with their roll calls, initiatives, sessions
// with their electorates, assemblies, laws) and the elections as a canonical byte stream, for the node's state tables
// (docs/formats/state-store.md). A cache format: whatever reads it back must still check the
// state's digest.

#include <vector>

#include "veche/base/result.h"
#include "veche/core/state.h"

namespace veche::core {

// The stream, cut into chunks of about `chunk_size` bytes (a chunk boundary may fall inside an
// item: concatenate the chunks to decode).
std::vector<Bytes> EncodeLegislativeState(const State& state, size_t chunk_size = 16 << 20);

// Fills the legislative part of `state` (which must have it empty) from the concatenated stream.
// kDataLoss naming the problem on malformed input; never crashes.
Status DecodeLegislativeState(ByteView stream, State& state);

}  // namespace veche::core
