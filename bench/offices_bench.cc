// SPDX-License-Identifier: AGPL-3.0-or-later
// Offices figures (issue 18):
//   - the node's tick when nothing is due, with 10^5 offices held and 10^6 citizens: the cost of
//     core::DueRecords, which reads the offices' deadline index instead of scanning offices;
//   - 10^3 contests whose elections have their results, decided and their winners seated at once:
//     the due records computed, signed by the node and applied (contest_decide, then office_seat).
// The states are filled in directly (the same shape records would build) so that the setup takes
// seconds, not the hours 10^5 real contests would.
//   build/bench/veche_bench --benchmark_filter=Offices

#include <benchmark/benchmark.h>

#include "bench/offices_world.h"
#include "veche/core/offices/due.h"

namespace veche::core {
namespace {

void BM_OfficesTickNothingDue(benchmark::State& st) {
  OfficesWorld w;
  FillHeld(w, static_cast<int>(st.range(0)), static_cast<int>(st.range(1)));
  if (!DueRecords(w.state).empty()) return st.SkipWithError("something is due");
  for (auto _ : st) benchmark::DoNotOptimize(DueRecords(w.state));
  st.counters["offices"] = static_cast<double>(st.range(0));
  st.counters["citizens"] = static_cast<double>(st.range(1));
}
BENCHMARK(BM_OfficesTickNothingDue)->Args({100'000, 1'000'000})->Unit(benchmark::kMicrosecond);

// The baseline the deadline index avoids: asking every office whether something is due.
void BM_OfficesTickScanningEveryOffice(benchmark::State& st) {
  OfficesWorld w;
  FillHeld(w, static_cast<int>(st.range(0)), 0);
  for (auto _ : st) {
    size_t due = 0;
    for (const auto& [id, o] : w.state.offices) due += DueOfficeRecord(w.state, id).has_value();
    benchmark::DoNotOptimize(due);
  }
}
BENCHMARK(BM_OfficesTickScanningEveryOffice)->Arg(100'000)->Unit(benchmark::kMicrosecond);

// `n` offices, each vacant with a contest whose one election has its result: a majority for its
// first candidate.
void FillDecided(OfficesWorld& w, int n) {
  w.Territories(100);
  w.Citizens(3 * n, 100);
  for (int i = 0; i < n; ++i) {
    const std::string office = "o" + std::to_string(i), contest = "contest-" + std::to_string(i + 1);
    Office& o = w.NewOffice(office, i % 100);
    o.contest = contest;
    Contest& c = w.state.contests[contest];
    c.office = office;
    c.stage = ContestStage::kVoting;
    const std::string a = "c" + std::to_string(1'000'000 + 3 * i), b = "c" + std::to_string(1'000'001 + 3 * i);
    c.candidates = {Candidacy{a, "n-a", {}, 0}, Candidacy{b, "n-b", {}, 0}};
    const std::string election = contest + "-1";
    c.elections = {election};
    c.voting_closes_at = kNow - kDay;
    Election& el = w.state.elections[election];
    el.spec.id = election;
    el.spec.options = {a, b};
    el.status = ElectionStatus::kDecided;
    for (int v = 0; v < 3; ++v) el.ballots["c" + std::to_string(1'000'000 + 3 * i + v)] = CastBallot{};
    el.result = ElectionResultPayload{election, 1, {2, 1}};
    w.state.contest_of_election[election] = contest;
    w.state.IndexOffice(office);
  }
}

void BM_OfficesSeatWinners(benchmark::State& st) {
  const int n = static_cast<int>(st.range(0));
  OfficesWorld base;
  FillDecided(base, n);
  for (auto _ : st) {
    st.PauseTiming();
    State state = base.state;
    st.ResumeTiming();
    // Two rounds, as the node settles them: the contests decided, then the winners seated.
    if (!ApplyDue(state, base.node).ok() || !ApplyDue(state, base.node).ok()) {
      return st.SkipWithError("a due record was refused");
    }
    st.PauseTiming();
    if (state.offices.at("o0").Holder() == nullptr) return st.SkipWithError("nobody was seated");
    st.ResumeTiming();
  }
  st.counters["contests"] = n;
}
BENCHMARK(BM_OfficesSeatWinners)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace veche::core
