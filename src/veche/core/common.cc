// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/common.h"

#include <cstring>

#include "veche/base/canonical.h"

namespace veche::core {

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdSize || id[0] == '-') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsValidName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameSize || !IsValidUtf8(name)) return false;
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

PublicKeyBytes KeyBytes(const crypto::PublicKey& key) {
  PublicKeyBytes out;
  std::memcpy(out.data(), key.bytes().data(), out.size());
  return out;
}

}  // namespace veche::core
