// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/export_routes.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <type_traits>
#include <utility>

#include "veche/api/field_sink.h"
#include "veche/api/legislation_json.h"
#include "veche/api/offices_json.h"
#include "veche/api/registry_json.h"
#include "veche/base/text_codec.h"
#include "veche/core/accountability/rules.h"

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

// Appends each field's value to a row, as text.
class RowFields final : public FieldSink {
 public:
  explicit RowFields(Row& row) : row_(row) {}
  void Text(const char* /*name*/, std::string_view value) override { row_.emplace_back(value); }
  void Flag(const char* /*name*/, bool value) override { row_.emplace_back(value ? "true" : "false"); }

 private:
  void Signed(const char* /*name*/, std::int64_t value) override { row_.push_back(std::to_string(value)); }
  void Unsigned(const char* /*name*/, std::uint64_t value) override { row_.push_back(std::to_string(value)); }
  Row& row_;
};

// Appends each field's name and kind to the columns of a table.
class ColumnFields final : public FieldSink {
 public:
  explicit ColumnFields(std::vector<Column>& columns) : columns_(columns) {}
  void Text(const char* name, std::string_view /*value*/) override { columns_.push_back({name, Type::kString}); }
  void Flag(const char* name, bool /*value*/) override { columns_.push_back({name, Type::kBool}); }

 private:
  void Signed(const char* name, std::int64_t /*value*/) override { columns_.push_back({name, Type::kNumber}); }
  void Unsigned(const char* name, std::uint64_t /*value*/) override { columns_.push_back({name, Type::kNumber}); }
  std::vector<Column>& columns_;
};

// The columns of a table: the fields a row writer writes for a sample row (every row writes the
// same fields, whatever their values).
template <typename WriteSample>
std::vector<Column> ColumnsOf(WriteSample write_sample) {
  std::vector<Column> columns;
  ColumnFields out(columns);
  write_sample(out);
  return columns;
}

// Rows of a std::map of the state in key order, read page by page after the last key seen; `write`
// writes the row of one entry.
template <auto kMap>
using MapOf = std::remove_cvref_t<decltype(std::declval<core::State>().*kMap)>;

template <auto kMap, typename Write>
RowSource MapRows(Write write) {
  auto after = std::make_shared<std::optional<typename MapOf<kMap>::key_type>>();
  return [=](const node::Node& node, size_t limit) {
    return node.ReadState([&](const core::State& s) {
      const auto& map = s.*kMap;
      auto it = *after ? map.upper_bound(**after) : map.begin();
      std::vector<Row> rows;
      for (; it != map.end() && rows.size() < limit; ++it) {
        RowFields out(rows.emplace_back());
        write(it->first, it->second, out);
      }
      if (!rows.empty()) *after = std::prev(it)->first;
      return rows;
    });
  };
}

