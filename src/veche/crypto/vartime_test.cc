// SPDX-License-Identifier: AGPL-3.0-or-later
// vartime.h against libsodium's constant-time functions: the two libraries must agree on every
// encoding and every product, including the scalars whose NAF carries across limbs and the edges
// 0, 1 and L - 1.

#include "veche/crypto/vartime.h"

#include <doctest/doctest.h>

#include <vector>

#include "veche/base/text_codec.h"

namespace veche::crypto {
namespace {

Scalar LMinusOne() {
  return ScalarSub(kZeroScalar, ScalarFromU64(1));
}

// Scalars that stress the recoding: runs of ones (every window negative, carries rippling
// through limb boundaries), single high bits, and random ones.
std::vector<Scalar> EdgeScalars(Rng& rng) {
  std::vector<Scalar> out{kZeroScalar,      ScalarFromU64(1),
                          ScalarFromU64(2), ScalarFromU64(0xffffffffffffffff),
                          LMinusOne(),      ScalarSub(kZeroScalar, ScalarFromU64(2))};
  Scalar ones{};
  for (size_t i = 0; i < 31; ++i) ones[i] = 0xff;
  ones[31] = 0x0f;  // 2^252 - 1, below L
  out.push_back(ones);
  for (int bit : {63, 64, 127, 128, 191, 192, 251, 252}) {
    Scalar s{};
    s[bit / 8] = static_cast<std::uint8_t>(1u << (bit % 8));
    out.push_back(ScalarAdd(s, kZeroScalar));  // reduced, in case the bit is past L
  }
  for (int i = 0; i < 12; ++i) out.push_back(RandomScalar(rng));
  return out;
}

TEST_CASE("DoubleMulVartime equals s·G + t·P computed by libsodium, for every window") {
  FakeRng rng(41);
  const Point p = BaseMul(RandomScalar(rng));
  const std::vector<Scalar> scalars = EdgeScalars(rng);
  for (int w : {2, 3, 5, 8, 12, 15}) {
    CAPTURE(w);
    const std::optional<VartimeTable> table = VartimeTable::Of(p, w);
    REQUIRE(table.has_value());
    for (size_t i = 0; i < scalars.size(); ++i) {
      const Scalar& s = scalars[i];
      const Scalar& t = scalars[(i * 7 + 3) % scalars.size()];
      CAPTURE(HexEncode(ByteView(s.data(), 32)));
      CAPTURE(HexEncode(ByteView(t.data(), 32)));
      CHECK(DoubleMulVartime(s, VartimeTable::Generator(), t, *table) == Add(BaseMul(s), Mul(t, p)));
    }
  }
}

TEST_CASE("vartime tables decode like libsodium: the identity is allowed, bad encodings are refused") {
  FakeRng rng(42);
  const Scalar s = RandomScalar(rng);
  const std::optional<VartimeTable> identity = VartimeTable::Of(kIdentity, 5);
  REQUIRE(identity.has_value());
  CHECK(DoubleMulVartime(s, *identity, s, *identity) == kIdentity);

  Point bad = BaseMul(s);
  bad[31] |= 0x80;  // the top bit: libsodium 1.0.18 ignores it, DecodePoint and libdecaf do not
  CHECK_FALSE(VartimeTable::Of(bad, 5).has_value());
  Point not_a_point{};
  not_a_point[0] = 1;  // a field element that encodes no ristretto255 point
  CHECK_FALSE(DecodePointOrIdentity(ByteView(not_a_point.data(), 32), "p").ok());
  CHECK_FALSE(VartimeTable::Of(not_a_point, 5).has_value());
  for (int w : {0, 1, 16}) CHECK_FALSE(VartimeTable::Of(BaseMul(s), w).has_value());

  // Random strings and one-bit changes of valid encodings: both libraries accept the same ones.
  int accepted = 0;
  for (int i = 0; i < 2000; ++i) {
    Point candidate;
    if (i % 2 == 0) {
      rng.Fill(candidate);
    } else {
      candidate = BaseMul(RandomScalar(rng));
      const std::uint64_t bit = rng.NextU64() % 256;
      candidate[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    }
    const bool sodium = DecodePointOrIdentity(ByteView(candidate.data(), 32), "p").ok();
    CHECK(sodium == VartimeTable::Of(candidate, 2).has_value());
    accepted += sodium;
  }
  CHECK(accepted > 50);  // about 1 string in 16 is a valid encoding: both answers were exercised
}

TEST_CASE("CiphertextSum keeps the sum libsodium computes, and a point that does not decode changes nothing") {
  FakeRng rng(44);
  CiphertextSum sum;
  CHECK(sum.Value() == std::pair{kIdentity, kIdentity});
  Point alpha = kIdentity, beta = kIdentity;
  std::vector<std::pair<Point, Point>> added;
  for (int i = 0; i < 6; ++i) {
    added.emplace_back(BaseMul(RandomScalar(rng)), BaseMul(RandomScalar(rng)));
    REQUIRE(sum.Add(added.back().first, added.back().second));
    alpha = Add(alpha, added.back().first);
    beta = Add(beta, added.back().second);
  }
  CHECK(sum.Value() == std::pair{alpha, beta});
  REQUIRE(sum.Add(kIdentity, kIdentity));  // the identity is a valid term (a recorded sum may be it)
  CHECK(sum.Value() == std::pair{alpha, beta});
  REQUIRE(sum.Sub(added[2].first, added[2].second));  // a re-cast ballot leaves the sum
  CHECK(sum.Value() == std::pair{Sub(alpha, added[2].first), Sub(beta, added[2].second)});

  const CiphertextSum before = sum;
  Point bad = added[0].second;
  bad[31] |= 0x80;
  CHECK_FALSE(sum.Add(added[0].first, bad));  // α decodes, β does not: neither is added
  CHECK(sum.Value() == before.Value());
  CHECK_FALSE(sum.Sub(bad, added[0].second));
  CHECK(sum.Value() == before.Value());
}

}  // namespace
}  // namespace veche::crypto
