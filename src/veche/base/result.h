// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Result<T>: a value or an error Status. Member names follow std::expected (has_value, value,
// error, operator*, operator->, value_or) so it can become an alias of std::expected<T, Status>
// once the toolchain has C++23.

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

#include "veche/base/status.h"

namespace veche {

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cvref_t<T>, Status>, "Result<Status> is meaningless");

 public:
  // A Result holding a value.
  Result(const T& value) : data_(std::in_place_index<0>, value) {}        // NOLINT(google-explicit-constructor)
  Result(T&& value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  template <typename U>
  requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, Status> &&
           !std::is_same_v<std::remove_cvref_t<U>, Result<T>> && !std::is_same_v<std::remove_cvref_t<U>, T>)
      Result(U&& value)
      : data_(std::in_place_index<0>, T(std::forward<U>(value))) {}  // NOLINT

  // A Result holding an error. Contract: `status` is not OK (an OK status here is a programming
  // error and becomes an internal error, so a caller never sees a value-less "success").
  Result(Status status)  // NOLINT(google-explicit-constructor)
      : data_(std::in_place_index<1>,
              status.ok() ? InternalError("Result constructed from an OK status") : std::move(status)) {}

  bool ok() const { return data_.index() == 0; }
  bool has_value() const { return ok(); }
  explicit operator bool() const { return ok(); }

  // Contract: has_value(). Calling value() on an error aborts: it is a bug in the caller, never a
  // consequence of external input.
  T& value() & { return CheckedValue(); }
  const T& value() const& { return const_cast<Result*>(this)->CheckedValue(); }
  T&& value() && { return std::move(CheckedValue()); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? std::get<0>(data_) : static_cast<T>(std::forward<U>(fallback));
  }

  // The error; OkStatus() when a value is held.
  Status error() const& { return ok() ? OkStatus() : std::get<1>(data_); }
  Status error() && { return ok() ? OkStatus() : std::move(std::get<1>(data_)); }
  Status status() const& { return error(); }

 private:
  T& CheckedValue() {
    if (!ok()) std::abort();
    return std::get<0>(data_);
  }
  std::variant<T, Status> data_;
};

}  // namespace veche
