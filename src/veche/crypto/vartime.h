// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Variable-time ristretto255 arithmetic for checking proofs about public values, on libdecaf's
// decaf_255 group (the same ristretto255 encoding as libsodium's; the tests pin that).
//
// Why: libsodium 1.0.18's public API decodes and re-encodes a point around every operation and
// multiplies in constant time, so one `s·P + t·Q` costs about 90 µs. Here points stay in extended
// coordinates between steps and `s·P + t·Q` is one interleaved width-w NAF pass (Straus), about
// 60 µs; a ballot's range proofs need 24 of them.
//
// Contract: NEVER pass a secret. Time and memory access depend on the scalars. Proving, key
// generation and decryption stay on group.h's constant-time functions.

#include <array>
#include <memory>
#include <optional>
#include <utility>

#include "veche/crypto/group.h"

namespace veche::crypto {

// A point decoded once, with its odd multiples P, 3P, ..., (2^(w-1) - 1)·P ready for wNAF.
// Movable, not copyable.
class VartimeTable {
 public:
  // Decodes `p` (the identity allowed); nullopt if it is not a valid encoding or the window is
  // outside 2..15. Larger windows cost
  // 2^(w-2) additions up front and save additions in each multiplication: use w = 5 for a point
  // used a few times and w = 7 or 8 for one used across a whole ballot.
  static std::optional<VartimeTable> Of(const Point& p, int window);
  // The generator G with w = 10, built once per process.
  static const VartimeTable& Generator();

  VartimeTable(VartimeTable&&) noexcept;
  VartimeTable& operator=(VartimeTable&&) noexcept;
  ~VartimeTable();

  struct Impl;

 private:
  explicit VartimeTable(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  friend Point DoubleMulVartime(const Scalar&, const VartimeTable&, const Scalar&, const VartimeTable&);
};

// s·P + t·Q, encoded. Contract: s and t are canonical (below L), as every decoded or computed
// Scalar is. Variable time: public scalars only.
Point DoubleMulVartime(const Scalar& s, const VartimeTable& p, const Scalar& t, const VartimeTable& q);

// A running sum of ciphertexts kept decoded, so adding one costs the decoding of its two points
// and no encoding (libsodium's additions decode both operands and encode the result: three times
// the work). A plain copyable value; Value() encodes, about 13 µs.
class CiphertextSum {
 public:
  CiphertextSum();  // (identity, identity)
  // Adds or subtracts (α, β), both valid encodings (the identity allowed). If one does not decode,
  // returns false and leaves the sum as it was.
  bool Add(const Point& alpha, const Point& beta);
  bool Sub(const Point& alpha, const Point& beta);
  // The sum's (α, β), encoded.
  std::pair<Point, Point> Value() const;

  static constexpr size_t kPointBytes = 256;  // libdecaf's extended coordinates, checked in the .cc

 private:
  bool Combine(const Point& alpha, const Point& beta, bool subtract);
  alignas(32) std::array<std::uint8_t, kPointBytes> alpha_{}, beta_{};
};

}  // namespace veche::crypto
