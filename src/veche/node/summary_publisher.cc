// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/node/summary_publisher.h"

#include <chrono>

namespace veche::node {

SummaryPublisher::SummaryPublisher(std::function<StateSummary()> compute, std::function<std::uint64_t()> records,
                                   std::int64_t interval_micros)
    : compute_(std::move(compute)), records_(std::move(records)), interval_micros_(interval_micros) {
  thread_ = std::thread([this] { Run(); });
}

SummaryPublisher::~SummaryPublisher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SummaryPublisher::Request(Answer answer) {
  {
    std::lock_guard lock(mu_);
    waiting_.push_back(std::move(answer));
  }
  wake_.notify_one();
}

std::uint64_t SummaryPublisher::computed() const {
  std::lock_guard lock(mu_);
  return computed_;
}

bool SummaryPublisher::TakeWaiting(std::vector<Answer>& out) {
  std::unique_lock lock(mu_);
  wake_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
  if (stopping_) return false;
  out.swap(waiting_);
  return true;
}

void SummaryPublisher::Run() {
  std::vector<Answer> answering;
  while (TakeWaiting(answering)) {
    // Every request taken arrived before this read: a summary of this state or a later one is
    // fresh for all of them. The same record count is the same state.
    const bool unchanged = last_ && last_->records == records_();
    if (!unchanged) {
      last_ = compute_();
      std::lock_guard lock(mu_);
      ++computed_;
    }
    for (Answer& a : answering) a(*last_);
    answering.clear();
    if (!unchanged) {
      // The pause after a computation bounds them to one per interval; requests gather meanwhile.
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, std::chrono::microseconds(interval_micros_), [&] { return stopping_; });
    }
  }
  // Stopping: every request is still answered once (a server waits for the responses it started).
  std::vector<Answer> left;
  {
    std::lock_guard lock(mu_);
    left.swap(waiting_);
  }
  if (left.empty()) return;
  const StateSummary now = compute_();
  for (Answer& a : left) a(now);
}

}  // namespace veche::node
