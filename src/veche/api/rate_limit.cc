// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/rate_limit.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace veche::api {
namespace {

constexpr size_t kMaxBuckets = 1 << 16;

// `text` as a canonical IP address ("[2001:db8::1]:80", "\"192.0.2.1:5\"" and such are cut to the
// address); an IPv6 address as its /64. Empty if it is none.
std::string CanonicalAddress(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '"')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '"')) text.remove_suffix(1);
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return {};
    text = text.substr(1, close - 1);
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    text = text.substr(0, text.find(':'));  // IPv4 with a port
  }
  if (text.size() > 45) return {};
  const std::string address(text);
  char out[INET6_ADDRSTRLEN] = {};
  in_addr v4{};
  if (::inet_pton(AF_INET, address.c_str(), &v4) == 1) return ::inet_ntop(AF_INET, &v4, out, sizeof out);
  in6_addr v6{};
  if (::inet_pton(AF_INET6, address.c_str(), &v6) != 1) return {};
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    std::memcpy(&v4, v6.s6_addr + 12, 4);
    return ::inet_ntop(AF_INET, &v4, out, sizeof out);
  }
  std::fill(v6.s6_addr + 8, v6.s6_addr + 16, 0);
  return std::string(::inet_ntop(AF_INET6, &v6, out, sizeof out)) + "/64";
}

// The addresses a proxy's header lists, in order: "for=" values of Forwarded, or X-Forwarded-For.
std::vector<std::string> ForwardedChain(const http::Request& req) {
  std::vector<std::string> chain;
  auto split = [](std::string_view list, char by, auto&& each) {
    for (size_t at = 0; at <= list.size();) {
      size_t end = std::min(list.find(by, at), list.size());
      each(list.substr(at, end - at));
      at = end + 1;
    }
  };
  if (std::optional<std::string_view> forwarded = req.Header("forwarded")) {
    split(*forwarded, ',', [&](std::string_view element) {
      split(element, ';', [&](std::string_view pair) {
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        if (pair.size() > 4 &&
            (pair.substr(0, 4) == "for=" || pair.substr(0, 4) == "For=" || pair.substr(0, 4) == "FOR=")) {
          chain.push_back(CanonicalAddress(pair.substr(4)));
        }
      });
    });
  } else if (std::optional<std::string_view> xff = req.Header("x-forwarded-for")) {
    split(*xff, ',', [&](std::string_view entry) { chain.push_back(CanonicalAddress(entry)); });
  }
  return chain;
}

}  // namespace

bool IsIpAddress(std::string_view text) {
  return !CanonicalAddress(text).empty();
}

std::string ClientKey(const http::Request& req, const std::vector<std::string>& trusted_proxies) {
  const std::string peer = CanonicalAddress(ClientHost(req.remote_address));
  if (peer.empty()) return std::string(ClientHost(req.remote_address));
  auto trusted = [&](const std::string& address) {
    return std::any_of(trusted_proxies.begin(), trusted_proxies.end(),
                       [&](const std::string& proxy) { return CanonicalAddress(proxy) == address; });
  };
  if (!trusted(peer)) return peer;
  const std::vector<std::string> chain = ForwardedChain(req);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (it->empty()) return peer;  // a value that is no address: count the proxy
    if (!trusted(*it)) return *it;
  }
  return peer;
}

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
