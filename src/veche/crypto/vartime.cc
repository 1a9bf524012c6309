#include "veche/crypto/vartime.h"

#include <decaf/point_255.h>

#include <array>
#include <vector>

namespace veche::crypto {

struct VartimeTable::Impl {
  int window = 0;
  std::vector<decaf_255_point_s> odd;  // odd[k] = (2k + 1)·P
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
  impl->odd.resize(size_t{1} << (window - 2));
  if (decaf_255_point_decode(&impl->odd[0], p.data(), DECAF_TRUE) != DECAF_SUCCESS) return std::nullopt;
  decaf_255_point_s twice;
  decaf_255_point_double(&twice, &impl->odd[0]);
  for (size_t k = 1; k < impl->odd.size(); ++k) decaf_255_point_add(&impl->odd[k], &impl->odd[k - 1], &twice);
  return VartimeTable(std::move(impl));
}

const VartimeTable& VartimeTable::Generator() {
  static const VartimeTable g = *Of(BaseMul(ScalarFromU64(1)), 10);
  return g;
}

Point DoubleMulVartime(const Scalar& s, const VartimeTable& p, const Scalar& t, const VartimeTable& q) {
  const Naf ns = WidthNaf(s, p.impl_->window), nt = WidthNaf(t, q.impl_->window);
  int top = 255;
  while (top >= 0 && ns[top] == 0 && nt[top] == 0) --top;
  decaf_255_point_s acc = *decaf_255_point_identity;
  for (int i = top; i >= 0; --i) {
    decaf_255_point_double(&acc, &acc);
    AddDigit(&acc, ns[i], p.impl_->odd);
    AddDigit(&acc, nt[i], q.impl_->odd);
  }
  return Encode(&acc);
}

Point SumVartime(std::span<const Point> points, bool* ok) {
  decaf_255_point_s acc = *decaf_255_point_identity, next;
  for (const Point& p : points) {
    if (decaf_255_point_decode(&next, p.data(), DECAF_TRUE) != DECAF_SUCCESS) {
      *ok = false;
      return kIdentity;
    }
    decaf_255_point_add(&acc, &acc, &next);
  }
  *ok = true;
  return Encode(&acc);
}

}  // namespace veche::crypto
