// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Strict hex and base64. Encoders produce the canonical form; decoders accept only it, so one
// byte string has exactly one accepted text form (nothing can be re-encoded to dodge a duplicate
// check or a signature cache).

#include <string>
#include <string_view>

#include "veche/base/bytes.h"
#include "veche/base/result.h"

namespace veche {

// Lowercase hex.
std::string HexEncode(ByteView data);
// Accepts lowercase hex of even length only. Errors (kInvalidArgument) name the offending offset.
Result<Bytes> HexDecode(std::string_view text);

// RFC 4648 §4 base64 (standard alphabet, '=' padding).
std::string Base64Encode(ByteView data);
// Accepts only canonical base64: standard alphabet, exact padding, zero unused bits, no
// whitespace or line breaks. Errors are kInvalidArgument.
Result<Bytes> Base64Decode(std::string_view text);

}  // namespace veche
