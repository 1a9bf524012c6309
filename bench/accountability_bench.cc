// SPDX-License-Identifier: AGPL-3.0-or-later
// Accountability figures (issue 19): the node's daily close of the ratings (rating_day) with 10^5
// rated holders. Each holder stands at 100 raters (10^7 ratings in all) held as the running counts
// the close reads: it never reads the ratings themselves, so their number does not enter the
// cost, and the entries carry counts only to keep the setup in seconds. A third of the holders
// are below the recall threshold (their days below grow), none reaches the recall period.
//   build/bench/veche_bench --benchmark_filter=Accountability

#include <benchmark/benchmark.h>

#include "bench/offices_world.h"

namespace veche::core {
namespace {

void BM_AccountabilityDailyClose(benchmark::State& st) {
  const int n = static_cast<int>(st.range(0));
  OfficesWorld base;
  FillHeld(base, n, 0);
  const auto today = static_cast<std::uint32_t>(base.state.clock / kMicrosPerDay);
  base.state.rating_day = today - 1;
  for (int i = 0; i < n; ++i) {
    const std::string id = "o" + std::to_string(i);
    HolderRatings& r = base.state.holder_ratings[id];
    r.holder = base.state.offices.at(id).Holder()->citizen;
    r.approvals = i % 3 == 0 ? 10 : 60;  // 100 per mille (below 200) or 600
    r.disapprovals = 100 - r.approvals;
    r.evaluated_day = today - 1;
  }
  for (auto _ : st) {
    st.PauseTiming();
    State state = base.state;
    st.ResumeTiming();
    if (!ApplyDue(state, base.node).ok()) return st.SkipWithError("the rating_day was refused");
    st.PauseTiming();
    if (state.rating_day != today || state.holder_ratings.at("o0").days_below != 1) {
      return st.SkipWithError("the day was not closed");
    }
    st.ResumeTiming();
  }
  st.counters["holders"] = n;
  st.counters["ratings"] = 100.0 * n;
}
BENCHMARK(BM_AccountabilityDailyClose)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace veche::core
