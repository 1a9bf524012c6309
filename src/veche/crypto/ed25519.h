// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Ed25519 over libsodium. Verification is strict: libsodium rejects non-canonical encodings,
// small-order public keys and R points, and S >= L. Public keys are also checked when loaded, so
// an invalid key is refused at the boundary rather than at its first use.

#include <array>
#include <cstdint>
#include <string>

#include "veche/base/bytes.h"
#include "veche/base/result.h"
#include "veche/base/rng.h"

namespace veche::crypto {

constexpr size_t kEd25519PublicKeySize = 32;
constexpr size_t kEd25519SeedSize = 32;
constexpr size_t kEd25519SignatureSize = 64;

using Ed25519Signature = std::array<std::uint8_t, kEd25519SignatureSize>;

class PublicKey {
 public:
  // Accepts exactly 32 bytes encoding a canonical point of the prime-order subgroup that is not of
  // small order. Otherwise kInvalidArgument naming the reason.
  static Result<PublicKey> FromBytes(ByteView bytes);

  ByteView bytes() const { return key_; }
  std::string ToHex() const;

  // OK if `signature` is a valid strict Ed25519 signature of `message` by this key; otherwise
  // kUnauthenticated. Never throws or aborts on any input.
  Status Verify(ByteView message, ByteView signature) const;

  friend bool operator==(const PublicKey&, const PublicKey&) = default;

 private:
  explicit PublicKey(const std::array<std::uint8_t, kEd25519PublicKeySize>& key) : key_(key) {}
  std::array<std::uint8_t, kEd25519PublicKeySize> key_;
};

// A signing key. Holds the 64-byte libsodium secret key; wiped from memory on destruction.
// Move-only so that secret material is not copied around by accident.
class SigningKey {
 public:
  // A fresh key from `rng` (production: SystemRng).
  static SigningKey Generate(Rng& rng);
  // The key derived from a 32-byte RFC 8032 seed ("private key" in RFC 8032 terms).
  static Result<SigningKey> FromSeed(ByteView seed);

  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&& other) noexcept;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey();

  const PublicKey& public_key() const { return public_key_; }
  // The 32-byte seed. Secret: callers must not log it; they own wiping their copy.
  ByteView seed() const { return ByteView(secret_.data(), kEd25519SeedSize); }

  Ed25519Signature Sign(ByteView message) const;

 private:
  SigningKey(const std::array<std::uint8_t, 64>& secret, PublicKey public_key)
      : secret_(secret), public_key_(public_key) {}
  std::array<std::uint8_t, 64> secret_;  // seed || public key, libsodium's layout
  PublicKey public_key_;
};

// Initialises libsodium once; safe to call from any thread. Aborts if libsodium cannot start
// (no entropy source): nothing in veche is safe without it.
void EnsureSodiumInitialised();

}  // namespace veche::crypto
