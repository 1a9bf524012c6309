// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/record_batch.h"

#include <string>

namespace veche::api {

Result<std::vector<std::pair<size_t, size_t>>> ParseBatch(ByteView body) {
  std::vector<std::pair<size_t, size_t>> records;  // offset and length in the body
  for (size_t at = 0; at < body.size();) {
    if (body.size() - at < 4) return InvalidArgumentError("a batch ends inside a length prefix");
    std::uint32_t n = (std::uint32_t{body[at]} << 24) | (std::uint32_t{body[at + 1]} << 16) |
                      (std::uint32_t{body[at + 2]} << 8) | std::uint32_t{body[at + 3]};
    at += 4;
    if (n == 0 || n > body.size() - at) {
      return InvalidArgumentError("record " + std::to_string(records.size()) + " declares " + std::to_string(n) +
                                  " bytes; " + std::to_string(body.size() - at) + " remain");
    }
    if (records.size() == kMaxBatchRecords) return OutOfRangeError("a batch holds at most 1000 records");
    records.emplace_back(at, n);
    at += n;
  }
  return records;
}

}  // namespace veche::api
