// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The one table of record kinds: for each, its number and name, its domain, who signs it, where it
// is made, its payload size limit, and the domain's entries for it (its rule for Apply, and its
// payload's strict decoding). RecordKindName, IsKnownRecordKind, Apply's dispatch and the fuzz
// target's kinds all come from here; a test holds every kind to a byte vector
// (tests/data/records/vectors.json), a section of docs/formats/<domain>.md and, for the kinds the
// browser makes, an encoder in the web UI. Number ranges per domain: docs/formats/record.md.

#include <cstdint>
#include <span>
#include <string_view>

#include "veche/core/rules.h"

namespace veche::core {

enum class Domain : std::uint8_t { kRegistry, kLegislation, kElection, kOffices, kAccountability };
// "registry", "legislation", "election", "offices", "accountability": also the name of the
// domain's docs/formats/ file.
std::string_view DomainName(Domain domain);

// Whose key signs records of a kind (Apply checks it; this is what the table tells readers).
enum class Signer : std::uint8_t {
  kNode,               // the node's own key (clock, openings, closes, results)
  kAuthority,          // an authority named by the genesis
  kRegistrar,          // an accredited registrar for the territory concerned
  kCitizen,            // a citizen's bound key
  kPublisher,          // an authority or a citizen (texts)
  kTrustee,            // a trustee of the election
  kEnrolment,          // the key the citizen binds, with the enrolment code's proof
  kTrainingBody,       // an accredited training body (certificates)
  kMembershipOfficer,  // a registrar for the collective's territory, or the collective's secretary
  kPowerHolder,        // an authority, or the holder of an office carrying the power (offices.md)
};
std::string_view SignerName(Signer signer);

// Where records of a kind are made: the node alone, the command-line tools, or also the browser
// (the web UI then has an encoder for its payload).
enum class MadeBy : std::uint8_t { kNodeOnly, kTools, kBrowser };

struct KindInfo {
  RecordKind kind;
  std::string_view name;
  Domain domain;
  Signer signer;
  MadeBy made_by;
  size_t max_payload;  // bytes
  KindRule apply;      // the domain's rule (a genesis in an empty state is Apply's own case)
  // Strict decoding of the payload; OK or the error DecodePayload gives.
  Status (*decode)(ByteView payload);
  // False only if the payload decodes yet does not encode back to the same bytes.
  bool (*round_trips)(ByteView payload);
};

// Every kind, in number order.
std::span<const KindInfo> Kinds();
// The entry of kind number `kind`, or nullptr for a number that is no kind.
const KindInfo* FindKind(std::uint16_t kind);

}  // namespace veche::core
