// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/ledger/checkpoint.h"

#include "veche/base/text_codec.h"

namespace veche::ledger {

std::string Checkpoint::ToText() const {
  std::string out = origin + "\n" + std::to_string(size) + "\n" + Base64Encode(root) + "\n";
  for (const std::string& e : extensions) out += e + "\n";
  return out;
}

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  if (text.empty() || text.back() != '\n') return InvalidArgumentError("checkpoint does not end with a newline");
  std::vector<std::string_view> lines;
  for (std::string_view rest = text; !rest.empty();) {
    size_t nl = rest.find('\n');
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
  }
  if (lines.size() < 3) return InvalidArgumentError("checkpoint needs origin, size and root lines");
  Checkpoint cp;
  if (lines[0].empty()) return InvalidArgumentError("checkpoint origin line is empty");
  cp.origin = std::string(lines[0]);
  std::string_view size = lines[1];
  if (size.empty() || size.size() > 20 || (size.size() > 1 && size[0] == '0')) {
    return InvalidArgumentError("checkpoint size line is not a canonical decimal number");
  }
  std::uint64_t n = 0;
  for (char c : size) {
    if (c < '0' || c > '9') return InvalidArgumentError("checkpoint size line is not a decimal number");
    std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (n > (UINT64_MAX - digit) / 10) return InvalidArgumentError("checkpoint size does not fit 64 bits");
    n = n * 10 + digit;
  }
  cp.size = n;
  Result<Bytes> root = Base64Decode(lines[2]);
  if (!root.ok()) return root.error().WithContext("checkpoint root line");
  VECHE_ASSIGN_OR_RETURN(cp.root, HashFromBytes(*root));
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return InvalidArgumentError("checkpoint has an empty extension line");
    cp.extensions.emplace_back(lines[i]);
  }
  return cp;
}

}  // namespace veche::ledger
