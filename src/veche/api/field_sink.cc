// SPDX-License-Identifier: AGPL-3.0-or-later
// JsonFields: an entity's fields as members of a JSON object.
#include "veche/api/field_sink.h"

#include <nlohmann/json.hpp>
#include <string>

namespace veche::api {

void JsonFields::Text(const char* name, std::string_view value) {
  object_[name] = std::string(value);
}

void JsonFields::Flag(const char* name, bool value) {
  object_[name] = value;
}

void JsonFields::Signed(const char* name, std::int64_t value) {
  object_[name] = value;
}

void JsonFields::Unsigned(const char* name, std::uint64_t value) {
  object_[name] = value;
}

}  // namespace veche::api
