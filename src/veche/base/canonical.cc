// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/base/canonical.h"

#include <cstdlib>
#include <string>

namespace veche {

bool IsValidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;  // continuation byte as lead, overlong 2-byte lead (C0/C1), or > F4
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (s[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;  // overlong
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;                            // surrogate
    if (cp > 0x10FFFF) return false;
    i += len;
  }
  return true;
}

Encoder& Encoder::PutU8(std::uint8_t v) {
  out_.push_back(v);
  return *this;
}
Encoder& Encoder::PutU16(std::uint16_t v) {
  out_.push_back(static_cast<std::uint8_t>(v >> 8));
  out_.push_back(static_cast<std::uint8_t>(v));
  return *this;
}
Encoder& Encoder::PutU32(std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(static_cast<std::uint8_t>(v >> shift));
  return *this;
}
Encoder& Encoder::PutU64(std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out_.push_back(static_cast<std::uint8_t>(v >> shift));
  return *this;
}
Encoder& Encoder::PutI64(std::int64_t v) {
  return PutU64(static_cast<std::uint64_t>(v));
}
Encoder& Encoder::PutBool(bool v) {
  return PutU8(v ? 1 : 0);
}
Encoder& Encoder::PutFixed(ByteView data) {
  Append(out_, data);
  return *this;
}
Encoder& Encoder::PutBytes(ByteView data) {
  if (data.size() > UINT32_MAX) std::abort();
  PutU32(static_cast<std::uint32_t>(data.size()));
  return PutFixed(data);
}
Encoder& Encoder::PutString(std::string_view text) {
  if (!IsValidUtf8(text)) std::abort();
  return PutBytes(AsBytes(text));
}

Result<ByteView> Decoder::Take(size_t n, std::string_view what) {
  if (remaining() < n) {
    return InvalidArgumentError("truncated input: " + std::string(what) + " needs " + std::to_string(n) +
                                " bytes at offset " + std::to_string(pos_) + ", " + std::to_string(remaining()) +
                                " left");
  }
  ByteView out = data_.subspan(pos_, n);
  pos_ += n;
  return out;
}

Result<std::uint8_t> Decoder::Version(std::uint8_t min_version, std::uint8_t max_version) {
  VECHE_ASSIGN_OR_RETURN(std::uint8_t v, U8());
  if (v < min_version || v > max_version) {
    return InvalidArgumentError("unsupported format version " + std::to_string(v) + " (supported " +
                                std::to_string(min_version) + ".." + std::to_string(max_version) + ")");
  }
  return v;
}

Result<std::uint8_t> Decoder::U8() {
  VECHE_ASSIGN_OR_RETURN(ByteView b, Take(1, "u8"));
  return b[0];
}
Result<std::uint16_t> Decoder::U16() {
  VECHE_ASSIGN_OR_RETURN(ByteView b, Take(2, "u16"));
  return static_cast<std::uint16_t>(b[0] << 8 | b[1]);
}
Result<std::uint32_t> Decoder::U32() {
  VECHE_ASSIGN_OR_RETURN(ByteView b, Take(4, "u32"));
  std::uint32_t v = 0;
  for (std::uint8_t x : b) v = v << 8 | x;
  return v;
}
Result<std::uint64_t> Decoder::U64() {
  VECHE_ASSIGN_OR_RETURN(ByteView b, Take(8, "u64"));
  std::uint64_t v = 0;
  for (std::uint8_t x : b) v = v << 8 | x;
  return v;
}
Result<std::int64_t> Decoder::I64() {
  VECHE_ASSIGN_OR_RETURN(std::uint64_t v, U64());
  return static_cast<std::int64_t>(v);
}
Result<bool> Decoder::Bool() {
  size_t at = pos_;
  VECHE_ASSIGN_OR_RETURN(std::uint8_t v, U8());
  if (v > 1)
    return InvalidArgumentError("boolean at offset " + std::to_string(at) + " is " + std::to_string(v) +
                                ", not 0 or 1");
  return v == 1;
}
Result<Bytes> Decoder::Fixed(size_t size) {
  VECHE_ASSIGN_OR_RETURN(ByteView b, Take(size, "fixed field"));
  return Bytes(b.begin(), b.end());
}
Result<Bytes> Decoder::BytesField(size_t max_size) {
  size_t at = pos_;
  VECHE_ASSIGN_OR_RETURN(std::uint32_t len, U32());
  if (len > max_size) {
    return InvalidArgumentError("field at offset " + std::to_string(at) + " declares " + std::to_string(len) +
                                " bytes, more than the limit " + std::to_string(max_size));
  }
  return Fixed(len);
}
Result<std::string> Decoder::String(size_t max_size) {
  size_t at = pos_;
  VECHE_ASSIGN_OR_RETURN(Bytes b, BytesField(max_size));
  std::string s = ToString(b);
  if (!IsValidUtf8(s)) return InvalidArgumentError("string at offset " + std::to_string(at) + " is not valid UTF-8");
  return s;
}

Status Decoder::Finish() const {
  if (remaining() != 0) {
    return InvalidArgumentError(std::to_string(remaining()) + " trailing bytes after offset " + std::to_string(pos_));
  }
  return OkStatus();
}

}  // namespace veche
