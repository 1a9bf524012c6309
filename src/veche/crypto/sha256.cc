// SPDX-License-Identifier: AGPL-3.0-or-later
// The SHA256_* functions are deprecated in OpenSSL 3 in favour of EVP, but remain supported and
// avoid EVP's per-call dispatch and allocation, which dominate when hashing 65-byte tree nodes.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "veche/crypto/sha256.h"

namespace veche::crypto {

Sha256::Sha256() {
  SHA256_Init(&ctx_);
}

Sha256& Sha256::Update(ByteView data) {
  SHA256_Update(&ctx_, data.data(), data.size());
  return *this;
}

Sha256Digest Sha256::Finish() {
  Sha256Digest out;
  SHA256_Final(out.data(), &ctx_);
  SHA256_Init(&ctx_);
  return out;
}

Sha256Digest Sha256Of(ByteView data) {
  return Sha256().Update(data).Finish();
}

}  // namespace veche::crypto
