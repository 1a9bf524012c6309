// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target: the strict text codecs and the canonical binary decoder.
// Invariants: nothing crashes; decoding accepts only canonical text (re-encoding gives the input);
// the decoder never reads past its input.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "veche/base/canonical.h"
#include "veche/base/text_codec.h"

using namespace veche;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (Result<Bytes> b = Base64Decode(text); b.ok() && Base64Encode(*b) != text) std::abort();
  if (Result<Bytes> h = HexDecode(text); h.ok() && HexEncode(*h) != text) std::abort();

  Decoder d(ByteView(data, size));
  (void)d.Version(0, 255);
  (void)d.Bool();
  (void)d.String(1 << 16);
  (void)d.BytesField(1 << 20);
  (void)d.U16();
  (void)d.U64();
  if (d.position() > size) std::abort();
  return 0;
}
