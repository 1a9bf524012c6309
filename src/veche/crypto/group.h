// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// ristretto255 points and scalars over libsodium's public API, and the hash to a scalar used by
// every Fiat–Shamir challenge. Byte rules in docs/formats/election.md §1.
//
// Values are their canonical 32-byte encodings. Decode* is for bytes from outside: it refuses
// non-canonical scalars, invalid encodings and (for points) the identity. Arithmetic on values
// that were decoded or computed here cannot fail: 0·P and s·identity are the identity.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "veche/base/bytes.h"
#include "veche/base/result.h"
#include "veche/base/rng.h"

namespace veche::crypto {

using Point = std::array<std::uint8_t, 32>;
using Scalar = std::array<std::uint8_t, 32>;
constexpr Point kIdentity{};  // the identity encodes as 32 zero bytes
constexpr Scalar kZeroScalar{};

// A valid ristretto255 encoding that is not the identity; else kInvalidArgument naming `what`.
Result<Point> DecodePoint(ByteView bytes, std::string_view what);
// 32 bytes encoding a scalar below L; else kInvalidArgument naming `what`.
Result<Scalar> DecodeScalar(ByteView bytes, std::string_view what);
// Any valid encoding, the identity included (a recorded sum may be it).
Result<Point> DecodePointOrIdentity(ByteView bytes, std::string_view what);

Point BaseMul(const Scalar& s);              // s·G
Point Mul(const Scalar& s, const Point& p);  // s·P
Point Add(const Point& a, const Point& b);
Point Sub(const Point& a, const Point& b);

Scalar ScalarFromU64(std::uint64_t v);
Scalar ScalarAdd(const Scalar& a, const Scalar& b);
Scalar ScalarSub(const Scalar& a, const Scalar& b);
Scalar ScalarMul(const Scalar& a, const Scalar& b);
// Contract: a is not zero.
Scalar ScalarInvert(const Scalar& a);
bool IsZero(const Scalar& s);
// 64 bytes from `rng`, reduced modulo L: uniform for any practical purpose.
Scalar RandomScalar(Rng& rng);
// 64 bytes read little-endian, modulo L.
Scalar ReduceWide(std::span<const std::uint8_t, 64> wide);

// Hq(tag, x1, ..., xn): SHA-512 over length-prefixed items (u32 big-endian length, then the
// bytes), the tag first, reduced to a scalar. Not thread-safe; one per challenge.
class Transcript {
 public:
  explicit Transcript(std::string_view tag);
  Transcript(const Transcript&) = delete;
  Transcript& operator=(const Transcript&) = delete;
  Transcript& Add(ByteView item);
  Transcript& Add(const Point& p) { return Add(ByteView(p.data(), p.size())); }
  Transcript& AddU32(std::uint32_t v);
  Scalar Challenge();

 private:
  alignas(64) std::uint8_t state_[256];  // crypto_hash_sha512_state (208 bytes)
};

}  // namespace veche::crypto
