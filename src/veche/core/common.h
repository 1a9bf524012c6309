// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The vocabulary every domain of the core shares: key and signature bytes as records carry them,
// ids and names, the latest time a clock may name, and a record the node must append.

#include <array>
#include <cstdint>
#include <string_view>

#include "veche/base/bytes.h"
#include "veche/base/clock.h"
#include "veche/core/record.h"
#include "veche/crypto/ed25519.h"
#include "veche/crypto/sha256.h"

namespace veche::core {

using PublicKeyBytes = std::array<std::uint8_t, crypto::kEd25519PublicKeySize>;
using SignatureBytes = std::array<std::uint8_t, crypto::kEd25519SignatureSize>;
using Commitment = crypto::Sha256Digest;

constexpr size_t kMaxIdSize = 64;
constexpr size_t kMaxNameSize = 200;

// Ids of territories, collectives, citizens, measures, elections: 1..64 of [a-z0-9-], not
// starting with '-'.
bool IsValidId(std::string_view id);
// Names: 1..200 bytes of UTF-8 without control characters.
bool IsValidName(std::string_view name);

// A public key's 32 bytes, as payloads and the state carry keys.
PublicKeyBytes KeyBytes(const crypto::PublicKey& key);

// The latest time a clock record may name: 9999-12-31T23:59:59.999999Z, so every deadline the
// core adds to it stays far from the end of a 64-bit count.
constexpr UnixMicros kMaxClockTime = 253'402'300'799'999'999;
constexpr UnixMicros kMicrosPerDay = 86'400'000'000;

// A record the node must append, signed by its own key, when its clock reaches a deadline.
struct DueRecord {
  RecordKind kind;
  Bytes payload;
};

}  // namespace veche::core
