// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/crypto/group.h"

#include <sodium.h>

#include <cstring>

#include "veche/crypto/ed25519.h"

namespace veche::crypto {

static_assert(sizeof(crypto_hash_sha512_state) <= 256);

namespace {

crypto_hash_sha512_state* Sha(std::uint8_t* storage) {
  return reinterpret_cast<crypto_hash_sha512_state*>(storage);
}

}  // namespace

Result<Point> DecodePointOrIdentity(ByteView bytes, std::string_view what) {
  if (bytes.size() != 32) return InvalidArgumentError(std::string(what) + ": a point is 32 bytes");
  // libsodium 1.0.18 ignores the top bit of the encoding; RFC 9496 requires it to be zero, and
  // without this check every point would have two encodings.
  if ((bytes[31] & 0x80) != 0 || crypto_core_ristretto255_is_valid_point(bytes.data()) != 1) {
    return InvalidArgumentError(std::string(what) + " is not a valid ristretto255 point");
  }
  Point p;
  std::memcpy(p.data(), bytes.data(), 32);
  return p;
}

Result<Point> DecodePoint(ByteView bytes, std::string_view what) {
  VECHE_ASSIGN_OR_RETURN(Point p, DecodePointOrIdentity(bytes, what));
  if (p == kIdentity) return InvalidArgumentError(std::string(what) + " is the identity point");
  return p;
}

Result<Scalar> DecodeScalar(ByteView bytes, std::string_view what) {
  if (bytes.size() != 32) return InvalidArgumentError(std::string(what) + ": a scalar is 32 bytes");
  std::uint8_t wide[64] = {};
  std::memcpy(wide, bytes.data(), 32);
  Scalar reduced;
  crypto_core_ristretto255_scalar_reduce(reduced.data(), wide);
  if (std::memcmp(reduced.data(), bytes.data(), 32) != 0) {
    return InvalidArgumentError(std::string(what) + " is not a canonical scalar (it is not below the group order)");
  }
  return reduced;
}

Point BaseMul(const Scalar& s) {
  Point out{};
  if (IsZero(s)) return kIdentity;
  if (crypto_scalarmult_ristretto255_base(out.data(), s.data()) != 0) return kIdentity;
  return out;
}

Point Mul(const Scalar& s, const Point& p) {
  Point out{};
  if (IsZero(s) || p == kIdentity) return kIdentity;
  // libsodium refuses to return the identity; for a prime-order group and s < L that happens
  // only for s = 0 or P = identity, handled above.
  if (crypto_scalarmult_ristretto255(out.data(), s.data(), p.data()) != 0) return kIdentity;
  return out;
}

Point Add(const Point& a, const Point& b) {
  Point out;
  crypto_core_ristretto255_add(out.data(), a.data(), b.data());
  return out;
}

Point Sub(const Point& a, const Point& b) {
  Point out;
  crypto_core_ristretto255_sub(out.data(), a.data(), b.data());
  return out;
}

Scalar ScalarFromU64(std::uint64_t v) {
  Scalar s{};
  for (int i = 0; i < 8; ++i) s[i] = static_cast<std::uint8_t>(v >> (8 * i));
  return s;  // < 2^64 < L: canonical as is
}

Scalar ScalarAdd(const Scalar& a, const Scalar& b) {
  Scalar out;
  crypto_core_ristretto255_scalar_add(out.data(), a.data(), b.data());
  return out;
}

Scalar ScalarSub(const Scalar& a, const Scalar& b) {
  Scalar out;
  crypto_core_ristretto255_scalar_sub(out.data(), a.data(), b.data());
  return out;
}

Scalar ScalarMul(const Scalar& a, const Scalar& b) {
  Scalar out;
  crypto_core_ristretto255_scalar_mul(out.data(), a.data(), b.data());
  return out;
}

Scalar ScalarInvert(const Scalar& a) {
  Scalar out{};
  (void)crypto_core_ristretto255_scalar_invert(out.data(), a.data());
  return out;
}

bool IsZero(const Scalar& s) {
  return sodium_is_zero(s.data(), s.size()) == 1;
}

Scalar ReduceWide(std::span<const std::uint8_t, 64> wide) {
  Scalar out;
  crypto_core_ristretto255_scalar_reduce(out.data(), wide.data());
  return out;
}

Scalar RandomScalar(Rng& rng) {
  std::array<std::uint8_t, 64> wide;
  rng.Fill(wide);
  Scalar out = ReduceWide(wide);
  sodium_memzero(wide.data(), wide.size());
  return out;
}

Transcript::Transcript(std::string_view tag) {
  EnsureSodiumInitialised();
  crypto_hash_sha512_init(Sha(state_));
  Add(ByteView(reinterpret_cast<const std::uint8_t*>(tag.data()), tag.size()));
}

Transcript& Transcript::Add(ByteView item) {
  const std::uint32_t n = static_cast<std::uint32_t>(item.size());
  const std::uint8_t len[4] = {static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16),
                               static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
  crypto_hash_sha512_update(Sha(state_), len, 4);
  crypto_hash_sha512_update(Sha(state_), item.data(), item.size());
  return *this;
}

Transcript& Transcript::AddU32(std::uint32_t v) {
  const std::uint8_t be[4] = {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                              static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
  return Add(ByteView(be, 4));
}

Scalar Transcript::Challenge() {
  std::array<std::uint8_t, 64> digest;
  crypto_hash_sha512_final(Sha(state_), digest.data());
  return ReduceWide(digest);
}

}  // namespace veche::crypto
