// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Randomness as seen by veche: an injected Rng, so that tests are reproducible. Production code
// uses SystemRng (the kernel's CSPRNG); FakeRng is deterministic and NOT secure — tests only.

#include <cstdint>
#include <span>

#include "veche/base/bytes.h"

namespace veche {

class Rng {
 public:
  virtual ~Rng() = default;
  // Fills `out` with random bytes. Never fails (an unusable entropy source aborts the process:
  // continuing without randomness would silently produce weak keys).
  virtual void Fill(std::span<std::uint8_t> out) = 0;

  Bytes Generate(size_t n);
  std::uint64_t NextU64();
  // Uniform in [0, bound) without modulo bias. Contract: bound > 0.
  std::uint64_t Uniform(std::uint64_t bound);
};

// getrandom(2): the kernel CSPRNG. Thread-safe.
class SystemRng final : public Rng {
 public:
  void Fill(std::span<std::uint8_t> out) override;
};

// A seeded deterministic generator (SplitMix64). Not thread-safe, not cryptographic.
class FakeRng final : public Rng {
 public:
  explicit FakeRng(std::uint64_t seed) : state_(seed) {}
  void Fill(std::span<std::uint8_t> out) override;

 private:
  std::uint64_t state_;
};

}  // namespace veche
