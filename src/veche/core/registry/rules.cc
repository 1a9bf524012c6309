// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/registry/rules.h"

#include <set>

#include "veche/core/offices/rules.h"

namespace veche::core {

using namespace rules;

Status RequireRegistrarFor(const State& s, const PublicKeyBytes& author, const std::string& territory) {
  auto it = s.registrars.find(author);
  if (it == s.registrars.end() || !it->second.active) return Denied("the author is not an active registrar");
  if (!s.InScope(it->second.territory, territory)) {
    return Denied("registrar of '" + it->second.territory + "' may not act for territory '" + territory + "'");
  }
  return OkStatus();
}

namespace {

// The territory of collective `id`, or the root if there is none (only a power over the whole
// union may then be named; the record is refused later as naming no collective).
const std::string& CollectiveTerritory(const State& s, const std::string& id) {
  auto it = s.collectives.find(id);
  return it == s.collectives.end() ? s.root : it->second.territory;
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

Status VerifyWith(const PublicKeyBytes& key_bytes, const Bytes& message, const SignatureBytes& sig,
                  std::string_view what) {
  Result<crypto::PublicKey> key = crypto::PublicKey::FromBytes(key_bytes);
  if (!key.ok()) return InvalidArgumentError(std::string(what) + ": " + key.error().message());
  if (!key->Verify(message, sig).ok()) return Denied(std::string(what) + " does not verify");
  return OkStatus();
}

}  // namespace

Status CheckKey(const PublicKeyBytes& key, std::string_view what) {
  Result<crypto::PublicKey> k = crypto::PublicKey::FromBytes(key);
  if (!k.ok()) return InvalidArgumentError(std::string(what) + ": " + k.error().message());
  return OkStatus();
}

Status KeyIsUnused(const State& s, const PublicKeyBytes& key) {
  if (s.citizen_by_key.count(key) || s.registrars.count(key) || s.authorities.count(key) ||
      s.training_bodies.count(key) || key == s.node_key) {
    return Conflict("that key is already in use");
  }
  return OkStatus();
}

Status LiveCollective(const State& s, const std::string& id) {
  auto it = s.collectives.find(id);
  if (it == s.collectives.end()) return Conflict("collective '" + id + "' does not exist");
  if (it->second.dissolved) return Conflict("collective '" + id + "' is dissolved");
  return OkStatus();
}

Status LiveTerritory(const State& s, const std::string& id, std::string_view role) {
  auto it = s.territories.find(id);
  if (it == s.territories.end()) return Conflict(std::string(role) + " territory '" + id + "' does not exist");
  if (it->second.dissolved) return Conflict(std::string(role) + " territory '" + id + "' is dissolved");
  return OkStatus();
}

Status ApplyGenesis(State& s, const PublicKeyBytes& author, const GenesisPayload& p) {
  if (p.node_key != author) return Denied("genesis must be signed by the node key it names");
  std::set<PublicKeyBytes> authorities(p.authorities.begin(), p.authorities.end());
  if (authorities.size() != p.authorities.size()) return InvalidArgumentError("genesis lists an authority twice");
  if (authorities.count(p.node_key)) return InvalidArgumentError("the node key cannot also be an authority");
  for (const auto& k : authorities) VECHE_RETURN_IF_ERROR(CheckKey(k, "authority key"));
  if (p.charter.authorities_retired) {
    return InvalidArgumentError("the genesis charter cannot retire the authorities genesis names");
  }
  s.has_genesis = true;
  s.node_key = p.node_key;
  s.authorities = std::move(authorities);
  s.root = p.root_id;
  s.territories[p.root_id] = Territory{"", p.root_kind, p.root_name, p.charter, false};
  return OkStatus();
}

Status ApplyGenesisAgain(State&, const Applying&) {
  return Conflict("the log already has a genesis record");
}

Status ApplyClock(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(ClockPayload p, DecodePayload<ClockPayload>(in.record.payload));
  if (in.author != s.node_key) return Denied("only the node key may advance the clock");
  if (p.time <= s.clock) return Conflict("the clock only moves forward");
  s.clock = p.time;
  return OkStatus();
}

Status ApplyTerritoryCreate(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(TerritoryCreatePayload p, DecodePayload<TerritoryCreatePayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kTerritories, p.parent));
  if (s.territories.count(p.id)) return Conflict("territory '" + p.id + "' already exists");
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.parent, "parent"));
  const Territory& parent = s.territories.at(p.parent);
  // union > republic > region > city > settlement: a territory lies inside a wider one.
  if (static_cast<int>(p.kind) <= static_cast<int>(parent.kind)) {
    return Conflict(std::string("a ") + TerritoryKindName(p.kind) + " cannot lie inside a " +
                    TerritoryKindName(parent.kind));
  }
  if (p.charter && p.charter->authorities_retired) {
    return InvalidArgumentError("only the root territory's charter retires the genesis authorities");
  }
  Charter charter = p.charter.value_or(parent.charter);
  charter.authorities_retired = false;  // the root's alone
  s.territories[p.id] = Territory{p.parent, p.kind, p.name, std::move(charter), false};
  return OkStatus();
}

