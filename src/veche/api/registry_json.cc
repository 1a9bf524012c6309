// SPDX-License-Identifier: AGPL-3.0-or-later
// The writers of territories, collectives and citizens (registry_json.h).
#include "veche/api/registry_json.h"

#include <nlohmann/json.hpp>

namespace veche::api {

using nlohmann::json;

void TerritoryFields(const std::string& id, const core::Territory& t, FieldSink& out) {
  out.Text("id", id);
  out.Text("parent", t.parent);
  out.Text("kind", core::TerritoryKindName(t.kind));
  out.Text("name", t.name);
  out.Flag("dissolved", t.dissolved);
}

void CollectiveFields(const std::string& id, const core::Collective& c, FieldSink& out) {
  out.Text("id", id);
  out.Text("parent", c.parent);
  out.Text("territory", c.territory);
  out.Text("name", c.name);
  out.Flag("dissolved", c.dissolved);
}

void CitizenFields(const std::string& id, const core::Citizen& c, FieldSink& out) {
  out.Text("id", id);
  out.Text("residence", c.residence);
  out.Flag("bound", c.key.has_value());
  out.Flag("removed", c.removed.has_value());
}

json TerritoryItemJson(const std::string& id, const core::Territory& t) {
  json j = json::object();
  JsonFields out(j);
  TerritoryFields(id, t, out);
  return j;
}

json TerritoryJson(const core::State& s, const std::string& id, const core::Territory& t) {
  json j = TerritoryItemJson(id, t);
  json charter = json::object();
  for (const auto& [name, value] : core::CharterFields(t.charter)) charter[name] = value;
  j["charter"] = charter;
  if (auto a = s.assemblies.find(id); a != s.assemblies.end()) {
    j["assembly"] = {{"sessions", a->second.sessions},
                     {"open_session", a->second.open_session},
                     {"pending", a->second.pending},
                     {"petitions", a->second.petitions.size()},
                     {"budget", a->second.budget}};
  }
  return j;
}

json CollectiveItemJson(const std::string& id, const core::Collective& c) {
  json j = json::object();
  JsonFields out(j);
  CollectiveFields(id, c, out);
  return j;
}

json CollectiveJson(const core::State& s, const std::string& id, const core::Collective& c) {
  json j = CollectiveItemJson(id, c);
  auto members = s.members_of.find(id);
  j["members"] = members == s.members_of.end() ? json::array() : json(members->second);
  j["requests"] = c.requests;
  return j;
}

json CitizenItemJson(const std::string& id, const core::Citizen& c) {
  json j = json::object();
  JsonFields out(j);
  CitizenFields(id, c, out);
  return j;
}

}  // namespace veche::api
