#pragma once
// The projection: what the records say, folded in log order by Apply (apply.h). Pure data; a node
// keeps it in memory and rebuilds it by replay at start. Digest() is what observers compare.

#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "veche/core/payloads.h"
#include "veche/core/record.h"

namespace veche::core {

struct Territory {
  std::string parent;  // empty for the root
  TerritoryKind kind = TerritoryKind::kCity;
  std::string name;
  Charter charter;
  bool dissolved = false;
};

struct Collective {
  std::string parent;  // empty for a top-level collective
  std::string territory;
  CollectiveKind kind = CollectiveKind::kWorkplace;
  std::string name;
  bool dissolved = false;
};

struct Registrar {
  std::string territory;
  bool active = true;
};

struct Citizen {
  std::string residence;
  UnixMicros majority_date = 0;
  UnixMicros consultative_date = 0;
  Commitment personal_data{};
  std::optional<PublicKeyBytes> key;  // bound by the citizen; absent until bound or after recovery
  PublicKeyBytes enrolment_key{};
  bool enrolment_pending = true;  // the enrolment key may still bind a citizen key
  std::set<std::string> collectives;
  std::optional<RemovalReason> removed;
};

struct RecordIdHash {
  size_t operator()(const RecordId& id) const {
    size_t h;
    std::memcpy(&h, id.data(), sizeof h);
    return h;
  }
};

struct State {
  bool has_genesis = false;
  PublicKeyBytes node_key{};
  std::set<PublicKeyBytes> authorities;
  std::string root;
  std::map<std::string, Territory> territories;
  std::map<std::string, Collective> collectives;
  std::map<PublicKeyBytes, Registrar> registrars;
  std::map<std::string, Citizen> citizens;
  UnixMicros clock = 0;       // advanced only by clock records
  std::uint64_t records = 0;  // records applied

  // Record id -> its index in the log (the "applied" section of the digest).
  std::unordered_map<RecordId, std::uint64_t, RecordIdHash> applied;
  // Derived from `citizens` (not part of the digest).
  std::map<PublicKeyBytes, std::string> citizen_by_key;

  // One digest per section (meta, territories, collectives, registrars, citizens, applied), each
  // over the canonical encoding of that part in sorted order: observers use them to say where two
  // states differ. Layout in docs/formats/record.md.
  std::vector<std::pair<std::string, crypto::Sha256Digest>> SectionDigests() const;
  // SHA-256 over the section names and digests: the one value nodes and observers compare.
  crypto::Sha256Digest Digest() const { return CombineSections(SectionDigests()); }
  static crypto::Sha256Digest CombineSections(
      const std::vector<std::pair<std::string, crypto::Sha256Digest>>& sections);

  // True if `territory` is `scope` or lies below it.
  bool InScope(const std::string& scope, const std::string& territory) const;
};

}  // namespace veche::core
