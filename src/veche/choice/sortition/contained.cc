// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/sortition/contained.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace veche::choice::sortition {
namespace {

constexpr std::size_t kMaxAnswer = std::size_t{1} << 30;

// The child's answer: one byte (0 a value, else the status code), then the value or the message.
void Answer(int fd, const Result<std::string>& result) {
  std::string out(1, static_cast<char>(result.ok() ? 0 : static_cast<int>(result.error().code())));
  out += result.ok() ? *result : result.error().message();
  std::size_t sent = 0;
  while (sent < out.size()) {
    ssize_t n = write(fd, out.data() + sent, out.size() - sent);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
}

// Reads until the child closes the pipe or the deadline passes.
bool ReadAll(int fd, std::chrono::steady_clock::time_point until, std::string& out) {
  char buffer[1 << 16];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    if (out.size() + static_cast<std::size_t>(n) > kMaxAnswer) return true;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

Status Ended(int wait_status, std::string_view what) {
  if (WIFSIGNALED(wait_status)) {
    return InternalError(std::string(what) + ": the solver stopped on signal " + std::to_string(WTERMSIG(wait_status)) +
                         " (" + strsignal(WTERMSIG(wait_status)) + "); the input may be ill-conditioned");
  }
  return InternalError(std::string(what) + ": the solver process ended without an answer");
}

}  // namespace

Result<std::string> RunContained(const std::function<Result<std::string>()>& work, std::chrono::milliseconds deadline,
                                 std::string_view what) {
  int fds[2];
  if (pipe(fds) != 0) return InternalError(std::string(what) + ": pipe: " + std::strerror(errno));
  pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    return InternalError(std::string(what) + ": fork: " + std::strerror(errno));
  }
  if (child == 0) {
    // A crash handler inherited from the caller (a test framework's, say) must not run here: the
    // child dies of the signal, and the parent reports it.
    for (int sig : {SIGABRT, SIGSEGV, SIGFPE, SIGILL, SIGBUS}) signal(sig, SIG_DFL);
    close(fds[0]);
    Answer(fds[1], work());
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string answer;
  bool in_time = ReadAll(fds[0], std::chrono::steady_clock::now() + deadline, answer);
  close(fds[0]);
  if (!in_time) kill(child, SIGKILL);
  int wait_status = 0;
  while (waitpid(child, &wait_status, 0) < 0 && errno == EINTR) {
  }
  if (!in_time) {
    return DeadlineExceededError(std::string(what) + ": the solver took longer than " +
                                 std::to_string(deadline.count()) + " ms and was stopped");
  }
  if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0 || answer.empty()) return Ended(wait_status, what);
  int code = static_cast<unsigned char>(answer[0]);
  if (code == 0) return answer.substr(1);
  if (code > static_cast<int>(StatusCode::kUnauthenticated))
    return InternalError(std::string(what) + ": a garbled answer");
  return Status(static_cast<StatusCode>(code), answer.substr(1));
}

}  // namespace veche::choice::sortition
