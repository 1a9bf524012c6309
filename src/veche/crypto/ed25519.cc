// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/crypto/ed25519.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_set>

#include "veche/base/text_codec.h"

namespace veche::crypto {

void EnsureSodiumInitialised() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) {
      std::fputs("veche: libsodium failed to initialise\n", stderr);
      std::abort();
    }
  });
}

namespace {

// Keys that passed validation. The prime-order check costs about as much as a signature
// verification (~60 us here), and the same authors sign again and again. Keys are public and the
// check is deterministic, so remembering a pass is safe. Sharded to keep contention low; a full
// shard is simply cleared.
class ValidKeyCache {
 public:
  using Key = std::array<std::uint8_t, kEd25519PublicKeySize>;
  bool Contains(const Key& k) {
    Shard& s = shards_[k[0] % kShards];
    std::lock_guard lock(s.mu);
    return s.keys.count(k) != 0;  // shard choice need not be keyed: a shard is bounded and cleared
  }
  void Insert(const Key& k) {
    Shard& s = shards_[k[0] % kShards];
    std::lock_guard lock(s.mu);
    if (s.keys.size() >= kPerShard) s.keys.clear();
    s.keys.insert(k);
  }

 private:
  // Keyed (SipHash with a per-process random key), since the keys come from senders who could
  // otherwise grind keys into one bucket.
  struct KeyHash {
    size_t operator()(const Key& k) const {
      static const std::array<std::uint8_t, crypto_shorthash_KEYBYTES> secret = [] {
        std::array<std::uint8_t, crypto_shorthash_KEYBYTES> s;
        randombytes_buf(s.data(), s.size());
        return s;
      }();
      std::uint8_t out[crypto_shorthash_BYTES];
      crypto_shorthash(out, k.data(), k.size(), secret.data());
      size_t h;
      std::memcpy(&h, out, sizeof h);
      return h;
    }
  };
  static constexpr size_t kShards = 16;
  static constexpr size_t kPerShard = 1 << 16;  // 1M keys in all, ~80 MiB at most
  struct Shard {
    std::mutex mu;
    std::unordered_set<Key, KeyHash> keys;
  };
  std::array<Shard, kShards> shards_;
};

ValidKeyCache& ValidKeys() {
  static ValidKeyCache cache;
  return cache;
}

}  // namespace

Result<PublicKey> PublicKey::FromBytes(ByteView bytes) {
  EnsureSodiumInitialised();
  if (bytes.size() != kEd25519PublicKeySize) {
    return InvalidArgumentError("Ed25519 public key must be 32 bytes, got " + std::to_string(bytes.size()));
  }
  std::array<std::uint8_t, kEd25519PublicKeySize> key;
  std::memcpy(key.data(), bytes.data(), key.size());
  if (!ValidKeys().Contains(key)) {
    // crypto_core_ed25519_is_valid_point: canonical encoding, on the curve, in the main subgroup,
    // and not of small order.
    if (crypto_core_ed25519_is_valid_point(bytes.data()) != 1) {
      return InvalidArgumentError("Ed25519 public key is not a canonical point of prime order");
    }
    ValidKeys().Insert(key);
  }
  return PublicKey(key);
}

std::string PublicKey::ToHex() const {
  return HexEncode(key_);
}

Status PublicKey::Verify(ByteView message, ByteView signature) const {
  if (signature.size() != kEd25519SignatureSize) {
    return UnauthenticatedError("Ed25519 signature must be 64 bytes, got " + std::to_string(signature.size()));
  }
  if (crypto_sign_verify_detached(signature.data(), message.data(), message.size(), key_.data()) != 0) {
    return UnauthenticatedError("Ed25519 signature does not verify");
  }
  return OkStatus();
}

SigningKey SigningKey::Generate(Rng& rng) {
  std::array<std::uint8_t, kEd25519SeedSize> seed;
  rng.Fill(seed);
  Result<SigningKey> key = FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return std::move(key).value();  // cannot fail: the seed has the right size
}

Result<SigningKey> SigningKey::FromSeed(ByteView seed) {
  EnsureSodiumInitialised();
  if (seed.size() != kEd25519SeedSize) {
    return InvalidArgumentError("Ed25519 seed must be 32 bytes, got " + std::to_string(seed.size()));
  }
  std::array<std::uint8_t, kEd25519PublicKeySize> pk;
  std::array<std::uint8_t, 64> sk;
  crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
  Result<PublicKey> public_key = PublicKey::FromBytes(pk);
  if (!public_key.ok()) {
    sodium_memzero(sk.data(), sk.size());
    return InternalError("derived Ed25519 public key is invalid");
  }
  SigningKey key(sk, *public_key);
  sodium_memzero(sk.data(), sk.size());
  return key;
}

SigningKey::SigningKey(SigningKey&& other) noexcept : secret_(other.secret_), public_key_(other.public_key_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    public_key_ = other.public_key_;
    sodium_memzero(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

SigningKey::~SigningKey() {
  sodium_memzero(secret_.data(), secret_.size());
}

Ed25519Signature SigningKey::Sign(ByteView message) const {
  Ed25519Signature sig;
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_.data());
  return sig;
}

}  // namespace veche::crypto
