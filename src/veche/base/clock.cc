// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/base/clock.h"

#include <chrono>

namespace veche {

UnixMicros SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace veche
