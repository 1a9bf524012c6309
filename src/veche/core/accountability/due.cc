// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/accountability/due.h"

namespace veche::core {

std::vector<DueRecord> DueRecallCloses(const State& s) {
  std::vector<DueRecord> due;
  for (const auto& [office, petition] : s.recall_petitions) {
    if (petition.Voting() && s.clock >= petition.vote_closes_at) {
      due.push_back(DueRecord{RecordKind::kRecallClose, EncodePayload(RecallClosePayload{office})});
    }
  }
  return due;
}

std::vector<DueRecord> DueRatingDays(const State& s) {
  const auto today = static_cast<std::uint32_t>(s.clock / kMicrosPerDay);
  if (s.holder_ratings.empty() || today <= s.rating_day) return {};
  return {DueRecord{RecordKind::kRatingDay, EncodePayload(RatingDayPayload{today})}};
}

}  // namespace veche::core
