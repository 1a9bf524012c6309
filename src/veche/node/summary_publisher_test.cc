// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/node/summary_publisher.h"

#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <vector>

namespace veche::node {
namespace {

TEST_CASE("a flood of summary requests costs one computation per interval, and no answer predates its request") {
  std::atomic<std::uint64_t> records{1};
  std::atomic<int> computing{0};
  SummaryPublisher publisher(
      [&] {
        computing.fetch_add(1);
        StateSummary s;
        s.records = records.load();
        return s;
      },
      [&] { return records.load(); }, 50'000);
  std::vector<std::future<std::uint64_t>> answers;
  std::vector<std::uint64_t> asked_at;
  for (int i = 0; i < 400; ++i) {
    if (i % 40 == 0) records.fetch_add(1);  // the state moves on now and then
    auto done = std::make_shared<std::promise<std::uint64_t>>();
    answers.push_back(done->get_future());
    asked_at.push_back(records.load());
    publisher.Request([done](const StateSummary& s) { done->set_value(s.records); });
  }
  for (size_t i = 0; i < answers.size(); ++i) CHECK(answers[i].get() >= asked_at[i]);
  // 400 requests, 10 changes of state: far fewer computations than requests.
  CHECK(publisher.computed() <= 12);
  CHECK(publisher.computed() >= 1);
  // Unchanged state: answered from the last summary, computed again never.
  const std::uint64_t before = publisher.computed();
  std::promise<std::uint64_t> again;
  publisher.Request([&](const StateSummary& s) { again.set_value(s.records); });
  CHECK(again.get_future().get() == records.load());
  CHECK(publisher.computed() == before);
}

TEST_CASE("a publisher that stops answers what is still waiting") {
  std::promise<bool> answered;
  {
    SummaryPublisher publisher([] { return StateSummary{}; }, [] { return std::uint64_t{0}; }, 1'000'000);
    publisher.Request([](const StateSummary&) {});  // the first computation; then a 1 s pause
    publisher.Request([&](const StateSummary&) { answered.set_value(true); });
  }
  auto f = answered.get_future();
  REQUIRE(f.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
  CHECK(f.get());
}

}  // namespace
}  // namespace veche::node
