// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/route_helpers.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace veche::api {
namespace {

TEST_CASE("a filtered list looks at a bounded number of items per page, and paging still finds every match") {
  std::map<std::string, int> items;
  char key[16];
  for (int i = 0; i < 25'000; ++i) {
    std::snprintf(key, sizeof key, "k-%05d", i);
    items.emplace(key, i);
  }
  auto rare = [](int v) { return v == 24'999 || v == 3; };
  auto item = [](const std::string& k, int) { return nlohmann::json(k); };
  PageRequest page{"", 100};
  std::vector<std::string> found;
  int pages = 0;
  for (;; ++pages) {
    nlohmann::json out = ListPage(items, page, "items", rare, item);
    REQUIRE(out["items"].size() <= 100);
    for (const auto& k : out["items"]) found.push_back(k.get<std::string>());
    if (!out.contains("next_after")) break;
    page.after = out["next_after"].get<std::string>();
    REQUIRE(pages < 10);
  }
  CHECK(found == std::vector<std::string>{"k-00003", "k-24999"});
  CHECK(pages == 2);  // 25,000 items at 10,000 a page: three pages, the last without next_after
  // Unfiltered pages are full pages as before.
  nlohmann::json first = ListPage(items, PageRequest{"", 1000}, "items", KeepAll{}, item);
  CHECK(first["items"].size() == 1000);
  CHECK(first["next_after"] == "k-00999");
}

}  // namespace
}  // namespace veche::api
