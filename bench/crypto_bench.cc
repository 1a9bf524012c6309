// SPDX-License-Identifier: AGPL-3.0-or-later
// Crypto primitive rates: Ed25519 sign/verify (libsodium) and SHA-256 of RFC 9162 Merkle nodes
// (0x01 || left || right, 65 bytes) through our OpenSSL low-level hasher, with the alternatives
// for comparison. Run: scripts/bench.sh (or build/bench/veche_bench).

#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "veche/base/rng.h"
#include "veche/crypto/ed25519.h"
#include "veche/crypto/sha256.h"

namespace veche::crypto {
namespace {

void BM_Ed25519Sign(benchmark::State& state) {
  FakeRng rng(1);
  SigningKey key = SigningKey::Generate(rng);
  Bytes message = rng.Generate(static_cast<size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(key.Sign(message));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519Sign)->Arg(128);

void BM_Ed25519Verify(benchmark::State& state) {
  FakeRng rng(2);
  SigningKey key = SigningKey::Generate(rng);
  Bytes message = rng.Generate(static_cast<size_t>(state.range(0)));
  auto sig = key.Sign(message);
  for (auto _ : state) {
    Status s = key.public_key().Verify(message, sig);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519Verify)->Arg(128);

Bytes NodeInput() {
  FakeRng rng(3);
  Bytes node(65);
  rng.Fill(node);
  node[0] = 0x01;
  return node;
}

void BM_Sha256NodeOurs(benchmark::State& state) {
  Bytes node = NodeInput();
  Sha256 hasher;
  for (auto _ : state) benchmark::DoNotOptimize(hasher.Update(node).Finish());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sha256NodeOurs);

void BM_Sha256NodeEvpOneShot(benchmark::State& state) {
  Bytes node = NodeInput();
  unsigned char out[32];
  for (auto _ : state) {
    EVP_Digest(node.data(), node.size(), out, nullptr, EVP_sha256(), nullptr);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sha256NodeEvpOneShot);

void BM_Sha256NodeSodium(benchmark::State& state) {
  Bytes node = NodeInput();
  unsigned char out[32];
  for (auto _ : state) {
    crypto_hash_sha256(out, node.data(), node.size());
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sha256NodeSodium);

void BM_Sha256Bulk(benchmark::State& state) {
  FakeRng rng(4);
  Bytes data = rng.Generate(1 << 20);
  for (auto _ : state) benchmark::DoNotOptimize(Sha256Of(data));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(data.size()));
}
BENCHMARK(BM_Sha256Bulk);

}  // namespace
}  // namespace veche::crypto
