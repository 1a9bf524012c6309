// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/sortition/pool.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <numeric>
#include <set>
#include <tuple>
#include <utility>

#include "veche/base/csv.h"

namespace veche::choice::sortition {
namespace {

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

Result<std::int64_t> Count(std::string_view text, const std::string& where) {
  std::string t = Trimmed(text);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || v < 0 || v > 1000000000) {
    return InvalidArgumentError(where + ": '" + t + "' is not a whole number from 0 to 10^9");
  }
  return v;
}

// features.csv: one row per (feature, value).
Result<std::vector<Feature>> ReadFeatures(std::string_view text, int panel_size, const PoolLimits& limits) {
  auto table = ParseCsvTable(text);
  if (!table.ok()) return table.error().WithContext("features.csv");
  int cf = table->Column("feature"), cv = table->Column("value"), cmin = table->Column("min"),
      cmax = table->Column("max"), cminf = table->Column("min_flex"), cmaxf = table->Column("max_flex");
  if (cf < 0 || cv < 0 || cmin < 0 || cmax < 0) {
    return InvalidArgumentError("features.csv: the header must name feature, value, min and max");
  }
  std::vector<Feature> features;
  std::map<std::string, std::size_t> index;
  for (std::size_t r = 0; r < table->rows.size(); ++r) {
    const CsvRecord& row = table->rows[r];
    std::string where = "features.csv row " + std::to_string(r + 2);
    std::string name = Trimmed(row[static_cast<std::size_t>(cf)]), value = Trimmed(row[static_cast<std::size_t>(cv)]);
    if (name.empty() || value.empty()) return InvalidArgumentError(where + ": an empty feature or value");
    Quota q;
    VECHE_ASSIGN_OR_RETURN(q.min, Count(row[static_cast<std::size_t>(cmin)], where + " min"));
    VECHE_ASSIGN_OR_RETURN(q.max, Count(row[static_cast<std::size_t>(cmax)], where + " max"));
    q.min_flex = 0;
    q.max_flex = std::max<std::int64_t>(panel_size, q.max);
    if (cminf >= 0) {
      VECHE_ASSIGN_OR_RETURN(q.min_flex, Count(row[static_cast<std::size_t>(cminf)], where + " min_flex"));
    }
    if (cmaxf >= 0) {
      VECHE_ASSIGN_OR_RETURN(q.max_flex, Count(row[static_cast<std::size_t>(cmaxf)], where + " max_flex"));
    }
    auto [it, fresh] = index.try_emplace(name, features.size());
    if (fresh) {
      if (features.size() == limits.max_features) return InvalidArgumentError(where + ": too many features");
      features.push_back(Feature{name, {}, {}});
    }
    Feature& f = features[it->second];
    if (std::find(f.values.begin(), f.values.end(), value) != f.values.end()) {
      return InvalidArgumentError(where + ": " + name + "=" + value + " is listed twice");
    }
    if (f.values.size() == limits.max_values) return InvalidArgumentError(where + ": too many values of " + name);
    f.values.push_back(value);
    f.quotas.push_back(q);
  }
  if (features.empty()) return InvalidArgumentError("features.csv names no feature");
  return features;
}

Result<std::vector<int>> Columns(const CsvTable& table, const std::vector<std::string>& names) {
  std::vector<int> columns;
  for (const std::string& name : names) {
    int c = table.Column(name);
    if (c < 0) return InvalidArgumentError("people.csv has no column '" + name + "'");
    columns.push_back(c);
  }
  return columns;
}

Result<Person> ReadPerson(const CsvRecord& row, std::size_t line, int id_column,
                          const std::vector<int>& feature_columns, const std::vector<int>& household_columns,
                          const std::vector<Feature>& features) {
  Person p;
  p.id = Trimmed(row[static_cast<std::size_t>(id_column)]);
  std::string where = "people.csv row " + std::to_string(line);
  if (p.id.empty()) return InvalidArgumentError(where + ": an empty id");
  for (std::size_t f = 0; f < features.size(); ++f) {
    std::string value = Trimmed(row[static_cast<std::size_t>(feature_columns[f])]);
    const auto& values = features[f].values;
    auto it = std::find(values.begin(), values.end(), value);
    if (it == values.end()) {
      return InvalidArgumentError(where + ": " + features[f].name + "='" + value + "' is not a value in features.csv");
    }
    p.values.push_back(static_cast<int>(it - values.begin()));
  }
  for (int c : household_columns) p.household += Trimmed(row[static_cast<std::size_t>(c)]) + '\x1f';
  return p;
}

}  // namespace

Result<Pool> ReadPool(std::string_view features_csv, std::string_view people_csv, int panel_size,
                      const std::vector<std::string>& household_columns, PoolLimits limits) {
  Pool pool;
  pool.panel_size = panel_size;
  pool.households = !household_columns.empty();
  VECHE_ASSIGN_OR_RETURN(pool.features, ReadFeatures(features_csv, panel_size, limits));
  auto table = ParseCsvTable(people_csv);
  if (!table.ok()) return table.error().WithContext("people.csv");
  if (table->rows.size() > limits.max_people) {
    return InvalidArgumentError("people.csv has " + std::to_string(table->rows.size()) + " people, over the limit of " +
                                std::to_string(limits.max_people));
  }
  int id_column = table->Column("id");
  if (id_column < 0) return InvalidArgumentError("people.csv has no column 'id'");
  std::vector<std::string> feature_names;
  for (const Feature& f : pool.features) feature_names.push_back(f.name);
  VECHE_ASSIGN_OR_RETURN(std::vector<int> feature_columns, Columns(*table, feature_names));
  VECHE_ASSIGN_OR_RETURN(std::vector<int> house_columns, Columns(*table, household_columns));
  std::set<std::string> ids;
  for (std::size_t r = 0; r < table->rows.size(); ++r) {
    VECHE_ASSIGN_OR_RETURN(Person p,
                           ReadPerson(table->rows[r], r + 2, id_column, feature_columns, house_columns, pool.features));
    if (!ids.insert(p.id).second) return InvalidArgumentError("people.csv: id '" + p.id + "' appears twice");
    pool.people.push_back(std::move(p));
  }
  VECHE_RETURN_IF_ERROR(ValidatePool(pool));
  return pool;
}

