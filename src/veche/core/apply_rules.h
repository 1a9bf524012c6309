// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Checks shared by the rule files (apply.cc, assembly.cc). Internal to core.

#include <cstring>
#include <string>

#include "veche/core/state.h"

namespace veche::core::rules {

inline Status Denied(std::string why) {
  return PermissionDeniedError(std::move(why));
}
inline Status Conflict(std::string why) {
  return FailedPreconditionError(std::move(why));
}

// A territory that exists and is not dissolved.
inline Status LiveTerritory(const State& s, const std::string& id, std::string_view role) {
  auto it = s.territories.find(id);
  if (it == s.territories.end()) return Conflict(std::string(role) + " territory '" + id + "' does not exist");
  if (it->second.dissolved) return Conflict(std::string(role) + " territory '" + id + "' is dissolved");
  return OkStatus();
}

inline Status RequireAuthority(const State& s, const PublicKeyBytes& author) {
  if (s.authorities.count(author) == 0) return Denied("only an authority key may sign this record");
  return OkStatus();
}

}  // namespace veche::core::rules
