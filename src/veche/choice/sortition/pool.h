// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// A pool of volunteers for a citizens' panel and the quotas the panel must meet, read from the
// Sortition Foundation's CSV layout (docs/formats/sortition.md): `features.csv` with
// `feature,value,min,max[,min_flex,max_flex]` and `people.csv` with `id` and one column per
// feature (and, for the household rule, the columns that together name an address).
//
// Volunteers with the same feature values (and not sharing a household with anyone) are
// interchangeable: every fair rule gives them the same probability, so the algorithms work on
// types — each with its members and their count — which is what makes large pools tractable.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "veche/base/result.h"

namespace veche::choice::sortition {

// How many panel seats may hold a feature value: [min, max]; a relaxation (when the quotas cannot
// be met) may go down to min_flex and up to max_flex, never further.
struct Quota {
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::int64_t min_flex = 0;
  std::int64_t max_flex = 0;
};

struct Feature {
  std::string name;
  std::vector<std::string> values;  // in the order of features.csv
  std::vector<Quota> quotas;        // one per value
};

struct Person {
  std::string id;
  std::vector<int> values;  // per feature: the index of the person's value
  std::string household;    // the joined household columns; empty without the household rule
};

struct Pool {
  std::vector<Feature> features;
  std::vector<Person> people;
  int panel_size = 0;
  bool households = false;  // at most one member of each household on a panel
};

struct PoolLimits {
  std::size_t max_people = 200000;
  std::size_t max_features = 64;
  std::size_t max_values = 1000;  // per feature
};

// Reads the two CSV texts. `household_columns` names the columns of people.csv that together form
// an address (empty: no household rule). Every error names the file, the line and the problem.
Result<Pool> ReadPool(std::string_view features_csv, std::string_view people_csv, int panel_size,
                      const std::vector<std::string>& household_columns = {}, PoolLimits limits = {});

// Checks what every algorithm assumes: feature values in range, quotas ordered, 1 <= K <= people.
Status ValidatePool(const Pool& pool);

// Interchangeable volunteers.
struct PersonType {
  std::vector<int> values;   // per feature
  std::vector<int> members;  // indices into Pool::people, by id
  int household = -1;        // index into TypedPool::households, or -1
  int size() const { return static_cast<int>(members.size()); }
};

// A pool by types, with the panel's constraints as rows over the types: every algorithm reads this.
struct TypedPool {
  int panel_size = 0;
  std::vector<PersonType> types;                 // ordered by values, then household: never by input order
  std::vector<Quota> quotas;                     // one per (feature, value), features in order
  std::vector<std::string> quota_names;          // "feature=value"
  std::vector<std::vector<int>> types_of_quota;  // the types that have each feature value
  std::vector<std::vector<int>> households;      // the types of each household of two or more
  int TypeOf(int person) const { return type_of_person[static_cast<std::size_t>(person)]; }
  std::vector<int> type_of_person;
};

// Contract: ValidatePool(pool) is OK.
TypedPool Aggregate(const Pool& pool);

// A panel by types: (type, count) pairs by type, counts summing to the panel size.
struct Panel {
  std::vector<std::pair<int, int>> counts;
  friend bool operator==(const Panel&, const Panel&) = default;
  friend bool operator<(const Panel& a, const Panel& b) { return a.counts < b.counts; }
};

// Whether `panel` meets the panel size, every quota, every type's size and the household rule.
Status CheckPanel(const TypedPool& pool, const Panel& panel);

}  // namespace veche::choice::sortition
