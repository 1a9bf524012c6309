// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/export_routes.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "veche/base/text_codec.h"

namespace veche::api {
namespace {

enum class Type { kString, kNumber, kBool };
struct Column {
  const char* name;
  Type type;
};
using Row = std::vector<std::string>;  // values as text; numbers and bools in their JSON spelling

// Produces the next rows of a table (at most `limit`); an empty result means the end. Called
// repeatedly on one stream, so it may keep its own cursor.
using RowSource = std::function<std::vector<Row>(const node::Node& node, size_t limit)>;

struct Table {
  const char* name;
  std::vector<Column> columns;
  std::function<RowSource()> open;  // a fresh source for each export
};

std::string Bool(bool b) {
  return b ? "true" : "false";
}

// Rows of a std::map of the state keyed by id, read page by page after the last key seen.
template <typename Map, typename Select, typename Emit>
RowSource MapRows(Select select, Emit emit) {
  auto after = std::make_shared<std::optional<std::string>>();
  return [=](const node::Node& node, size_t limit) {
    return node.ReadState([&](const core::State& s) {
      const Map& map = select(s);
      auto it = *after ? map.upper_bound(**after) : map.begin();
      std::vector<Row> rows;
      for (; it != map.end() && rows.size() < limit; ++it) emit(it->first, it->second, rows);
      if (!rows.empty()) *after = std::prev(it)->first;
      return rows;
    });
  };
}

// Rows keyed by (parent id, member id): the members of each parent, parent by parent, in the order
// `members` yields them (the state keeps them ordered). Only one parent's members are held at a
// time (a roll call, say).
template <typename Members>
RowSource NestedRows(Members members) {
  struct Cursor {
    std::optional<std::string> parent;
    std::vector<Row> buffered;
    size_t at = 0;
  };
  auto cursor = std::make_shared<Cursor>();
  return [=](const node::Node& node, size_t limit) {
    while (cursor->at == cursor->buffered.size()) {
      cursor->buffered.clear();
      cursor->at = 0;
      bool more = node.ReadState([&](const core::State& s) { return members(s, cursor->parent, cursor->buffered); });
      if (!more) return std::vector<Row>{};
    }
    size_t n = std::min(limit, cursor->buffered.size() - cursor->at);
    std::vector<Row> rows(cursor->buffered.begin() + static_cast<std::ptrdiff_t>(cursor->at),
                          cursor->buffered.begin() + static_cast<std::ptrdiff_t>(cursor->at + n));
    cursor->at += n;
    return rows;
  };
}

// Fills `out` with the rows of the first key of `map` after `*parent` (then moves *parent to it);
// false at the end of the map.
template <typename Map, typename Emit>
bool NextParent(const Map& map, std::optional<std::string>& parent, std::vector<Row>& out, Emit emit) {
  auto it = parent ? map.upper_bound(*parent) : map.begin();
  if (it == map.end()) return false;
  parent = it->first;
  emit(it->first, it->second, out);
  return true;
}

std::vector<Table> Tables() {
  constexpr Type S = Type::kString;
  return {
      {"territories",
       {{"id", S}, {"parent", S}, {"kind", S}, {"name", S}, {"dissolved", Type::kBool}},
       [] {
         return MapRows<decltype(core::State::territories)>(
             [](const core::State& s) -> const auto& { return s.territories; },
             [](const std::string& id, const core::Territory& t, std::vector<Row>& rows) {
               rows.push_back({id, t.parent, core::TerritoryKindName(t.kind), t.name, Bool(t.dissolved)});
             });
       }},
      {"collectives",
       {{"id", S}, {"parent", S}, {"territory", S}, {"name", S}, {"dissolved", Type::kBool}},
       [] {
         return MapRows<decltype(core::State::collectives)>(
             [](const core::State& s) -> const auto& { return s.collectives; },
             [](const std::string& id, const core::Collective& c, std::vector<Row>& rows) {
               rows.push_back({id, c.parent, c.territory, c.name, Bool(c.dissolved)});
             });
       }},
      {"citizens",
       {{"id", S}, {"residence", S}, {"bound", Type::kBool}, {"removed", Type::kBool}},
       [] {
         return MapRows<decltype(core::State::citizens)>(
             [](const core::State& s) -> const auto& { return s.citizens; },
             [](const std::string& id, const core::Citizen& c, std::vector<Row>& rows) {
               rows.push_back({id, c.residence, Bool(c.key.has_value()), Bool(c.removed.has_value())});
             });
       }},
      {"measures",
       {{"id", S},
        {"kind", S},
        {"territory", S},
        {"title", S},
        {"status", S},
        {"session", Type::kNumber},
        {"outcome", S},
        {"electorate", Type::kNumber},
        {"yes", Type::kNumber},
        {"no", Type::kNumber},
        {"abstain", Type::kNumber}},
       [] {
         return MapRows<decltype(core::State::measures)>(
             [](const core::State& s) -> const auto& { return s.measures; },
             [](const std::string& id, const core::Measure& m, std::vector<Row>& rows) {
               const auto& r = m.result;
               rows.push_back({id, core::MeasureKindName(m.spec.kind), m.spec.territory, m.spec.title,
                               core::MeasureStatusName(m.status), std::to_string(m.session),
                               r ? choice::OutcomeName(r->decision.outcome) : "", std::to_string(r ? r->electorate : 0),
                               std::to_string(m.binding.yes), std::to_string(m.binding.no),
                               std::to_string(m.binding.abstain)});
             });
       }},
      {"votes",
       {{"measure", S}, {"citizen", S}, {"vote", S}},
       [] {
         return NestedRows([](const core::State& s, std::optional<std::string>& parent, std::vector<Row>& out) {
           return NextParent(s.measures, parent, out,
                             [](const std::string& id, const core::Measure& m, std::vector<Row>& rows) {
                               rows.reserve(m.votes.size());
                               for (const auto& [citizen, choice] : m.votes) {
                                 rows.push_back({id, citizen, core::VoteChoiceName(choice)});
                               }
                             });
         });
       }},
      {"initiatives",
       {{"id", S},
        {"kind", S},
        {"territory", S},
        {"title", S},
        {"filer", S},
        {"signatures", Type::kNumber},
        {"threshold", Type::kNumber},
        {"qualified", Type::kBool}},
       [] {
         return MapRows<decltype(core::State::initiatives)>(
             [](const core::State& s) -> const auto& { return s.initiatives; },
             [](const std::string& id, const core::Initiative& i, std::vector<Row>& rows) {
               rows.push_back({id, core::MeasureKindName(i.spec.kind), i.spec.territory, i.spec.title, i.filer,
                               std::to_string(i.signatures.size()), std::to_string(i.threshold), Bool(i.qualified)});
             });
       }},
      {"signatures",
       {{"initiative", S}, {"citizen", S}},
       [] {
         return NestedRows([](const core::State& s, std::optional<std::string>& parent, std::vector<Row>& out) {
           return NextParent(s.initiatives, parent, out,
                             [](const std::string& id, const core::Initiative& i, std::vector<Row>& rows) {
                               for (const std::string& citizen : i.signatures) rows.push_back({id, citizen});
                             });
         });
       }},
      {"laws",
       {{"id", S}, {"territory", S}, {"title", S}, {"versions", Type::kNumber}, {"text", S}},
       [] {
         return MapRows<decltype(core::State::laws)>(
             [](const core::State& s) -> const auto& { return s.laws; },
             [](const std::string& id, const core::Law& l, std::vector<Row>& rows) {
               rows.push_back({id, l.territory, l.title, std::to_string(l.versions.size()),
                               l.versions.empty() ? "" : HexEncode(l.versions.back().text)});
             });
       }},
      {"law_versions",
       {{"law", S}, {"version", Type::kNumber}, {"measure", S}, {"adopted_at", Type::kNumber}, {"text", S}},
       [] {
         return NestedRows([](const core::State& s, std::optional<std::string>& parent, std::vector<Row>& out) {
           return NextParent(
               s.laws, parent, out, [](const std::string& id, const core::Law& l, std::vector<Row>& rows) {
                 for (size_t v = 0; v < l.versions.size(); ++v) {
                   rows.push_back({id, std::to_string(v + 1), l.versions[v].measure,
                                   std::to_string(l.versions[v].adopted_at), HexEncode(l.versions[v].text)});
                 }
               });
         });
       }},
  };
}

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string JsonValue(const Column& column, const std::string& value) {
  if (column.type == Type::kString)
    return nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return value;  // numbers and booleans are already in their JSON spelling
}

constexpr size_t kRowsPerPage = 2000;

http::Response Export(const node::Node& node, const Table& table, bool csv) {
  http::Response r;
  r.SetHeader("Content-Type", csv ? "text/csv; charset=utf-8" : "application/json");
  r.SetHeader("Content-Disposition", std::string("inline; filename=\"") + table.name + (csv ? ".csv\"" : ".json\""));
  r.SetHeader("X-Veche-Records", std::to_string(node.ReadState([](const core::State& s) { return s.records; })));
  r.SetHeader("Cache-Control", "no-cache");
  auto source = std::make_shared<RowSource>(table.open());
  auto started = std::make_shared<bool>(false);
  auto first_row = std::make_shared<bool>(true);
  r.stream = [&node, &table, csv, source, started, first_row](std::string& chunk) {
    if (!*started) {
      *started = true;
      if (csv) {
        for (size_t i = 0; i < table.columns.size(); ++i) chunk += (i ? "," : "") + std::string(table.columns[i].name);
        chunk += "\r\n";
      } else {
        chunk += "[";
      }
      return true;
    }
    std::vector<Row> rows = (*source)(node, kRowsPerPage);
    for (const Row& row : rows) {
      if (csv) {
        for (size_t i = 0; i < row.size(); ++i) chunk += (i ? "," : "") + CsvField(row[i]);
        chunk += "\r\n";
      } else {
        chunk += *first_row ? "\n{" : ",\n{";
        *first_row = false;
        for (size_t i = 0; i < row.size(); ++i) {
          chunk +=
              (i ? ",\"" : "\"") + std::string(table.columns[i].name) + "\":" + JsonValue(table.columns[i], row[i]);
        }
        chunk += "}";
      }
    }
    if (!rows.empty()) return true;
    if (!csv) chunk += "\n]\n";
    return false;
  };
  return r;
}

}  // namespace

void AddExportRoutes(http::Router& router, node::Node& node) {
  static const std::vector<Table> tables = Tables();
  router.Get("/export", [](const http::Request&) {
    nlohmann::json list = nlohmann::json::array();
    for (const Table& t : tables) {
      nlohmann::json columns = nlohmann::json::array();
      for (const Column& c : t.columns) columns.push_back(c.name);
      list.push_back({{"name", t.name},
                      {"columns", columns},
                      {"csv", std::string("/export/") + t.name + ".csv"},
                      {"json", std::string("/export/") + t.name + ".json"}});
    }
    return http::Response::Json(200, nlohmann::json{{"tables", list}}.dump() + "\n");
  });
  router.Get("/export/{file}", [&node](const http::Request& req) {
    std::string_view file = req.PathParam("file");
    for (const Table& t : tables) {
      for (bool csv : {true, false}) {
        if (file == std::string(t.name) + (csv ? ".csv" : ".json")) return Export(node, t, csv);
      }
    }
    return http::Response::Error(404, "not_found",
                                 "no such export; GET /export lists the tables (each as .csv and .json)");
  });
}

}  // namespace veche::api
