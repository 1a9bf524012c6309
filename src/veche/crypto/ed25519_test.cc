// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/crypto/ed25519.h"

namespace veche::crypto {
namespace {

struct Rfc8032Vector {
  const char* seed;
  const char* public_key;
  const char* message;
  const char* signature;
};

// RFC 8032 §7.1, Ed25519 tests 1, 2, 3 and "SHA(abc)".
constexpr Rfc8032Vector kVectors[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe246"
     "55141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb"
     "00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc"
     "027beceea1ec40a"},
    {"833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2"
     "a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad"
     "9bef1177331a704"},
};

TEST_CASE("signing reproduces the RFC 8032 vectors and verification accepts them") {
  for (const auto& v : kVectors) {
    CAPTURE(v.public_key);
    SigningKey key = SigningKey::FromSeed(HexDecode(v.seed).value()).value();
    CHECK(key.public_key().ToHex() == v.public_key);
    Bytes message = HexDecode(v.message).value();
    CHECK(HexEncode(key.Sign(message)) == v.signature);
    PublicKey pk = PublicKey::FromBytes(HexDecode(v.public_key).value()).value();
    CHECK(pk.Verify(message, HexDecode(v.signature).value()).ok());
  }
}

TEST_CASE("verification rejects a changed message, a flipped signature bit and a wrong key") {
  const auto& v = kVectors[2];
  PublicKey pk = PublicKey::FromBytes(HexDecode(v.public_key).value()).value();
  Bytes message = HexDecode(v.message).value();
  Bytes sig = HexDecode(v.signature).value();
  CHECK(pk.Verify(AsBytes("other"), sig).code() == StatusCode::kUnauthenticated);
  for (size_t bit : {0u, 100u, 255u, 256u, 300u, 511u}) {
    Bytes bad = sig;
    bad[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    CHECK_FALSE(pk.Verify(message, bad).ok());
  }
  PublicKey other = PublicKey::FromBytes(HexDecode(kVectors[0].public_key).value()).value();
  CHECK_FALSE(other.Verify(message, sig).ok());
  CHECK_FALSE(pk.Verify(message, ByteView(sig).first(63)).ok());
}

TEST_CASE("verification rejects a non-canonical S (S + L)") {
  // Adding the group order L to S yields the same point equation; strict verifiers must reject it.
  const auto& v = kVectors[0];
  PublicKey pk = PublicKey::FromBytes(HexDecode(v.public_key).value()).value();
  Bytes sig = HexDecode(v.signature).value();
  const Bytes order = HexDecode("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010").value();
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {  // little-endian S += L
    unsigned sum = sig[32 + i] + order[i] + carry;
    sig[32 + i] = static_cast<std::uint8_t>(sum);
    carry = sum >> 8;
  }
  CHECK_FALSE(pk.Verify({}, sig).ok());
}

TEST_CASE("loading a public key rejects low-order, non-canonical and wrong-size keys") {
  // Identity point (order 1) and the point with y = 0 (order 4).
  CHECK_FALSE(
      PublicKey::FromBytes(HexDecode("0100000000000000000000000000000000000000000000000000000000000000").value()).ok());
  CHECK_FALSE(
      PublicKey::FromBytes(HexDecode("0000000000000000000000000000000000000000000000000000000000000000").value()).ok());
  // y = p: a non-canonical encoding of y = 0.
  CHECK_FALSE(
      PublicKey::FromBytes(HexDecode("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").value()).ok());
  // A y with no x on the curve (y = 2).
  CHECK_FALSE(
      PublicKey::FromBytes(HexDecode("0200000000000000000000000000000000000000000000000000000000000000").value()).ok());
  CHECK(PublicKey::FromBytes(Bytes(31, 1)).error().message().find("32 bytes") != std::string::npos);
}

TEST_CASE("generated keys are reproducible from a seeded rng and sign verifiably") {
  FakeRng rng_a(5), rng_b(5);
  SigningKey a = SigningKey::Generate(rng_a);
  SigningKey b = SigningKey::Generate(rng_b);
  CHECK(a.public_key() == b.public_key());
  auto sig = a.Sign(AsBytes("veche"));
  CHECK(b.public_key().Verify(AsBytes("veche"), sig).ok());
  SigningKey moved = std::move(a);
  CHECK(moved.public_key().Verify(AsBytes("veche"), moved.Sign(AsBytes("veche"))).ok());
}

}  // namespace
}  // namespace veche::crypto
