// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Shared by the payload codecs (payloads.cc, legislation.cc): strict field readers. Internal to core.

#include <array>
#include <cstring>
#include <string>

#include "veche/base/canonical.h"
#include "veche/core/payloads.h"

namespace veche::core::codec {

constexpr std::uint8_t kPayloadVersion = 1;

inline Result<std::string> GetId(Decoder& d, std::string_view what) {
  Result<std::string> s = d.String(kMaxIdSize);
  if (!s.ok()) return s.error().WithContext(what);
  if (!IsValidId(*s))
    return InvalidArgumentError(std::string(what) + " '" + *s + "' is not a valid id ([a-z0-9-], 1..64)");
  return s;
}

// An id that may be empty (an absent parent collective).
inline Result<std::string> GetOptionalId(Decoder& d, std::string_view what) {
  Result<std::string> s = d.String(kMaxIdSize);
  if (!s.ok()) return s.error().WithContext(what);
  if (!s->empty() && !IsValidId(*s)) return InvalidArgumentError(std::string(what) + " is not a valid id");
  return s;
}

inline Result<std::string> GetName(Decoder& d, std::string_view what) {
  Result<std::string> s = d.String(kMaxNameSize);
  if (!s.ok()) return s.error().WithContext(what);
  if (!IsValidName(*s))
    return InvalidArgumentError(std::string(what) + " must be 1..200 bytes without control characters");
  return s;
}

template <size_t N>
Result<std::array<std::uint8_t, N>> GetArray(Decoder& d) {
  VECHE_ASSIGN_OR_RETURN(Bytes b, d.Fixed(N));
  std::array<std::uint8_t, N> out;
  std::memcpy(out.data(), b.data(), N);
  return out;
}

template <typename E>
Result<E> GetEnum(Decoder& d, std::uint8_t min, std::uint8_t max, std::string_view what) {
  VECHE_ASSIGN_OR_RETURN(std::uint8_t v, d.U8());
  if (v < min || v > max) return InvalidArgumentError("unknown " + std::string(what) + " " + std::to_string(v));
  return static_cast<E>(v);
}

inline Result<MajorityRule> GetMajority(Decoder& d) {
  MajorityRule m;
  VECHE_ASSIGN_OR_RETURN(m.kind, GetEnum<MajorityKind>(d, 0, 2, "majority kind"));
  VECHE_ASSIGN_OR_RETURN(m.num, d.U16());
  VECHE_ASSIGN_OR_RETURN(m.den, d.U16());
  return m;
}

inline void PutMajority(Encoder& e, const MajorityRule& m) {
  e.PutU8(static_cast<std::uint8_t>(m.kind)).PutU16(m.num).PutU16(m.den);
}

template <typename T, typename F>
Result<T> Finish(Decoder& d, F&& fields) {
  VECHE_RETURN_IF_ERROR(d.Version(kPayloadVersion, kPayloadVersion).status().WithContext("payload version"));
  T out;
  VECHE_RETURN_IF_ERROR(fields(out));
  VECHE_RETURN_IF_ERROR(d.Finish());
  return out;
}

inline void PutCount(Encoder& e, const choice::Count& c) {
  e.PutU64(c.yes).PutU64(c.no).PutU64(c.abstain);
}
inline Result<choice::Count> GetCount(Decoder& d) {
  choice::Count c;
  VECHE_ASSIGN_OR_RETURN(c.yes, d.U64());
  VECHE_ASSIGN_OR_RETURN(c.no, d.U64());
  VECHE_ASSIGN_OR_RETURN(c.abstain, d.U64());
  return c;
}

}  // namespace veche::core::codec
