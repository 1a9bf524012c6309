// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target: the CSV reader and the sortition pool reader (features.csv and people.csv).
// Input: the features text, a 0 byte, the people text; the first byte is also the panel size.
// Invariants: nothing crashes; a pool read is valid; aggregation puts every person in exactly one
// type and every type's members share its values.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "veche/base/csv.h"
#include "veche/choice/sortition/pool.h"

using namespace veche;
using namespace veche::choice::sortition;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  (void)ParseCsv(text, ';');
  std::size_t split = text.find('\0');
  if (split == std::string::npos || size == 0) return 0;
  int k = 1 + data[0] % 8;
  std::vector<std::string> households;
  if (data[0] & 0x80) households = {"home"};
  auto pool = ReadPool(text.substr(0, split), text.substr(split + 1), k, households);
  if (!pool.ok()) return 0;
  if (!ValidatePool(*pool).ok()) std::abort();
  TypedPool typed = Aggregate(*pool);
  std::size_t members = 0;
  for (const PersonType& t : typed.types) {
    members += t.members.size();
    for (int m : t.members) {
      if (pool->people[static_cast<std::size_t>(m)].values != t.values) std::abort();
    }
  }
  if (members != pool->people.size()) std::abort();
  return 0;
}
