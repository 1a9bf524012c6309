// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/sortition/pool.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "veche/choice/sortition/test_pools.h"

namespace veche::choice::sortition {

TEST_CASE("a Sortition Foundation pool reads into features, people and types") {
  auto pool = testing::ExamplePool("sa_example1");
  REQUIRE(pool.ok());
  CHECK(pool->panel_size == 2);
  REQUIRE(pool->features.size() == 2);
  CHECK(pool->features[0].name == "age");
  CHECK(pool->features[0].values == std::vector<std::string>{"child", "adult"});
  CHECK(pool->people.size() == 5);
  TypedPool typed = Aggregate(*pool);
  // louie and dewey are both child ducktales: one type of two.
  CHECK(typed.types.size() == 4);
  int louie = typed.TypeOf(2), dewey = typed.TypeOf(3);
  CHECK(louie == dewey);
  CHECK(typed.types[static_cast<std::size_t>(louie)].size() == 2);
  CHECK(typed.quota_names ==
        std::vector<std::string>{"age=child", "age=adult", "franchise=simpsons", "franchise=ducktales"});
  // With the household rule, lisa and scrooge share home 1, louie and dewey home 2: types keep
  // their household, and each household is a row over its types.
  auto houses = testing::ExamplePool("sa_example1", true);
  REQUIRE(houses.ok());
  TypedPool typed_houses = Aggregate(*houses);
  CHECK(typed_houses.types.size() == 4);
  REQUIRE(typed_houses.households.size() == 2);
  CHECK(typed_houses
            .households[static_cast<std::size_t>(
                typed_houses.types[static_cast<std::size_t>(typed_houses.TypeOf(0))].household)]
            .size() == 2);
}

TEST_CASE("a pool's errors name the file, the row and the problem") {
  std::string features = "feature,value,min,max\nage,young,0,2\nage,old,0,2\n";
  std::string people = "id,age\na,young\nb,old\n";
  CHECK(ReadPool(features, people, 2).ok());
  auto error = [&](const std::string& f, const std::string& p, int k) {
    auto r = ReadPool(f, p, k);
    REQUIRE_FALSE(r.ok());
    return r.error().message();
  };
  CHECK(error(features, "id,age\na,young\nb,middle\n", 2) ==
        "people.csv row 3: age='middle' is not a value in features.csv");
  CHECK(error(features, "id,age\na,young\na,old\n", 2) == "people.csv: id 'a' appears twice");
  CHECK(error(features, "name,age\na,young\n", 1) == "people.csv has no column 'id'");
  CHECK(error(features, "id,sex\na,f\n", 1) == "people.csv has no column 'age'");
  CHECK(error("feature,value,min,max\nage,young,3,2\n", "id,age\na,young\n", 1) == "age=young: min 3 is above max 2");
  CHECK(error("feature,value,min,max\nage,young,x,2\n", "id,age\na,young\n", 1) ==
        "features.csv row 2 min: 'x' is not a whole number from 0 to 10^9");
  CHECK(error("feature,value\nage,young\n", "id,age\na,young\n", 1) ==
        "features.csv: the header must name feature, value, min and max");
  CHECK(error(features, people, 3) == "a panel of 3 cannot be drawn from 2 people");
  CHECK(error(features, people, 0) == "the panel size must be at least 1");
  CHECK(error("feature,value,min,max\nage,young,0,2\nage,young,0,1\n", people, 1) ==
        "features.csv row 3: age=young is listed twice");
  CHECK(ReadPool(features, people, 2, {"home"}).error().message() == "people.csv has no column 'home'");
  CHECK(ReadPool(features, "id,age\na,\"young\n", 1).error().message().find("people.csv") == 0);
}

TEST_CASE("CheckPanel refuses panels that break a quota, a type's size or a household") {
  auto pool = testing::ExamplePool("sa_example1", true);
  REQUIRE(pool.ok());
  TypedPool typed = Aggregate(*pool);
  int lisa = typed.TypeOf(0), marge = typed.TypeOf(1), louie = typed.TypeOf(2), scrooge = typed.TypeOf(4);
  auto panel = [](std::vector<std::pair<int, int>> c) {
    std::sort(c.begin(), c.end());
    return Panel{c};
  };
  CHECK(CheckPanel(typed, panel({{lisa, 1}, {louie, 1}})).ok() == false);  // no adult
  CHECK(CheckPanel(typed, panel({{marge, 1}, {louie, 1}})).ok());
  CHECK_FALSE(CheckPanel(typed, panel({{lisa, 1}, {scrooge, 1}})).ok());   // one household (home 1)
  CHECK(CheckPanel(typed, panel({{lisa, 1}, {marge, 1}})).ok() == false);  // two simpsons... and no duck
  CHECK_FALSE(CheckPanel(typed, panel({{louie, 2}})).ok());                // louie and dewey: one home
  CHECK_FALSE(CheckPanel(typed, panel({{marge, 2}})).ok());                // more of a type than it has
  CHECK_FALSE(CheckPanel(typed, panel({{marge, 1}})).ok());                // one seat short
  CHECK_FALSE(CheckPanel(typed, panel({{99, 2}})).ok());
}

}  // namespace veche::choice::sortition
