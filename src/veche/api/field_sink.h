// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// FieldSink: where an entity's field list (registry_json.h, legislation_json.h, election_json.h)
// writes its fields, in order, each with its name and kind. The same list fills a JSON object for
// the JSON routes (JsonFields, here) and a row of an open-data export (export_routes.cc), so that a
// field is named and spelled in one place for both.

#include <concepts>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string_view>
#include <type_traits>

namespace veche::api {

class FieldSink {
 public:
  virtual ~FieldSink() = default;
  virtual void Text(const char* name, std::string_view value) = 0;
  virtual void Flag(const char* name, bool value) = 0;
  // An integer, signed or unsigned as its type is.
  template <std::integral N>
  requires(!std::same_as<N, bool>) void Number(const char* name, N value) {
    if constexpr (std::is_signed_v<N>) {
      Signed(name, value);
    } else {
      Unsigned(name, value);
    }
  }

 protected:
  virtual void Signed(const char* name, std::int64_t value) = 0;
  virtual void Unsigned(const char* name, std::uint64_t value) = 0;
};

// Sets each field as a member of a JSON object (a later field of the same name replaces it).
class JsonFields final : public FieldSink {
 public:
  explicit JsonFields(nlohmann::json& object) : object_(object) {}
  void Text(const char* name, std::string_view value) override;
  void Flag(const char* name, bool value) override;

 private:
  void Signed(const char* name, std::int64_t value) override;
  void Unsigned(const char* name, std::uint64_t value) override;
  nlohmann::json& object_;
};

}  // namespace veche::api
