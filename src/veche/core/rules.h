// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// What every domain's rules share: how Apply hands a record to the rule of its kind (the kinds
// table, kinds.h, names that rule), and the refusals every rule uses. Internal to core.

#include <string>

#include "veche/core/state.h"

namespace veche::core {

struct Prechecked;  // apply.h

// A record on its way into the state: Apply has checked that it is new and verified its signature.
struct Applying {
  const Record& record;
  PublicKeyBytes author;  // the record's author key
  const Prechecked& prechecked;
};
// The rule of one record kind: validates completely before its first change, so that on error
// the state is as it was; the error codes are Apply's (apply.h).
using KindRule = Status (*)(State& state, const Applying& in);

namespace rules {

inline Status Denied(std::string why) {
  return PermissionDeniedError(std::move(why));
}
inline Status Conflict(std::string why) {
  return FailedPreconditionError(std::move(why));
}

inline Status RequireAuthority(const State& s, const PublicKeyBytes& author) {
  if (s.authorities.count(author) == 0) return Denied("only an authority key may sign this record");
  return OkStatus();
}

// An authority, or the current holder of an office that carries `power` and whose territory is
// `territory` or lies above it (docs/formats/offices.md, "Powers"); kPermissionDenied otherwise.
Status RequirePower(const State& s, const PublicKeyBytes& author, Power power, const std::string& territory);

}  // namespace rules
}  // namespace veche::core
