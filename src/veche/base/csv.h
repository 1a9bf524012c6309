// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// A strict RFC 4180 reader for the CSV files people bring from elsewhere (the Sortition
// Foundation's pools, pabulib's sections): fields separated by one delimiter, optionally quoted
// with '"' (a quote inside doubled), records ended by LF or CRLF. A quote in an unquoted field, text
// after a closing quote, or an unterminated quote is an error naming the line, never a guess.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "veche/base/result.h"

namespace veche {

struct CsvLimits {
  std::size_t max_bytes = std::size_t{64} << 20;  // the whole text
  std::size_t max_fields = 4096;                  // in one record
};

using CsvRecord = std::vector<std::string>;

// Splits `text` into records. A blank line (nothing between two line ends) is skipped; a final line
// without its line end is kept. A UTF-8 byte-order mark at the start is dropped.
Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, char delimiter = ',', CsvLimits limits = {});

// A table with a header: the first record names the columns, every other record has as many fields.
struct CsvTable {
  CsvRecord header;
  std::vector<CsvRecord> rows;
  // The column's index, or -1. Names compare exactly, after trimming spaces.
  int Column(std::string_view name) const;
};

Result<CsvTable> ParseCsvTable(std::string_view text, char delimiter = ',', CsvLimits limits = {});

}  // namespace veche
