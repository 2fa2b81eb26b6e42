// RFC 4180 CSV as spreadsheets save it: CRLF or LF line ends, quoted fields
// holding commas, doubled quotes and line breaks. Every field keeps where it
// started, so errors can point at it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/status.h"

namespace luodi {

struct CsvField {
  std::string text;
  int line = 0;         // 1-based line the field starts on
  int column = 0;       // 1-based character (not byte) column
  bool number = false;  // a workbook's numeric cell (a date there is a serial number)
};

struct CsvRecord {
  int line = 0;
  std::vector<CsvField> fields;
  bool blank() const;
};

// Parses UTF-8 text, handing each record to `on_record` as it is read (it may
// be moved from); stops at the first non-Ok status it returns, returning it.
Status each_csv_record(std::string_view text, const std::string& file,
                       const std::function<Status(CsvRecord& record)>& on_record);

// The same, all records at once. Parses UTF-8 text. BadInput "file:line:col: …" for an unterminated
// quote or text after a closing quote.
Result<std::vector<CsvRecord>> read_csv(std::string_view text, const std::string& file);

}  // namespace luodi
