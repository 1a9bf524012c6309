// SPDX-License-Identifier: AGPL-3.0-or-later
// The state written once (core/state_fields.h): the golden log's state, which has a record of
// every kind, has the digest the earlier build recorded, and its stream round-trips to it.

#include <doctest/doctest.h>

#include "veche/core/state_codec.h"
#include "veche/core/test_golden.h"
#include "veche/core/test_world.h"

namespace veche::core {
namespace {

TEST_CASE("the golden state's stream round-trips in any chunking, and damaged copies are refused") {
  CheckStateStream(testing::GoldenState(), 21);
}

TEST_CASE("a state stream of another version or with sections out of order is refused") {
  Bytes stream;
  for (const Bytes& chunk : EncodeState(testing::GoldenState())) Append(stream, chunk);
  Bytes old_version = stream;
  old_version[0] = 1;  // the legislative stream of schema 1
  CHECK(DecodeState(old_version).status().code() == StatusCode::kDataLoss);
  CHECK(DecodeState(Bytes{}).status().code() == StatusCode::kDataLoss);
  Bytes trailing = stream;
  trailing.push_back(0);
  CHECK(DecodeState(trailing).status().code() == StatusCode::kDataLoss);
}

}  // namespace
}  // namespace veche::core
