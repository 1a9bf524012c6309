// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The framing of POST /records/batch (docs/api.md): records one after another, each a u32
// big-endian length (1..) then that many bytes. Apart from the routes so that the fuzzer can
// reach it without a server.

#include <cstddef>
#include <utility>
#include <vector>

#include "veche/base/bytes.h"
#include "veche/base/result.h"

namespace veche::api {

constexpr size_t kMaxBatchRecords = 1000;

// The records of a batch body as (offset, length) pairs in order; kInvalidArgument if the framing
// is broken, kOutOfRange over kMaxBatchRecords records.
Result<std::vector<std::pair<size_t, size_t>>> ParseBatch(ByteView body);

}  // namespace veche::api
