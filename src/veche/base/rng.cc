// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/base/rng.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace veche {

Bytes Rng::Generate(size_t n) {
  Bytes out(n);
  Fill(out);
  return out;
}

std::uint64_t Rng::NextU64() {
  std::uint8_t b[8];
  Fill(b);
  std::uint64_t v = 0;
  for (std::uint8_t x : b) v = v << 8 | x;
  return v;
}

std::uint64_t Rng::Uniform(std::uint64_t bound) {
  if (bound == 0) std::abort();
  // Reject the top partial block of 2^64 so every residue is equally likely.
  std::uint64_t limit = UINT64_MAX - (UINT64_MAX % bound + 1) % bound;
  for (;;) {
    std::uint64_t v = NextU64();
    if (v <= limit) return v % bound;
  }
}

void SystemRng::Fill(std::span<std::uint8_t> out) {
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::perror("veche: getrandom failed");
      std::abort();
    }
    done += static_cast<size_t>(n);
  }
}

void FakeRng::Fill(std::span<std::uint8_t> out) {
  size_t i = 0;
  while (i < out.size()) {
    state_ += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    for (int k = 0; k < 8 && i < out.size(); ++k, ++i) out[i] = static_cast<std::uint8_t>(z >> (8 * k));
  }
}

}  // namespace veche
