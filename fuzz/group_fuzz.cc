// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target: the two ristretto255 implementations the ballot code uses must agree on
// every input. Invariants: libsodium's strict decoding (group.h) and libdecaf's (vartime.h) accept
// the same 32-byte strings; an accepted point re-encodes to itself; and for any scalar the
// variable-time product equals libsodium's constant-time one.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "veche/crypto/group.h"
#include "veche/crypto/vartime.h"

using namespace veche;
using namespace veche::crypto;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  if (size < 32) return 0;
  Point p;
  std::memcpy(p.data(), data, 32);
  const bool sodium = DecodePointOrIdentity(ByteView(p.data(), 32), "p").ok();
  const std::optional<VartimeTable> table = VartimeTable::Of(p, 4);
  if (sodium != table.has_value()) std::abort();
  if (!table) return 0;
  CiphertextSum sum;
  if (!sum.Add(p, p) || sum.Value() != std::pair{p, p}) std::abort();

  std::uint8_t wide[64] = {};
  std::memcpy(wide, data + 32, std::min<size_t>(size - 32, 64));
  const Scalar s = ReduceWide(std::span<const std::uint8_t, 64>(wide, 64));
  const Scalar t = ScalarFromU64(size);
  if (DoubleMulVartime(s, *table, t, VartimeTable::Generator()) != Add(Mul(s, p), BaseMul(t))) std::abort();
  return 0;
}