Status ValidatePool(const Pool& pool) {
  if (pool.panel_size < 1) return InvalidArgumentError("the panel size must be at least 1");
  if (static_cast<std::size_t>(pool.panel_size) > pool.people.size()) {
    return InvalidArgumentError("a panel of " + std::to_string(pool.panel_size) + " cannot be drawn from " +
                                std::to_string(pool.people.size()) + " people");
  }
  if (pool.features.empty()) return InvalidArgumentError("no feature to stratify by");
  for (const Feature& f : pool.features) {
    if (f.values.empty() || f.values.size() != f.quotas.size())
      return InvalidArgumentError("feature " + f.name + " has no values");
    for (std::size_t v = 0; v < f.values.size(); ++v) {
      const Quota& q = f.quotas[v];
      std::string name = f.name + "=" + f.values[v];
      if (q.min > q.max)
        return InvalidArgumentError(name + ": min " + std::to_string(q.min) + " is above max " + std::to_string(q.max));
      if (q.min_flex > q.min || q.max_flex < q.max) {
        return InvalidArgumentError(name + ": min_flex must be at most min, max_flex at least max");
      }
    }
  }
  for (const Person& p : pool.people) {
    if (p.values.size() != pool.features.size())
      return InvalidArgumentError("person " + p.id + " lacks a feature value");
    for (std::size_t f = 0; f < p.values.size(); ++f) {
      if (p.values[f] < 0 || static_cast<std::size_t>(p.values[f]) >= pool.features[f].values.size()) {
        return InvalidArgumentError("person " + p.id + " has a value out of range");
      }
    }
  }
  return OkStatus();
}

TypedPool Aggregate(const Pool& pool) {
  TypedPool typed;
  typed.panel_size = pool.panel_size;
  std::map<std::string, int> household_size;
  if (pool.households) {
    for (const Person& p : pool.people) ++household_size[p.household];
  }
  // A person sharing a household keeps the household in the type's key: the household row binds them.
  std::map<std::pair<std::vector<int>, std::string>, std::vector<int>> by_key;
  for (std::size_t i = 0; i < pool.people.size(); ++i) {
    const Person& p = pool.people[i];
    std::string house = pool.households && household_size[p.household] > 1 ? p.household : std::string();
    by_key[{p.values, house}].push_back(static_cast<int>(i));
  }
  std::map<std::string, int> household_index;
  typed.type_of_person.assign(pool.people.size(), -1);
  for (auto& [key, members] : by_key) {
    PersonType t;
    t.values = key.first;
    std::sort(members.begin(), members.end(), [&](int a, int b) {
      return pool.people[static_cast<std::size_t>(a)].id < pool.people[static_cast<std::size_t>(b)].id;
    });
    t.members = members;
    int index = static_cast<int>(typed.types.size());
    if (!key.second.empty()) {
      auto [it, fresh] = household_index.try_emplace(key.second, static_cast<int>(typed.households.size()));
      if (fresh) typed.households.emplace_back();
      t.household = it->second;
      typed.households[static_cast<std::size_t>(it->second)].push_back(index);
    }
    for (int m : members) typed.type_of_person[static_cast<std::size_t>(m)] = index;
    typed.types.push_back(std::move(t));
  }
  for (std::size_t f = 0; f < pool.features.size(); ++f) {
    for (std::size_t v = 0; v < pool.features[f].values.size(); ++v) {
      typed.quotas.push_back(pool.features[f].quotas[v]);
      typed.quota_names.push_back(pool.features[f].name + "=" + pool.features[f].values[v]);
      std::vector<int> with;
      for (std::size_t t = 0; t < typed.types.size(); ++t) {
        if (typed.types[t].values[f] == static_cast<int>(v)) with.push_back(static_cast<int>(t));
      }
      typed.types_of_quota.push_back(std::move(with));
    }
  }
  return typed;
}

Status CheckPanel(const TypedPool& pool, const Panel& panel) {
  std::vector<int> count(pool.types.size(), 0);
  std::int64_t seats = 0;
  for (auto [t, c] : panel.counts) {
    if (t < 0 || static_cast<std::size_t>(t) >= pool.types.size() || c < 1)
      return InvalidArgumentError("a panel names a bad type or count");
    if (c > pool.types[static_cast<std::size_t>(t)].size())
      return InvalidArgumentError("a panel takes more of a type than it has");
    count[static_cast<std::size_t>(t)] += c;
    seats += c;
  }
  if (seats != pool.panel_size)
    return InvalidArgumentError("a panel has " + std::to_string(seats) + " seats, not " +
                                std::to_string(pool.panel_size));
  for (std::size_t q = 0; q < pool.quotas.size(); ++q) {
    std::int64_t n = 0;
    for (int t : pool.types_of_quota[q]) n += count[static_cast<std::size_t>(t)];
    if (n < pool.quotas[q].min || n > pool.quotas[q].max)
      return InvalidArgumentError("a panel breaks the quota of " + pool.quota_names[q]);
  }
  for (const auto& house : pool.households) {
    int n = 0;
    for (int t : house) n += count[static_cast<std::size_t>(t)];
    if (n > 1) return InvalidArgumentError("a panel takes two members of one household");
  }
  return OkStatus();
}

}  // namespace veche::choice::sortition
