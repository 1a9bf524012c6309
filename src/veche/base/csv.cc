// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/base/csv.h"

#include <utility>

namespace veche {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// One pass over the text: `pos` moves forward, `line` counts line ends for the messages.
class CsvReader {
 public:
  CsvReader(std::string_view text, char delimiter, CsvLimits limits)
      : text_(text), delimiter_(delimiter), limits_(limits) {}

  Result<std::vector<CsvRecord>> ReadAll() {
    std::vector<CsvRecord> records;
    while (pos_ < text_.size()) {
      if (AtLineEnd()) {  // a blank line
        SkipLineEnd();
        continue;
      }
      CsvRecord record;
      VECHE_RETURN_IF_ERROR(ReadRecord(record));
      records.push_back(std::move(record));
    }
    return records;
  }

 private:
  bool AtLineEnd() const {
    return text_[pos_] == '\n' || (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n');
  }
  void SkipLineEnd() {
    pos_ += text_[pos_] == '\r' ? 2 : 1;
    ++line_;
  }
  Status Error(const std::string& what) const {
    return InvalidArgumentError("CSV line " + std::to_string(line_) + ": " + what);
  }

  Status ReadRecord(CsvRecord& record) {
    while (true) {
      if (record.size() == limits_.max_fields) {
        return Error("more than " + std::to_string(limits_.max_fields) + " fields");
      }
      std::string field;
      VECHE_RETURN_IF_ERROR(pos_ < text_.size() && text_[pos_] == '"' ? ReadQuoted(field) : ReadPlain(field));
      record.push_back(std::move(field));
      if (pos_ >= text_.size()) return OkStatus();
      if (text_[pos_] == delimiter_) {
        ++pos_;
        continue;
      }
      SkipLineEnd();  // ReadQuoted and ReadPlain stop only at a delimiter or a line end
      return OkStatus();
    }
  }

  Status ReadPlain(std::string& field) {
    std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != delimiter_ && !AtLineEnd()) {
      if (text_[pos_] == '"') return Error("a quote inside an unquoted field");
      if (text_[pos_] == '\r') return Error("a carriage return not followed by a line feed");
      ++pos_;
    }
    field.assign(text_.substr(start, pos_ - start));
    return OkStatus();
  }

  Status ReadQuoted(std::string& field) {
    int opened_at = line_;
    ++pos_;
    while (true) {
      if (pos_ >= text_.size())
        return Error("the quote opened on line " + std::to_string(opened_at) + " is not closed");
      char c = text_[pos_++];
      if (c == '\n') ++line_;
      if (c != '"') {
        field.push_back(c);
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '"') {
        field.push_back('"');
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] != delimiter_ && !AtLineEnd()) return Error("text after a closing quote");
      return OkStatus();
    }
  }

  std::string_view text_;
  char delimiter_;
  CsvLimits limits_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, char delimiter, CsvLimits limits) {
  if (text.size() > limits.max_bytes) {
    return InvalidArgumentError("CSV text of " + std::to_string(text.size()) + " bytes is over the limit of " +
                                std::to_string(limits.max_bytes));
  }
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') return InvalidArgumentError("bad CSV delimiter");
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return CsvReader(text, delimiter, limits).ReadAll();
}

int CsvTable::Column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (Trim(header[i]) == Trim(name)) return static_cast<int>(i);
  }
  return -1;
}

Result<CsvTable> ParseCsvTable(std::string_view text, char delimiter, CsvLimits limits) {
  VECHE_ASSIGN_OR_RETURN(std::vector<CsvRecord> records, ParseCsv(text, delimiter, limits));
  if (records.empty()) return InvalidArgumentError("CSV text has no header");
  CsvTable table;
  table.header = std::move(records.front());
  for (std::size_t i = 1; i < records.size(); ++i) {
    if (records[i].size() != table.header.size()) {
      return InvalidArgumentError("CSV record " + std::to_string(i + 1) + " has " + std::to_string(records[i].size()) +
                                  " fields, the header " + std::to_string(table.header.size()));
    }
    table.rows.push_back(std::move(records[i]));
  }
  return table;
}

}  // namespace veche