Status ApplyTerritoryRename(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(RenamePayload p, DecodePayload<RenamePayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kTerritories, p.id));
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.id, "the"));
  s.territories[p.id].name = p.name;
  return OkStatus();
}

Status ApplyTerritoryDissolve(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(IdPayload p, DecodePayload<IdPayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kTerritories, p.id));
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.id, "the"));
  if (p.id == s.root) return Conflict("the root territory cannot be dissolved");
  for (const auto& [id, t] : s.territories) {
    if (t.parent == p.id && !t.dissolved) return Conflict("territory '" + p.id + "' still has territory '" + id + "'");
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

Status ApplyCollectiveCreate(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(CollectiveCreatePayload p, DecodePayload<CollectiveCreatePayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kCollectives, p.territory));
  if (s.collectives.count(p.id)) return Conflict("collective '" + p.id + "' already exists");
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.territory, "the collective's"));
  if (!p.parent.empty()) VECHE_RETURN_IF_ERROR(LiveCollective(s, p.parent));
  s.collectives[p.id] = Collective{p.parent, p.territory, p.kind, p.name, false, {}};
  return OkStatus();
}

Status ApplyCollectiveRename(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(RenamePayload p, DecodePayload<RenamePayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kCollectives, CollectiveTerritory(s, p.id)));
  VECHE_RETURN_IF_ERROR(LiveCollective(s, p.id));
  s.collectives[p.id].name = p.name;
  return OkStatus();
}

Status ApplyCollectiveDissolve(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(IdPayload p, DecodePayload<IdPayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kCollectives, CollectiveTerritory(s, p.id)));
  VECHE_RETURN_IF_ERROR(LiveCollective(s, p.id));
  for (const auto& [id, c] : s.collectives) {
    if (c.parent == p.id && !c.dissolved)
      return Conflict("collective '" + p.id + "' still has collective '" + id + "'");
  }
  s.collectives[p.id].dissolved = true;
  // Membership ends with the collective, and so do the requests to join it.
  s.collectives[p.id].requests.clear();
  if (auto members = s.members_of.find(p.id); members != s.members_of.end()) {
    for (const std::string& citizen : members->second) s.citizens.at(citizen).collectives.erase(p.id);
    s.members_of.erase(members);
  }
  return OkStatus();
}

Status ApplyRegistrarAccredit(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(RegistrarAccreditPayload p, DecodePayload<RegistrarAccreditPayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kRegistrars, p.territory));
  VECHE_RETURN_IF_ERROR(CheckKey(p.key, "registrar key"));
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.territory, "the registrar's"));
  VECHE_RETURN_IF_ERROR(KeyIsUnused(s, p.key));
  s.registrars[p.key] = Registrar{p.territory, true};
  return OkStatus();
}

Status ApplyRegistrarRevoke(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(RegistrarRevokePayload p, DecodePayload<RegistrarRevokePayload>(in.record.payload));
  auto it = s.registrars.find(p.key);
  VECHE_RETURN_IF_ERROR(
      RequirePower(s, in.author, Power::kRegistrars, it == s.registrars.end() ? s.root : it->second.territory));
  if (it == s.registrars.end() || !it->second.active) return Conflict("no active registrar has that key");
  it->second.active = false;
  return OkStatus();
}

Status ApplyCitizenEnrol(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(CitizenEnrolPayload p, DecodePayload<CitizenEnrolPayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.residence, "residence"));
  VECHE_RETURN_IF_ERROR(RequireRegistrarFor(s, in.author, p.residence));
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

