// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Time as seen by veche: an injected Clock, so that code which needs "now" can be tested with a
// fake one. The pure core never reads a clock at all (time there comes from clock records).

#include <atomic>
#include <cstdint>

namespace veche {

// Microseconds since the Unix epoch, UTC.
using UnixMicros = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time now. Thread-safe.
  virtual UnixMicros Now() const = 0;
};

// The system's real-time clock.
class SystemClock final : public Clock {
 public:
  UnixMicros Now() const override;
};

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(UnixMicros start = 0) : now_(start) {}
  UnixMicros Now() const override { return now_.load(); }
  void Set(UnixMicros t) { now_.store(t); }
  void Advance(UnixMicros delta) { now_.fetch_add(delta); }

 private:
  std::atomic<UnixMicros> now_;
};

}  // namespace veche
