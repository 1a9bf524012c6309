// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace veche::api {
namespace {

constexpr size_t kMaxBuckets = 1 << 16;

}  // namespace

RateLimiter::RateLimiter(double rate_per_second, double burst, const Clock& clock)
    : rate_(rate_per_second), burst_(burst), clock_(clock) {}

bool RateLimiter::Allow(std::string_view client, int* retry_after_seconds, double cost) {
  UnixMicros now = clock_.Now();
  std::lock_guard lock(mu_);
  auto it = buckets_.find(std::string(client));
  if (it == buckets_.end()) {
    if (buckets_.size() >= kMaxBuckets) DropRefilled(now);
    it = buckets_.emplace(std::string(client), Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  double elapsed = static_cast<double>(std::max<UnixMicros>(0, now - b.last)) / 1e6;
  b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
  b.last = now;
  if (b.tokens >= cost) {
    b.tokens -= cost;
    return true;
  }
  if (retry_after_seconds) {
    *retry_after_seconds = std::max(1, static_cast<int>(std::ceil((std::min(cost, burst_) - b.tokens) / rate_)));
  }
  return false;
}

size_t RateLimiter::clients() {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

void RateLimiter::DropRefilled(UnixMicros now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    double elapsed = static_cast<double>(std::max<UnixMicros>(0, now - it->second.last)) / 1e6;
    if (it->second.tokens + elapsed * rate_ >= burst_) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
}

std::string_view ClientHost(std::string_view remote_address) {
  size_t colon = remote_address.rfind(':');
  if (colon == std::string_view::npos) return remote_address;
  return remote_address.substr(0, colon);
}

}  // namespace veche::api