Status ApplyCitizenBind(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(CitizenBindPayload p, DecodePayload<CitizenBindPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(Citizen * c, LiveCitizen(s, p.id));
  if (!c->enrolment_pending) return Conflict("citizen '" + p.id + "' has no unused enrolment code");
  if (in.author == c->enrolment_key) {
    return Conflict(
        "the enrolment code's own key cannot become the citizen's key: whoever knows the code would hold it");
  }
  VECHE_RETURN_IF_ERROR(VerifyWith(c->enrolment_key, BindMessage(p.id, c->enrolment_key, in.author),
                                   p.enrolment_signature, "the enrolment code's signature"));
  VECHE_RETURN_IF_ERROR(KeyIsUnused(s, in.author));
  c->key = in.author;
  c->enrolment_pending = false;
  s.citizen_by_key[in.author] = p.id;
  return OkStatus();
}

Status ApplyCitizenRotateKey(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(CitizenRotateKeyPayload p, DecodePayload<CitizenRotateKeyPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(Citizen * c, LiveCitizen(s, p.id));
  VECHE_RETURN_IF_ERROR(RequireCitizenKey(*c, p.id, in.author));
  VECHE_RETURN_IF_ERROR(
      VerifyWith(p.new_key, RotateMessage(p.id, p.new_key), p.new_key_signature, "the new key's proof of possession"));
  VECHE_RETURN_IF_ERROR(KeyIsUnused(s, p.new_key));
  s.citizen_by_key.erase(in.author);
  c->key = p.new_key;
  s.citizen_by_key[p.new_key] = p.id;
  return OkStatus();
}

Status ApplyCitizenRecover(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(CitizenRecoverPayload p, DecodePayload<CitizenRecoverPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(Citizen * c, LiveCitizen(s, p.id));
  VECHE_RETURN_IF_ERROR(RequireRegistrarFor(s, in.author, c->residence));
  VECHE_RETURN_IF_ERROR(CheckKey(p.enrolment_key, "enrolment key"));
  if (p.enrolment_key == c->enrolment_key) return Conflict("recovery needs a new enrolment code, not the old one");
  if (c->key) s.citizen_by_key.erase(*c->key);
  c->key.reset();
  c->enrolment_key = p.enrolment_key;
  c->enrolment_pending = true;
  return OkStatus();
}

Status ApplyCitizenMove(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(CitizenMovePayload p, DecodePayload<CitizenMovePayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(Citizen * c, LiveCitizen(s, p.id));
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.residence, "destination"));
  // The registrar must cover both ends: no registrar can pull citizens in from outside its
  // territory (a move between regions needs a registrar of a territory containing both).
  VECHE_RETURN_IF_ERROR(RequireRegistrarFor(s, in.author, c->residence));
  VECHE_RETURN_IF_ERROR(RequireRegistrarFor(s, in.author, p.residence));
  if (c->residence == p.residence) return Conflict("citizen '" + p.id + "' already lives in '" + p.residence + "'");
  s.RemoveResident(*c);
  c->residence = p.residence;
  s.AddResident(*c);
  return OkStatus();
}

Status ApplyCitizenMembership(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(CitizenCollectivePayload p, DecodePayload<CitizenCollectivePayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(Citizen * c, LiveCitizen(s, p.id));
  VECHE_RETURN_IF_ERROR(RequireCitizenKey(*c, p.id, in.author));
  if (in.record.kind == RecordKind::kCitizenJoinCollective) {
    // A request: membership takes effect when confirmed (membership_confirm).
    VECHE_RETURN_IF_ERROR(LiveCollective(s, p.collective));
    if (c->collectives.count(p.collective)) return Conflict("already a member of '" + p.collective + "'");
    if (!s.collectives.at(p.collective).requests.insert(p.id).second) {
      return Conflict("already asked to join '" + p.collective + "'");
    }
  } else if (auto it = s.collectives.find(p.collective);
             it != s.collectives.end() && it->second.requests.erase(p.id) > 0) {
    // A request withdrawn.
  } else if (c->collectives.erase(p.collective) == 0) {
    return Conflict("not a member of '" + p.collective + "'");
  } else {
    s.RemoveMember(p.collective, p.id);
  }
  return OkStatus();
}

Status ApplyCitizenRemove(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(CitizenRemovePayload p, DecodePayload<CitizenRemovePayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(Citizen * c, LiveCitizen(s, p.id));
  VECHE_RETURN_IF_ERROR(RequireRegistrarFor(s, in.author, c->residence));
  if (c->key) s.citizen_by_key.erase(*c->key);
  c->key.reset();
  c->enrolment_pending = false;
  for (const std::string& collective : c->collectives) s.RemoveMember(collective, p.id);
  c->collectives.clear();
  for (auto& [id, collective] : s.collectives) collective.requests.erase(p.id);
  EndTenuresOf(s, p.id);
  s.RemoveResident(*c);
  c->removed = p.reason;
  return OkStatus();
}

}  // namespace veche::core
