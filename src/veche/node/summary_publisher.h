// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Answers requests for the state summary (the digest observers compare) without letting them cost
// the node more than one computation per interval, however many arrive: the digest hashes the
// whole state under its shared lock (about 43 ms for the demo), and a client asking for it in a
// loop would otherwise make every writer wait.
//
// One thread. Each request is answered, on that thread, with a summary computed after the request
// arrived (or the last one, when no record was applied since it was computed: the same state), so
// an answer is never older than the request. Requests that arrive while one computation runs or
// during the pause after it share the next one.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "veche/node/node.h"

namespace veche::node {

class SummaryPublisher {
 public:
  using Answer = std::function<void(const StateSummary&)>;
  // `compute` makes a summary; `records` says how many records the state holds now (cheap).
  // At most one computation starts per `interval_micros`.
  SummaryPublisher(std::function<StateSummary()> compute, std::function<std::uint64_t()> records,
                   std::int64_t interval_micros);
  // Answers what is still waiting, then joins.
  ~SummaryPublisher();
  SummaryPublisher(const SummaryPublisher&) = delete;
  SummaryPublisher& operator=(const SummaryPublisher&) = delete;

  void Request(Answer answer);
  // How many summaries were computed (for tests and figures).
  std::uint64_t computed() const;

 private:
  void Run();
  // Waits for requests; false when stopping.
  bool TakeWaiting(std::vector<Answer>& out);

  const std::function<StateSummary()> compute_;
  const std::function<std::uint64_t()> records_;
  const std::int64_t interval_micros_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::vector<Answer> waiting_;
  bool stopping_ = false;
  std::uint64_t computed_ = 0;
  std::optional<StateSummary> last_;  // touched only by the thread
  std::thread thread_;
};

}  // namespace veche::node
