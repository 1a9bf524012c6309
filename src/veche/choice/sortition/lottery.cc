// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/sortition/lottery.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <numeric>
#include <sstream>

#include "veche/crypto/sha256.h"

namespace veche::choice::sortition {
namespace {

// The source's numbers, or nothing when it is not a list of whole numbers.
std::vector<std::string> WholeNumbers(std::string_view source) {
  std::vector<std::string> numbers;
  std::istringstream in{std::string(source)};
  std::string word;
  while (in >> word) {
    if (!std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) return {};
    std::size_t first = word.find_first_not_of('0');
    numbers.push_back(first == std::string::npos ? "0" : word.substr(first));
  }
  std::sort(numbers.begin(), numbers.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;  // numeric order without overflow
  });
  return numbers;
}

using Md5Digest = std::array<std::uint8_t, 16>;

Md5Digest Md5(ByteView data) {
  Md5Digest out{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_md5(), nullptr);
  return out;
}

// The 128-bit big-endian number `d` modulo m, a byte at a time. Contract: m < 2^55 (the pool is
// at most 65535), so r·256 + byte never overflows.
std::uint64_t Mod(const Md5Digest& d, std::uint64_t m) {
  std::uint64_t r = 0;
  for (std::uint8_t byte : d) r = ((r << 8) | byte) % m;
  return r;
}

}  // namespace

Result<std::string> Rfc3797KeyString(const std::vector<std::string>& sources) {
  if (sources.empty()) return InvalidArgumentError("RFC 3797 needs at least one source of randomness");
  std::string key;
  for (const std::string& source : sources) {
    std::vector<std::string> numbers = WholeNumbers(source);
    if (!numbers.empty()) {
      for (const std::string& n : numbers) key += n + ".";
    } else {
      std::string text;
      for (unsigned char c : source) {
        if (std::isalnum(c) != 0 && c < 0x80) text.push_back(static_cast<char>(std::toupper(c)));
      }
      if (text.empty()) return InvalidArgumentError("the source '" + source + "' has no letters or digits");
      key += text;
    }
    key += "/";
  }
  return key;
}

Result<std::vector<int>> Rfc3797Select(int pool, int picks, std::string_view key_string) {
  if (pool < 1 || pool > 65535) return InvalidArgumentError("the pool must hold 1 to 65535 (the RFC's 2-byte counter)");
  if (picks < 1 || picks > pool) return InvalidArgumentError("picks must be from 1 to the pool's size");
  std::vector<int> left(static_cast<std::size_t>(pool));
  std::iota(left.begin(), left.end(), 1);
  std::vector<int> picked;
  Bytes input(key_string.size() + 4);
  std::copy(key_string.begin(), key_string.end(), input.begin() + 2);
  for (int i = 0; i < picks; ++i) {
    input[0] = input[input.size() - 2] = static_cast<std::uint8_t>(i >> 8);
    input[1] = input[input.size() - 1] = static_cast<std::uint8_t>(i & 0xff);
    std::uint64_t index = Mod(Md5(input), left.size());
    picked.push_back(left[index]);
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(index));
  }
  return picked;
}

UniformStream::UniformStream(ByteView seed) : seed_(seed.begin(), seed.end()) {}

std::uint64_t UniformStream::NextWord() {
  if (next_ == 4) {
    crypto::Sha256 h;
    h.Update(AsBytes("veche sortition v1")).Update(seed_);
    std::array<std::uint8_t, 8> counter{};
    for (int b = 0; b < 8; ++b)
      counter[static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(block_ >> (56 - 8 * b));
    h.Update(counter);
    crypto::Sha256Digest d = h.Finish();
    for (std::size_t w = 0; w < 4; ++w) {
      std::uint64_t v = 0;
      for (std::size_t b = 0; b < 8; ++b) v = (v << 8) | d[8 * w + b];
      words_[w] = v;
    }
    ++block_;
    next_ = 0;
  }
  ++used_;
  return words_[static_cast<std::size_t>(next_++)];
}

std::uint64_t UniformStream::UniformBelow(std::uint64_t m) {
  // 2^64 mod m, computed without 128-bit arithmetic: (2^64 − m) mod m.
  std::uint64_t reject_from = 0 - ((0 - m) % m);  // 2^64 − (2^64 mod m), 0 meaning 2^64 itself
  while (true) {
    std::uint64_t w = NextWord();
    if (reject_from == 0 || w < reject_from) return w % m;
  }
}

std::vector<std::uint64_t> RoundWeights(const std::vector<double>& probabilities, std::uint64_t total) {
  std::vector<std::uint64_t> out(probabilities.size(), 0);
  std::vector<std::pair<long double, std::size_t>> remainders;
  long double sum = 0;
  for (double p : probabilities) sum += std::max(0.0, p);
  std::uint64_t given = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    long double exact = sum > 0 ? std::max(0.0, probabilities[i]) / sum * static_cast<long double>(total) : 0;
    out[i] = static_cast<std::uint64_t>(std::floor(exact));
    given += out[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total && !remainders.empty(); k = (k + 1) % remainders.size(), ++given) {
    ++out[remainders[k].second];
  }
  return out;
}

Result<Drawn> DrawPanel(ByteView seed, const TypedPool& pool, const std::vector<Panel>& panels,
                        const std::vector<std::uint64_t>& weights) {
  if (panels.empty() || panels.size() != weights.size()) return InvalidArgumentError("no panels to draw from");
  std::uint64_t total = 0;
  for (std::uint64_t w : weights) {
    if (w > (std::uint64_t{1} << 62) || total > (std::uint64_t{1} << 62))
      return InvalidArgumentError("the weights are too large");
    total += w;
  }
  if (total == 0) return InvalidArgumentError("the weights sum to 0");
  UniformStream stream(seed);
  Drawn drawn;
  drawn.ticket = stream.UniformBelow(total);
  std::uint64_t below = 0;
  for (std::size_t p = 0; p < panels.size(); ++p) {
    below += weights[p];
    if (drawn.ticket < below) {
      drawn.panel = static_cast<int>(p);
      break;
    }
  }
  for (auto [t, count] : panels[static_cast<std::size_t>(drawn.panel)].counts) {
    if (t < 0 || static_cast<std::size_t>(t) >= pool.types.size())
      return InvalidArgumentError("a panel names a bad type");
    std::vector<int> members = pool.types[static_cast<std::size_t>(t)].members;
    if (count < 0 || static_cast<std::size_t>(count) > members.size())
      return InvalidArgumentError("a panel takes too many of a type");
    for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
      std::size_t j = i + stream.UniformBelow(members.size() - i);
      std::swap(members[i], members[j]);
      drawn.people.push_back(members[i]);
    }
  }
  std::sort(drawn.people.begin(), drawn.people.end());
  return drawn;
}

}  // namespace veche::choice::sortition
