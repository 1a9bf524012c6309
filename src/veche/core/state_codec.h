// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The whole state as one canonical byte stream, for the node's state store
// (docs/formats/state-store.md): every section of the digest, in its order, written by the same
// field lists (core/state_fields.h), plus what the digest leaves out because the rest fixes it
// (each counted ballot's ciphertexts), then a SHA-256 of all of it, so that damage to the part the
// digest does not cover is caught too. A cache format: whoever reads it back still checks the
// state's digest.

#include <vector>

#include "veche/base/result.h"
#include "veche/core/state.h"

namespace veche::core {

// The stream, cut into chunks of about `chunk_size` bytes (a chunk boundary may fall inside an
// item: concatenate the chunks to decode).
std::vector<Bytes> EncodeState(const State& state, size_t chunk_size = 16 << 20);

// The state the concatenated stream holds, with its derived indexes rebuilt. kDataLoss naming
// the problem on malformed input (a stream of an older version included); never crashes.
Result<State> DecodeState(ByteView stream);

}  // namespace veche::core
