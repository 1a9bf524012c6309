// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Runs solver work where an abort cannot take the caller down: in a child process (fork), which
// writes its answer to a pipe, watched by a deadline. Debian's COIN-OR is built with assertions on
// and aborts on some ill-conditioned inputs; a signal, a timeout or a garbled answer becomes an
// error Status naming what happened, and the child is always reaped.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "veche/base/result.h"

namespace veche::choice::sortition {

// `work` runs in the child; its value (or error) comes back to the caller. Contract: the caller
// is single-threaded at the time of the call or `work` touches nothing another thread may lock
// (it runs in a forked copy of the process).
Result<std::string> RunContained(const std::function<Result<std::string>()>& work, std::chrono::milliseconds deadline,
                                 std::string_view what);

}  // namespace veche::choice::sortition
