// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Byte buffers. Bytes owns; ByteView borrows (the caller keeps the storage alive).

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace veche {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline Bytes ToBytes(std::string_view s) {
  return Bytes(s.begin(), s.end());
}
inline std::string ToString(ByteView b) {
  return std::string(b.begin(), b.end());
}
inline std::string_view AsStringView(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline bool Equal(ByteView a, ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}
inline void Append(Bytes& out, ByteView b) {
  out.insert(out.end(), b.begin(), b.end());
}

}  // namespace veche
