// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// What accountability needs the node to append when its clock moves: the day's close of the
// ratings. core::DueRecords (apply.h) puts it in order with the other domains'.

#include <vector>

#include "veche/core/state.h"

namespace veche::core {

// The rating_day record due at the state's clock: one, for today, when a day has begun since the
// last close and some office is rated; none otherwise (a log nobody rates in gets no records).
std::vector<DueRecord> DueRatingDays(const State& state);
// A recall_close for every recall vote whose time is up. (It walks the offices' latest petitions:
// a petition is one per office at most.)
std::vector<DueRecord> DueRecallCloses(const State& state);

}  // namespace veche::core
