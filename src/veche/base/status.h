// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Status: the outcome of an operation that can fail, carried across module APIs instead of
// exceptions. Codes follow absl's canonical codes so their meaning is familiar and maps cleanly to
// HTTP statuses and CLI exit codes.

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace veche {

enum class StatusCode : int {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};

// Stable snake_case name of a code ("invalid_argument"); used in JSON error bodies.
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid_argument: bad hex digit at 3", or "ok".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context` ("reading key file: ...").
  Status WithContext(std::string_view context) const;

  // Explicitly drops a status whose failure the caller has decided not to act on.
  void IgnoreError() const {}

  friend bool operator==(const Status& a, const Status& b) { return a.code_ == b.code_ && a.message_ == b.message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

std::ostream& operator<<(std::ostream& os, const Status& status);

inline Status OkStatus() {
  return Status();
}
inline Status CancelledError(std::string m) {
  return {StatusCode::kCancelled, std::move(m)};
}
inline Status UnknownError(std::string m) {
  return {StatusCode::kUnknown, std::move(m)};
}
inline Status InvalidArgumentError(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status DeadlineExceededError(std::string m) {
  return {StatusCode::kDeadlineExceeded, std::move(m)};
}
inline Status NotFoundError(std::string m) {
  return {StatusCode::kNotFound, std::move(m)};
}
inline Status AlreadyExistsError(std::string m) {
  return {StatusCode::kAlreadyExists, std::move(m)};
}
inline Status PermissionDeniedError(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
inline Status ResourceExhaustedError(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
inline Status FailedPreconditionError(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status AbortedError(std::string m) {
  return {StatusCode::kAborted, std::move(m)};
}
inline Status OutOfRangeError(std::string m) {
  return {StatusCode::kOutOfRange, std::move(m)};
}
inline Status UnimplementedError(std::string m) {
  return {StatusCode::kUnimplemented, std::move(m)};
}
inline Status InternalError(std::string m) {
  return {StatusCode::kInternal, std::move(m)};
}
inline Status UnavailableError(std::string m) {
  return {StatusCode::kUnavailable, std::move(m)};
}
inline Status DataLossError(std::string m) {
  return {StatusCode::kDataLoss, std::move(m)};
}
inline Status UnauthenticatedError(std::string m) {
  return {StatusCode::kUnauthenticated, std::move(m)};
}

}  // namespace veche

#define VECHE_STATUS_CONCAT_INNER_(a, b) a##b
#define VECHE_STATUS_CONCAT_(a, b) VECHE_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (a Status or Result<T>); returns its error from the enclosing function if any.
#define VECHE_RETURN_IF_ERROR(expr)                                          \
  do {                                                                       \
    auto&& veche_status_or_result_ = (expr);                                 \
    if (!veche_status_or_result_.ok()) {                                     \
      return ::veche::internal::ErrorOf(std::move(veche_status_or_result_)); \
    }                                                                        \
  } while (false)

// `VECHE_ASSIGN_OR_RETURN(auto x, MakeX());` declares/assigns x from a Result<T>'s value, or
// returns the Result's error from the enclosing function.
#define VECHE_ASSIGN_OR_RETURN(lhs, expr) \
  VECHE_ASSIGN_OR_RETURN_IMPL_(VECHE_STATUS_CONCAT_(veche_result_, __LINE__), lhs, expr)
#define VECHE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).error();      \
  lhs = std::move(tmp).value()

namespace veche::internal {
inline Status ErrorOf(Status status) {
  return status;
}
template <typename R>
Status ErrorOf(R&& result) {
  return std::forward<R>(result).error();
}
}  // namespace veche::internal
