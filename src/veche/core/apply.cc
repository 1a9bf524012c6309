// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/apply.h"

#include <algorithm>
#include <cstring>

#include "veche/core/apply_rules.h"
#include "veche/core/assembly.h"
#include "veche/core/election.h"
#include "veche/core/payloads.h"

namespace veche::core {
namespace {

using namespace rules;

Status LiveCollective(const State& s, const std::string& id) {
  auto it = s.collectives.find(id);
  if (it == s.collectives.end()) return Conflict("collective '" + id + "' does not exist");
  if (it->second.dissolved) return Conflict("collective '" + id + "' is dissolved");
  return OkStatus();
}

// The author must be an active registrar whose territory covers `territory`.
Status RequireRegistrarFor(const State& s, const PublicKeyBytes& author, const std::string& territory) {
  auto it = s.registrars.find(author);
  if (it == s.registrars.end() || !it->second.active) return Denied("the author is not an active registrar");
  if (!s.InScope(it->second.territory, territory)) {
    return Denied("registrar of '" + it->second.territory + "' may not act for territory '" + territory + "'");
  }
  return OkStatus();
}

Result<Citizen*> LiveCitizen(State& s, const std::string& id) {
  auto it = s.citizens.find(id);
  if (it == s.citizens.end()) return Conflict("citizen '" + id + "' is not enrolled");
  if (it->second.removed) return Conflict("citizen '" + id + "' has been removed");
  return &it->second;
}

Status RequireCitizenKey(const Citizen& c, const std::string& id, const PublicKeyBytes& author) {
  if (!c.key || *c.key != author) return Denied("only citizen '" + id + "' may sign this record");
  return OkStatus();
}

// A key may belong to one role only, so that records cannot be attributed ambiguously.
Status KeyIsUnused(const State& s, const PublicKeyBytes& key) {
  if (s.citizen_by_key.count(key) || s.registrars.count(key) || s.authorities.count(key) || key == s.node_key) {
    return Conflict("that key is already in use");
  }
  return OkStatus();
}

Status VerifyWith(const PublicKeyBytes& key_bytes, const Bytes& message, const SignatureBytes& sig,
                  std::string_view what) {
  Result<crypto::PublicKey> key = crypto::PublicKey::FromBytes(key_bytes);
  if (!key.ok()) return InvalidArgumentError(std::string(what) + ": " + key.error().message());
  if (!key->Verify(message, sig).ok()) return Denied(std::string(what) + " does not verify");
  return OkStatus();
}

Status CheckKey(const PublicKeyBytes& key, std::string_view what) {
  Result<crypto::PublicKey> k = crypto::PublicKey::FromBytes(key);
  if (!k.ok()) return InvalidArgumentError(std::string(what) + ": " + k.error().message());
  return OkStatus();
}

Status ApplyGenesis(State& s, const PublicKeyBytes& author, const GenesisPayload& p) {
  if (p.node_key != author) return Denied("genesis must be signed by the node key it names");
  std::set<PublicKeyBytes> authorities(p.authorities.begin(), p.authorities.end());
  if (authorities.size() != p.authorities.size()) return InvalidArgumentError("genesis lists an authority twice");
  if (authorities.count(p.node_key)) return InvalidArgumentError("the node key cannot also be an authority");
  for (const auto& k : authorities) VECHE_RETURN_IF_ERROR(CheckKey(k, "authority key"));
  s.has_genesis = true;
  s.node_key = p.node_key;
  s.authorities = std::move(authorities);
  s.root = p.root_id;
  s.territories[p.root_id] = Territory{"", p.root_kind, p.root_name, p.charter, false};
  return OkStatus();
}

Status ApplyBody(State& s, const Record& r, const Prechecked& pre) {
  const PublicKeyBytes author = KeyBytes(r.author);
  if (!s.has_genesis) {
    if (r.kind != RecordKind::kGenesis) return Conflict("the log must begin with a genesis record");
    VECHE_ASSIGN_OR_RETURN(GenesisPayload p, DecodePayload<GenesisPayload>(r.payload));
    return ApplyGenesis(s, author, p);
  }
  switch (r.kind) {
    case RecordKind::kGenesis: return Conflict("the log already has a genesis record");

    case RecordKind::kClock: {
      VECHE_ASSIGN_OR_RETURN(ClockPayload p, DecodePayload<ClockPayload>(r.payload));
      if (author != s.node_key) return Denied("only the node key may advance the clock");
      if (p.time <= s.clock) return Conflict("the clock only moves forward");
      s.clock = p.time;
      return OkStatus();
    }

    case RecordKind::kTerritoryCreate: {
      VECHE_ASSIGN_OR_RETURN(TerritoryCreatePayload p, DecodePayload<TerritoryCreatePayload>(r.payload));
      VECHE_RETURN_IF_ERROR(RequireAuthority(s, author));
      if (s.territories.count(p.id)) return Conflict("territory '" + p.id + "' already exists");
      VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.parent, "parent"));
      const Territory& parent = s.territories.at(p.parent);
      // union > republic > region > city > settlement: a territory lies inside a wider one.
      if (static_cast<int>(p.kind) <= static_cast<int>(parent.kind)) {
        return Conflict(std::string("a ") + TerritoryKindName(p.kind) + " cannot lie inside a " +
                        TerritoryKindName(parent.kind));
      }
      s.territories[p.id] = Territory{p.parent, p.kind, p.name, p.charter.value_or(parent.charter), false};
      return OkStatus();
    }
    case RecordKind::kTerritoryRename: {
      VECHE_ASSIGN_OR_RETURN(RenamePayload p, DecodePayload<RenamePayload>(r.payload));
      VECHE_RETURN_IF_ERROR(RequireAuthority(s, author));
      VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.id, "the"));
      s.territories[p.id].name = p.name;
      return OkStatus();
    }
    case RecordKind::kTerritoryDissolve: {
      VECHE_ASSIGN_OR_RETURN(IdPayload p, DecodePayload<IdPayload>(r.payload));
      VECHE_RETURN_IF_ERROR(RequireAuthority(s, author));
      VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.id, "the"));
      if (p.id == s.root) return Conflict("the root territory cannot be dissolved");
      for (const auto& [id, t] : s.territories) {
        if (t.parent == p.id && !t.dissolved)
          return Conflict("territory '" + p.id + "' still has territory '" + id + "'");
      }
      for (const auto& [id, c] : s.citizens) {
        if (c.residence == p.id && !c.removed) return Conflict("territory '" + p.id + "' still has residents");
      }
      for (const auto& [id, c] : s.collectives) {
        if (c.territory == p.id && !c.dissolved)
          return Conflict("territory '" + p.id + "' still has collective '" + id + "'");
      }
      s.territories[p.id].dissolved = true;
      return OkStatus();
    }

    case RecordKind::kCollectiveCreate: {
      VECHE_ASSIGN_OR_RETURN(CollectiveCreatePayload p, DecodePayload<CollectiveCreatePayload>(r.payload));
      VECHE_RETURN_IF_ERROR(RequireAuthority(s, author));
      if (s.collectives.count(p.id)) return Conflict("collective '" + p.id + "' already exists");
      VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.territory, "the collective's"));
      if (!p.parent.empty()) VECHE_RETURN_IF_ERROR(LiveCollective(s, p.parent));
      s.collectives[p.id] = Collective{p.parent, p.territory, p.kind, p.name, false};
      return OkStatus();
    }
    case RecordKind::kCollectiveRename: {
      VECHE_ASSIGN_OR_RETURN(RenamePayload p, DecodePayload<RenamePayload>(r.payload));
      VECHE_RETURN_IF_ERROR(RequireAuthority(s, author));
      VECHE_RETURN_IF_ERROR(LiveCollective(s, p.id));
      s.collectives[p.id].name = p.name;
      return OkStatus();
    }
    case RecordKind::kCollectiveDissolve: {
      VECHE_ASSIGN_OR_RETURN(IdPayload p, DecodePayload<IdPayload>(r.payload));
      VECHE_RETURN_IF_ERROR(RequireAuthority(s, author));
      VECHE_RETURN_IF_ERROR(LiveCollective(s, p.id));
      for (const auto& [id, c] : s.collectives) {
        if (c.parent == p.id && !c.dissolved)
          return Conflict("collective '" + p.id + "' still has collective '" + id + "'");
      }
      s.collectives[p.id].dissolved = true;
      for (auto& [id, c] : s.citizens) c.collectives.erase(p.id);  // membership ends with the collective
      return OkStatus();
    }

    case RecordKind::kRegistrarAccredit: {
      VECHE_ASSIGN_OR_RETURN(RegistrarAccreditPayload p, DecodePayload<RegistrarAccreditPayload>(r.payload));
      VECHE_RETURN_IF_ERROR(RequireAuthority(s, author));
      VECHE_RETURN_IF_ERROR(CheckKey(p.key, "registrar key"));
      VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.territory, "the registrar's"));
      VECHE_RETURN_IF_ERROR(KeyIsUnused(s, p.key));
      s.registrars[p.key] = Registrar{p.territory, true};
      return OkStatus();
    }
    case RecordKind::kRegistrarRevoke: {
      VECHE_ASSIGN_OR_RETURN(RegistrarRevokePayload p, DecodePayload<RegistrarRevokePayload>(r.payload));
      VECHE_RETURN_IF_ERROR(RequireAuthority(s, author));
      auto it = s.registrars.find(p.key);
      if (it == s.registrars.end() || !it->second.active) return Conflict("no active registrar has that key");
      it->second.active = false;
      return OkStatus();
    }

    case RecordKind::kCitizenEnrol: {
      VECHE_ASSIGN_OR_RETURN(CitizenEnrolPayload p, DecodePayload<CitizenEnrolPayload>(r.payload));
      VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.residence, "residence"));
      VECHE_RETURN_IF_ERROR(RequireRegistrarFor(s, author, p.residence));
      if (s.citizens.count(p.id)) return Conflict("citizen '" + p.id + "' is already enrolled");
      VECHE_RETURN_IF_ERROR(CheckKey(p.enrolment_key, "enrolment key"));
      Citizen c;
      c.residence = p.residence;
      c.majority_date = p.majority_date;
      c.consultative_date = p.consultative_date;
      c.personal_data = p.personal_data;
      c.enrolment_key = p.enrolment_key;
      s.AddResident(c);
      s.citizens[p.id] = std::move(c);
      return OkStatus();
    }
    case RecordKind::kCitizenBind: {
      VECHE_ASSIGN_OR_RETURN(CitizenBindPayload p, DecodePayload<CitizenBindPayload>(r.payload));
      VECHE_ASSIGN_OR_RETURN(Citizen * c, LiveCitizen(s, p.id));
      if (!c->enrolment_pending) return Conflict("citizen '" + p.id + "' has no unused enrolment code");
      if (author == c->enrolment_key) {
        return Conflict(
            "the enrolment code's own key cannot become the citizen's key: whoever knows the code would hold it");
      }
      VECHE_RETURN_IF_ERROR(VerifyWith(c->enrolment_key, BindMessage(p.id, c->enrolment_key, author),
                                       p.enrolment_signature, "the enrolment code's signature"));
      VECHE_RETURN_IF_ERROR(KeyIsUnused(s, author));
      c->key = author;
      c->enrolment_pending = false;
      s.citizen_by_key[author] = p.id;
      return OkStatus();
    }
    case RecordKind::kCitizenRotateKey: {
      VECHE_ASSIGN_OR_RETURN(CitizenRotateKeyPayload p, DecodePayload<CitizenRotateKeyPayload>(r.payload));
      VECHE_ASSIGN_OR_RETURN(Citizen * c, LiveCitizen(s, p.id));
      VECHE_RETURN_IF_ERROR(RequireCitizenKey(*c, p.id, author));
      VECHE_RETURN_IF_ERROR(VerifyWith(p.new_key, RotateMessage(p.id, p.new_key), p.new_key_signature,
                                       "the new key's proof of possession"));
      VECHE_RETURN_IF_ERROR(KeyIsUnused(s, p.new_key));
      s.citizen_by_key.erase(author);
      c->key = p.new_key;
      s.citizen_by_key[p.new_key] = p.id;
      return OkStatus();
    }
    case RecordKind::kCitizenRecover: {
      VECHE_ASSIGN_OR_RETURN(CitizenRecoverPayload p, DecodePayload<CitizenRecoverPayload>(r.payload));
      VECHE_ASSIGN_OR_RETURN(Citizen * c, LiveCitizen(s, p.id));
      VECHE_RETURN_IF_ERROR(RequireRegistrarFor(s, author, c->residence));
      VECHE_RETURN_IF_ERROR(CheckKey(p.enrolment_key, "enrolment key"));
      if (p.enrolment_key == c->enrolment_key) return Conflict("recovery needs a new enrolment code, not the old one");
      if (c->key) s.citizen_by_key.erase(*c->key);
      c->key.reset();
      c->enrolment_key = p.enrolment_key;
      c->enrolment_pending = true;
      return OkStatus();
    }
    case RecordKind::kCitizenMove: {
      VECHE_ASSIGN_OR_RETURN(CitizenMovePayload p, DecodePayload<CitizenMovePayload>(r.payload));
      VECHE_ASSIGN_OR_RETURN(Citizen * c, LiveCitizen(s, p.id));
      VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.residence, "destination"));
      // The registrar must cover both ends: no registrar can pull citizens in from outside its
      // territory (a move between regions needs a registrar of a territory containing both).
      VECHE_RETURN_IF_ERROR(RequireRegistrarFor(s, author, c->residence));
      VECHE_RETURN_IF_ERROR(RequireRegistrarFor(s, author, p.residence));
      if (c->residence == p.residence) return Conflict("citizen '" + p.id + "' already lives in '" + p.residence + "'");
      s.RemoveResident(*c);
      c->residence = p.residence;
      s.AddResident(*c);
      return OkStatus();
    }
    case RecordKind::kCitizenJoinCollective:
    case RecordKind::kCitizenLeaveCollective: {
      VECHE_ASSIGN_OR_RETURN(CitizenCollectivePayload p, DecodePayload<CitizenCollectivePayload>(r.payload));
      VECHE_ASSIGN_OR_RETURN(Citizen * c, LiveCitizen(s, p.id));
      VECHE_RETURN_IF_ERROR(RequireCitizenKey(*c, p.id, author));
      if (r.kind == RecordKind::kCitizenJoinCollective) {
        VECHE_RETURN_IF_ERROR(LiveCollective(s, p.collective));
        if (!c->collectives.insert(p.collective).second) return Conflict("already a member of '" + p.collective + "'");
      } else if (c->collectives.erase(p.collective) == 0) {
        return Conflict("not a member of '" + p.collective + "'");
      }
      return OkStatus();
    }
    case RecordKind::kCitizenRemove: {
      VECHE_ASSIGN_OR_RETURN(CitizenRemovePayload p, DecodePayload<CitizenRemovePayload>(r.payload));
      VECHE_ASSIGN_OR_RETURN(Citizen * c, LiveCitizen(s, p.id));
      VECHE_RETURN_IF_ERROR(RequireRegistrarFor(s, author, c->residence));
      if (c->key) s.citizen_by_key.erase(*c->key);
      c->key.reset();
      c->enrolment_pending = false;
      c->collectives.clear();
      s.RemoveResident(*c);
      c->removed = p.reason;
      return OkStatus();
    }

    case RecordKind::kText:
    case RecordKind::kMeasureTable:
    case RecordKind::kInitiativeFile:
    case RecordKind::kInitiativeSign:
    case RecordKind::kInitiativeWithdraw:
    case RecordKind::kSessionPetition:
    case RecordKind::kSessionOpen:
    case RecordKind::kSessionClose:
    case RecordKind::kVote:
    case RecordKind::kMeasureResult: return ApplyLegislation(s, r, author);
    case RecordKind::kElectionDefine:
    case RecordKind::kTrusteeCommit:
    case RecordKind::kTrusteeReveal:
    case RecordKind::kTrusteeComplaint:
    case RecordKind::kElectionOpen:
    case RecordKind::kBallot:
    case RecordKind::kElectionClose:
    case RecordKind::kDecryptionShare:
    case RecordKind::kElectionResult: return ApplyElection(s, r, author, pre.ballot ? &*pre.ballot : nullptr);
  }
  return InvalidArgumentError("unknown record kind");
}

}  // namespace