// A table of one row per entry of a map of the state (kMap, a member of core::State), each written
// by `write(id, entity, out)`.
template <auto kMap, typename Write>
Table MapTable(const char* name, Write write) {
  using Entity = typename MapOf<kMap>::mapped_type;
  return {name, ColumnsOf([&](FieldSink& out) { write(typename MapOf<kMap>::key_type{}, Entity{}, out); }),
          [write] { return MapRows<kMap>(write); }};
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

// The rows of the tables, from the entities' field lists (registry_json.h, legislation_json.h)
// and, for the members of a parent, the parent's id (and a law version's number) first.

void MeasureRow(const std::string& id, const core::Measure& m, FieldSink& out) {
  MeasureFields(id, m, out);
  out.Text("outcome", m.result ? choice::OutcomeName(m.result->decision.outcome) : "");
  out.Number("electorate", m.result ? m.result->electorate : 0);
  CountFields(m.binding, out);
}

void InitiativeRow(const std::string& id, const core::Initiative& i, FieldSink& out) {
  InitiativeFields(id, i, /*with_filer=*/true, out);
}

void VoteRow(const std::string& measure, const std::string& citizen, core::VoteChoice choice, FieldSink& out) {
  out.Text("measure", measure);
  VoteFields(citizen, choice, out);
}

void SignatureRow(const std::string& initiative, const std::string& citizen, FieldSink& out) {
  out.Text("initiative", initiative);
  out.Text("citizen", citizen);
}

void LawVersionRow(const std::string& law, size_t number, const core::LawVersion& v, FieldSink& out) {
  out.Text("law", law);
  out.Number("version", number);
  LawVersionFields(v, out);
}

void PayrollRow(const std::pair<std::string, std::int64_t>& key, const core::Payroll& p, FieldSink& out) {
  out.Text("collective", key.first);
  out.Text("month", core::MonthName(key.second));
  out.Number("workers", p.workers);
  out.Number("total_pay", p.total_pay);
  out.Number("reported_at", p.at);
}

void OfficePayRow(const std::string& office, const core::OfficePay& p, FieldSink& out) {
  out.Text("office", office);
  out.Number("monthly", p.monthly);
  out.Number("set_at", p.set_at);
}

void SpendingRow(const std::string& office, const core::Spending& e, FieldSink& out) {
  out.Text("office", office);
  out.Text("budget", e.budget);
  out.Text("line", e.line);
  out.Number("amount", e.amount);
  out.Text("collective", e.collective);
  out.Text("description", HexEncode(e.description));
  out.Number("at", e.at);
}

RowSource SpendingRows() {
  return NestedRows([](const core::State& s, std::optional<std::string>& parent, std::vector<Row>& out) {
    return NextParent(s.ministries, parent, out,
                      [](const std::string& id, const core::Ministry& m, std::vector<Row>& rows) {
                        for (const core::Spending& e : m.spending) {
                          RowFields row(rows.emplace_back());
                          SpendingRow(id, e, row);
                        }
                      });
  });
}

RowSource VoteRows() {
  return NestedRows([](const core::State& s, std::optional<std::string>& parent, std::vector<Row>& out) {
    return NextParent(s.measures, parent, out,
                      [](const std::string& id, const core::Measure& m, std::vector<Row>& rows) {
                        rows.reserve(m.votes.size());
                        for (const auto& [citizen, cast] : m.votes) {
                          RowFields row(rows.emplace_back());
                          VoteRow(id, citizen, cast.choice, row);
                        }
                      });
  });
}

RowSource SignatureRows() {
  return NestedRows([](const core::State& s, std::optional<std::string>& parent, std::vector<Row>& out) {
    return NextParent(s.initiatives, parent, out,
                      [](const std::string& id, const core::Initiative& i, std::vector<Row>& rows) {
                        for (const std::string& citizen : i.signatures) {
                          RowFields row(rows.emplace_back());
                          SignatureRow(id, citizen, row);
                        }
                      });
  });
}

RowSource LawVersionRows() {
  return NestedRows([](const core::State& s, std::optional<std::string>& parent, std::vector<Row>& out) {
    return NextParent(s.laws, parent, out, [](const std::string& id, const core::Law& l, std::vector<Row>& rows) {
      for (size_t v = 0; v < l.versions.size(); ++v) {
        RowFields row(rows.emplace_back());
        LawVersionRow(id, v + 1, l.versions[v], row);
      }
    });
  });
}

RowSource TenureRows() {
  return NestedRows([](const core::State& s, std::optional<std::string>& parent, std::vector<Row>& out) {
    return NextParent(s.offices, parent, out, [](const std::string& id, const core::Office& o, std::vector<Row>& rows) {
      for (size_t t = 0; t < o.tenures.size(); ++t) {
        RowFields row(rows.emplace_back());
        TenureRow(id, t + 1, o.tenures[t], row);
      }
    });
  });
}

RowSource CandidacyRows() {
  return NestedRows([](const core::State& s, std::optional<std::string>& parent, std::vector<Row>& out) {
    return NextParent(s.contests, parent, out,
                      [](const std::string& id, const core::Contest& c, std::vector<Row>& rows) {
                        for (const core::Candidacy& k : c.candidates) {
                          RowFields row(rows.emplace_back());
                          CandidacyRow(id, k, row);
                        }
                      });
  });
}

std::vector<Table> Tables() {
  using core::State;
  return {
      MapTable<&State::territories>("territories", TerritoryFields),
      MapTable<&State::collectives>("collectives", CollectiveFields),
      MapTable<&State::citizens>("citizens", CitizenFields),
      MapTable<&State::measures>("measures", MeasureRow),
      {"votes", ColumnsOf([](FieldSink& out) { VoteRow({}, {}, core::VoteChoice::kYes, out); }), VoteRows},
      MapTable<&State::initiatives>("initiatives", InitiativeRow),
      {"signatures", ColumnsOf([](FieldSink& out) { SignatureRow({}, {}, out); }), SignatureRows},
      MapTable<&State::laws>("laws", LawFields),
      MapTable<&State::offices>("offices", OfficeFields),
      MapTable<&State::certificates>("certificates", CertificateFields),
      {"law_versions", ColumnsOf([](FieldSink& out) { LawVersionRow({}, 1, {}, out); }), LawVersionRows},
      {"tenures", ColumnsOf([](FieldSink& out) { TenureRow({}, 1, {}, out); }), TenureRows},
      MapTable<&State::contests>("contests", ContestFields),
      {"candidacies", ColumnsOf([](FieldSink& out) { CandidacyRow({}, {}, out); }), CandidacyRows},
      MapTable<&State::nominations>("nominations", NominationFields),
      MapTable<&State::meetings>("meetings", MeetingFields),
      MapTable<&State::payrolls>("payrolls", PayrollRow),
      MapTable<&State::office_pay>("office_pay", OfficePayRow),
      {"spending", ColumnsOf([](FieldSink& out) { SpendingRow({}, {}, out); }), SpendingRows},
  };
}

// A CSV cell. A text cell that a spreadsheet would read as a formula (one starting with = + - @,
// a tab or a CR, as OWASP's "CSV Injection" guidance lists) is prefixed with ' so that it shows as
// text; numbers (which may start with -) are written as they are.
std::string CsvField(const Column& column, const std::string& value) {
  const bool formula = column.type == Type::kString && !value.empty() &&
                       std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos;
  const std::string cell = formula ? "'" + value : value;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
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
        for (size_t i = 0; i < row.size(); ++i) chunk += (i ? "," : "") + CsvField(table.columns[i], row[i]);
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
