// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The offices' part of the state: training bodies, the qualification certificates they issued,
// and the offices of territories and collectives. Its digest sections and snapshot items are
// listed once in state.cc (core/state_fields.h).

#include <map>
#include <optional>
#include <set>
#include <string>

#include "veche/core/offices/payloads.h"

namespace veche::core {

struct TrainingBody {
  std::string id, name, territory;
  std::set<std::string> classes;
  bool active = true;
};

struct Certificate {
  std::string citizen, certificate_class;
  PublicKeyBytes issuer{};  // the training body's key
  UnixMicros valid_from = 0, valid_until = 0;
  std::optional<std::string> revoked;  // the published reason, once revoked
};

struct Office {
  std::string title, territory, collective;  // collective empty: a post of the territory
  std::uint8_t term_years = 0;               // the term in force (the charter's when created with 0)
  std::string required_class;                // empty: none
  bool abolished = false;
};

struct OfficesState {
  std::map<PublicKeyBytes, TrainingBody> training_bodies;
  std::map<std::string, Certificate> certificates;
  std::map<std::string, Office> offices;

  // Derived from `certificates` (not part of the digest): a citizen's certificates by id.
  std::map<std::string, std::set<std::string>> certificates_of;

  // True if `citizen` holds a certificate of `certificate_class`, not revoked, valid at `at`.
  bool HoldsCertificate(const std::string& citizen, const std::string& certificate_class, UnixMicros at) const;
};

// The sections training_bodies, certificates and offices, for the visitors of core/state_fields.h
// (instantiated for DigestWriter, StreamWriter and StreamReader). The reader also rebuilds the
// derived index.
template <typename V, typename S>
void VisitOfficesSections(V& v, S& state);

}  // namespace veche::core
