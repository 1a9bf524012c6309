// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/base/csv.h"

#include <doctest/doctest.h>

namespace veche {

TEST_CASE("CSV: quoted fields, doubled quotes, CRLF, blank lines and a missing last line end") {
  auto records = ParseCsv("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\n\"two\nlines\",\nlast,one");
  REQUIRE(records.ok());
  REQUIRE(records->size() == 4);
  CHECK((*records)[0] == CsvRecord{"a", "b"});
  CHECK((*records)[1] == CsvRecord{"x, y", "say \"hi\""});
  CHECK((*records)[2] == CsvRecord{"two\nlines", ""});
  CHECK((*records)[3] == CsvRecord{"last", "one"});
}

TEST_CASE("CSV: another delimiter, and a byte-order mark dropped") {
  auto records = ParseCsv("\xEF\xBB\xBFid;name\n1;\"a;b\"\n", ';');
  REQUIRE(records.ok());
  CHECK((*records)[0] == CsvRecord{"id", "name"});
  CHECK((*records)[1] == CsvRecord{"1", "a;b"});
}

TEST_CASE("CSV: malformed quoting is an error naming the line, never a guess") {
  auto stray = ParseCsv("a,b\nc\"d,e\n");
  REQUIRE_FALSE(stray.ok());
  CHECK(stray.error().message() == "CSV line 2: a quote inside an unquoted field");
  auto after = ParseCsv("\"a\"b,c\n");
  REQUIRE_FALSE(after.ok());
  CHECK(after.error().message().find("text after a closing quote") != std::string::npos);
  auto open = ParseCsv("x\n\"never closed\n");
  REQUIRE_FALSE(open.ok());
  CHECK(open.error().message().find("opened on line 2 is not closed") != std::string::npos);
  CHECK_FALSE(ParseCsv("a\rb\n").ok());
}

TEST_CASE("CSV: the limits on size and fields hold") {
  CHECK_FALSE(ParseCsv("a,b,c", ',', CsvLimits{.max_bytes = 4, .max_fields = 10}).ok());
  CHECK_FALSE(ParseCsv("a,b,c", ',', CsvLimits{.max_bytes = 100, .max_fields = 2}).ok());
  CHECK(ParseCsv("a,b", ',', CsvLimits{.max_bytes = 100, .max_fields = 2}).ok());
}

TEST_CASE("CSV table: columns by name, and every row as wide as the header") {
  auto table = ParseCsvTable("id, feature\n1,x\n2,y\n");
  REQUIRE(table.ok());
  CHECK(table->Column("feature") == 1);
  CHECK(table->Column("absent") == -1);
  CHECK(table->rows.size() == 2);
  auto ragged = ParseCsvTable("id,feature\n1\n");
  REQUIRE_FALSE(ragged.ok());
  CHECK(ragged.error().message() == "CSV record 2 has 1 fields, the header 2");
  CHECK_FALSE(ParseCsvTable("").ok());
}

}  // namespace veche
