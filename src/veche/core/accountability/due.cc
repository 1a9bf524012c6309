// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/accountability/due.h"

namespace veche::core {

std::vector<DueRecord> DueRatingDays(const State& s) {
  const auto today = static_cast<std::uint32_t>(s.clock / kMicrosPerDay);
  if (s.holder_ratings.empty() || today <= s.rating_day) return {};
  return {DueRecord{RecordKind::kRatingDay, EncodePayload(RatingDayPayload{today})}};
}

}  // namespace veche::core
