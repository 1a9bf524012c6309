// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Public lotteries anyone can re-run (docs/formats/sortition.md):
// - RFC 3797 (the IETF NomCom selection): a key string from public numbers chosen before they are
//   known (lottery draws, say), MD5 of it bracketed by a 2-byte counter, taken modulo the pool left;
// - the panel draw: from a 32-byte seed (a beacon's value, or RFC 3797's key string hashed), a
//   stream of SHA-256 blocks gives exactly uniform integers by rejection sampling; one picks a panel
//   by its integer weight, the others pick its members within each type, so each volunteer's chance
//   is exactly the distribution's marginal (after rounding the weights, see RoundWeights).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "veche/base/bytes.h"
#include "veche/base/result.h"
#include "veche/choice/sortition/pool.h"

namespace veche::choice::sortition {

// RFC 3797 section 4: a source of whole numbers becomes them in ascending order, each followed by
// '.'; any other source becomes its letters and digits, upper-cased; each source ends with '/'.
Result<std::string> Rfc3797KeyString(const std::vector<std::string>& sources);

// The RFC's selection: `picks` distinct positions (1-based) of a pool of `pool`, in the order drawn.
Result<std::vector<int>> Rfc3797Select(int pool, int picks, std::string_view key_string);

// Uniform integers from a seed: block j = SHA-256("veche sortition v1" || seed || u64be(j)), read
// as four u64be words in turn; UniformBelow(m) rejects words ≥ 2^64 − (2^64 mod m).
class UniformStream {
 public:
  explicit UniformStream(ByteView seed);
  // Contract: m ≥ 1.
  std::uint64_t UniformBelow(std::uint64_t m);
  std::uint64_t words_used() const { return used_; }

 private:
  std::uint64_t NextWord();
  Bytes seed_;
  std::uint64_t block_ = 0;
  std::array<std::uint64_t, 4> words_{};
  int next_ = 4;
  std::uint64_t used_ = 0;
};

// The panels' probabilities as whole numbers summing to `total` (largest remainder: each weight's
// floor of p·total, then one more to the largest remainders, ties to the lower index).
std::vector<std::uint64_t> RoundWeights(const std::vector<double>& probabilities, std::uint64_t total);
inline constexpr std::uint64_t kWeightTotal = 1'000'000'000'000;  // 10^12

struct Drawn {
  int panel = -1;            // index into the panels
  std::vector<int> people;   // indices into Pool::people, ascending
  std::uint64_t ticket = 0;  // the uniform number below the total that chose the panel
};

// Draws from integer weights (summing to a total ≥ 1): the first number picks the panel whose
// cumulative weight first exceeds it, then for each of its types in order, a partial Fisher–Yates
// shuffle of the type's members (by id) takes the count it needs.
Result<Drawn> DrawPanel(ByteView seed, const TypedPool& pool, const std::vector<Panel>& panels,
                        const std::vector<std::uint64_t>& weights);

}  // namespace veche::choice::sortition
