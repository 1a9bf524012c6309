// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// SHA-256 over OpenSSL's low-level API. It hashes the 65-byte Merkle nodes several times faster
// than EVP one-shots or libsodium (see PLATFORM-NOTES.md and bench/crypto_bench.cc).

#include <openssl/sha.h>

#include <array>
#include <cstdint>

#include "veche/base/bytes.h"

namespace veche::crypto {

constexpr size_t kSha256Size = 32;
using Sha256Digest = std::array<std::uint8_t, kSha256Size>;

// Incremental hasher. Reusable: Finish() resets it for the next message. Not thread-safe.
class Sha256 {
 public:
  Sha256();
  Sha256& Update(ByteView data);
  Sha256& Update(std::uint8_t byte) { return Update(ByteView(&byte, 1)); }
  Sha256Digest Finish();

 private:
  SHA256_CTX ctx_;
};

Sha256Digest Sha256Of(ByteView data);

}  // namespace veche::crypto
