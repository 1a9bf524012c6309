// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/crypto/vartime.h"

#include <decaf/point_255.h>

#include <array>
#include <cstring>
#include <vector>

namespace veche::crypto {

namespace {

// Each table splits its point in kParts: P_k = 2^(k·kSpan)·P. A NAF digit at position k·kSpan + r
// then adds from P_k's table at step r, so a multiplication doubles kSpan times instead of 253;
// the doublings move into building the table, where a point used in several products pays them
// once. A NAF of a scalar below 2^253 has at most 254 positions.
constexpr int kParts = 3;
constexpr int kSpan = 85;
static_assert(kParts * kSpan >= 254);

}  // namespace

struct VartimeTable::Impl {
  int window = 0;
  // odd[k][i] = (2i + 1)·P_k.
  std::array<std::vector<decaf_255_point_s>, kParts> odd;
};

namespace {

constexpr int kMaxWindow = 15;  // digits below 2^14 fit the int16 of a Naf

// Width-w NAF of a scalar below 2^253: at most one nonzero digit in any w consecutive positions,
// each odd with |d| < 2^(w-1), and Σ d_i·2^i equal to the scalar.
using Naf = std::array<std::int16_t, 256>;

Naf WidthNaf(const Scalar& s, int w) {
  std::array<std::uint64_t, 5> k{};  // one spare limb takes the carry of the last negative digit
  for (int i = 0; i < 32; ++i) k[i / 8] |= static_cast<std::uint64_t>(s[i]) << (8 * (i % 8));
  const std::uint64_t mask = (1u << w) - 1;
  Naf naf{};
  for (int i = 0; i < 256;) {
    const int limb = i / 64, bit = i % 64;
    if (((k[limb] >> bit) & 1) == 0) {
      ++i;
      continue;
    }
    std::uint64_t window = k[limb] >> bit;
    if (bit + w > 64) window |= k[limb + 1] << (64 - bit);
    window &= mask;
    int digit = static_cast<int>(window);
    if (digit >= (1 << (w - 1))) digit -= (1 << w);
    naf[i] = static_cast<std::int16_t>(digit);
    // k -= digit·2^i: the window's bits become zero, and a negative digit carries 2^(i+w).
    for (int b = i; b < i + w && b < 320; ++b) k[b / 64] &= ~(std::uint64_t{1} << (b % 64));
    if (digit < 0) {
      for (int l = (i + w) / 64, at = (i + w) % 64; l < 5; ++l, at = 0) {
        const std::uint64_t before = k[l];
        k[l] += std::uint64_t{1} << at;
        if (k[l] > before) break;  // no carry out of this limb
      }
    }
    i += w;
  }
  return naf;
}

void AddDigit(decaf_255_point_s* acc, int digit, const std::vector<decaf_255_point_s>& odd) {
  if (digit > 0) decaf_255_point_add(acc, acc, &odd[digit / 2]);
  if (digit < 0) decaf_255_point_sub(acc, acc, &odd[-digit / 2]);
}

Point Encode(const decaf_255_point_s* p) {
  Point out;
  decaf_255_point_encode(out.data(), p);
  return out;
}

}  // namespace

VartimeTable::VartimeTable(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VartimeTable::VartimeTable(VartimeTable&&) noexcept = default;
VartimeTable& VartimeTable::operator=(VartimeTable&&) noexcept = default;
VartimeTable::~VartimeTable() = default;

std::optional<VartimeTable> VartimeTable::Of(const Point& p, int window) {
  if (window < 2 || window > kMaxWindow) return std::nullopt;
  auto impl = std::make_unique<Impl>();
  impl->window = window;
  decaf_255_point_s part;
  if (decaf_255_point_decode(&part, p.data(), DECAF_TRUE) != DECAF_SUCCESS) return std::nullopt;
  for (int k = 0; k < kParts; ++k) {
    if (k > 0) {
      for (int i = 0; i < kSpan; ++i) decaf_255_point_double(&part, &part);
    }
    std::vector<decaf_255_point_s>& odd = impl->odd[k];
    odd.resize(size_t{1} << (window - 2));
    odd[0] = part;
    decaf_255_point_s twice;
    decaf_255_point_double(&twice, &part);
    for (size_t i = 1; i < odd.size(); ++i) decaf_255_point_add(&odd[i], &odd[i - 1], &twice);
  }
  return VartimeTable(std::move(impl));
}

const VartimeTable& VartimeTable::Generator() {
  static const VartimeTable g = *Of(BaseMul(ScalarFromU64(1)), 10);
  return g;
}

Point DoubleMulVartime(const Scalar& s, const VartimeTable& p, const Scalar& t, const VartimeTable& q) {
  const Naf ns = WidthNaf(s, p.impl_->window), nt = WidthNaf(t, q.impl_->window);
  decaf_255_point_s acc = *decaf_255_point_identity;
  bool started = false;  // doubling the identity is wasted work
  for (int r = kSpan - 1; r >= 0; --r) {
    if (started) decaf_255_point_double(&acc, &acc);
    for (int k = 0; k < kParts; ++k) {
      const int at = k * kSpan + r;
      if (at >= 256) continue;
      started |= ns[at] != 0 || nt[at] != 0;
      AddDigit(&acc, ns[at], p.impl_->odd[k]);
      AddDigit(&acc, nt[at], q.impl_->odd[k]);
    }
  }
  return Encode(&acc);
}

static_assert(sizeof(decaf_255_point_s) == CiphertextSum::kPointBytes && alignof(decaf_255_point_s) <= 32);

CiphertextSum::CiphertextSum() {
  std::memcpy(alpha_.data(), decaf_255_point_identity, kPointBytes);
  std::memcpy(beta_.data(), decaf_255_point_identity, kPointBytes);
}

bool CiphertextSum::Add(const Point& alpha, const Point& beta) {
  return Combine(alpha, beta, false);
}

bool CiphertextSum::Sub(const Point& alpha, const Point& beta) {
  return Combine(alpha, beta, true);
}

bool CiphertextSum::Combine(const Point& alpha, const Point& beta, bool subtract) {
  decaf_255_point_s a, b, sum_a, sum_b;
  if (decaf_255_point_decode(&a, alpha.data(), DECAF_TRUE) != DECAF_SUCCESS ||
      decaf_255_point_decode(&b, beta.data(), DECAF_TRUE) != DECAF_SUCCESS) {
    return false;
  }
  std::memcpy(&sum_a, alpha_.data(), kPointBytes);
  std::memcpy(&sum_b, beta_.data(), kPointBytes);
  if (subtract) {
    decaf_255_point_sub(&sum_a, &sum_a, &a);
    decaf_255_point_sub(&sum_b, &sum_b, &b);
  } else {
    decaf_255_point_add(&sum_a, &sum_a, &a);
    decaf_255_point_add(&sum_b, &sum_b, &b);
  }
  std::memcpy(alpha_.data(), &sum_a, kPointBytes);
  std::memcpy(beta_.data(), &sum_b, kPointBytes);
  return true;
}

std::pair<Point, Point> CiphertextSum::Value() const {
  decaf_255_point_s a, b;
  std::memcpy(&a, alpha_.data(), kPointBytes);
  std::memcpy(&b, beta_.data(), kPointBytes);
  return {Encode(&a), Encode(&b)};
}

}  // namespace veche::crypto
