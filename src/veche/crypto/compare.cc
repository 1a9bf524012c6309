// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/crypto/compare.h"

#include <sodium.h>

#include "veche/crypto/ed25519.h"

namespace veche::crypto {

bool ConstantTimeEqual(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  EnsureSodiumInitialised();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace veche::crypto