Status Apply(State& state, const Record& record) {
  return Apply(state, record, Prechecked{});
}

Status Apply(State& state, const Record& record, const Prechecked& prechecked) {
  RecordId id = record.Id();
  if (state.applied.count(id)) return AlreadyExistsError("this record was already applied");
  // Every handler validates completely before its first change, so a failure leaves state as it was.
  Status s = ApplyBody(state, record, prechecked);
  if (!s.ok()) return s.WithContext(std::string(RecordKindName(record.kind)));
  state.applied.emplace(id, state.records);
  ++state.records;
  return OkStatus();
}

AheadSnapshot ChecksAheadSnapshot(const State& state) {
  return AheadSnapshot{OpenElectionFacts(state)};
}

Prechecked CheckAhead(const AheadSnapshot& snapshot, const Record& record) {
  return Prechecked{CheckBallotAhead(snapshot.open_elections, record)};
}

Result<Record> DecodeEntry(ByteView entry) {
  VECHE_ASSIGN_OR_RETURN(LogEntry e, DecodeLogEntry(entry));
  return DecodeRecord(e.record);
}

Status ApplyEntry(State& state, ByteView entry) {
  VECHE_ASSIGN_OR_RETURN(Record r, DecodeEntry(entry));
  return Apply(state, r);
}

Result<State> Replay(const std::vector<Bytes>& entries) {
  State state;
  for (size_t i = 0; i < entries.size(); ++i) {
    Status s = ApplyEntry(state, entries[i]);
    if (!s.ok()) return s.WithContext("log entry " + std::to_string(i));
  }
  return state;
}

}  // namespace veche::core
