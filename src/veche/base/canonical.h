// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The canonical binary encoding that every signed or hashed structure in veche uses. Byte layout
// is specified in docs/formats/encoding.md. Properties relied upon elsewhere:
//  - one value has exactly one encoding (fixed-width big-endian integers, length-prefixed
//    variable fields, booleans only 0 or 1, strings only valid UTF-8), so hashes and signatures
//    over encodings are well defined;
//  - a decoder never reads past its input, never allocates more than the input's size, and
//    rejects trailing bytes; every failure is a Status (kInvalidArgument), never a crash.

#include <cstdint>
#include <string>
#include <string_view>

#include "veche/base/bytes.h"
#include "veche/base/result.h"

namespace veche {

// True if `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

class Encoder {
 public:
  // Starts a structure: every top-level encoding begins with its format version byte.
  explicit Encoder(std::uint8_t version) { PutU8(version); }

  Encoder& PutU8(std::uint8_t v);
  Encoder& PutU16(std::uint16_t v);
  Encoder& PutU32(std::uint32_t v);
  Encoder& PutU64(std::uint64_t v);
  Encoder& PutI64(std::int64_t v);  // two's complement, as PutU64
  Encoder& PutBool(bool v);
  // Exactly data.size() bytes, no prefix: for fields whose size the format fixes (keys, hashes).
  Encoder& PutFixed(ByteView data);
  // u32 length prefix then the bytes. Contract: data.size() < 2^32.
  Encoder& PutBytes(ByteView data);
  // As PutBytes. Contract: `text` is valid UTF-8 (callers validate external text first; an invalid
  // string here is a programming error and aborts, since it would make the encoding non-canonical).
  Encoder& PutString(std::string_view text);

  const Bytes& bytes() const { return out_; }
  // Moves the encoding out; the encoder is empty afterwards.
  Bytes Finish() { return std::move(out_); }

 private:
  Bytes out_;
};

class Decoder {
 public:
  // `data` must outlive the decoder. Reading starts at the version byte.
  explicit Decoder(ByteView data) : data_(data) {}

  // Reads the version byte; fails unless it lies in [min_version, max_version].
  Result<std::uint8_t> Version(std::uint8_t min_version, std::uint8_t max_version);

  Result<std::uint8_t> U8();
  Result<std::uint16_t> U16();
  Result<std::uint32_t> U32();
  Result<std::uint64_t> U64();
  Result<std::int64_t> I64();
  Result<bool> Bool();
  // Exactly `size` bytes.
  Result<Bytes> Fixed(size_t size);
  // A u32 length prefix, then that many bytes; fails if the length exceeds `max_size` or what is left.
  Result<Bytes> BytesField(size_t max_size);
  // As BytesField, and the bytes must be valid UTF-8.
  Result<std::string> String(size_t max_size);

  // Succeeds only if every byte has been consumed.
  Status Finish() const;

  size_t remaining() const { return data_.size() - pos_; }
  size_t position() const { return pos_; }

 private:
  Result<ByteView> Take(size_t n, std::string_view what);
  ByteView data_;
  size_t pos_ = 0;
};

}  // namespace veche
