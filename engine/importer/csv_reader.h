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

// A workbook's merged range (rows and columns 1-based, inclusive); none when
// first_row is 0.
struct CellRange {
  int first_row = 0, first_column = 0, last_row = 0, last_column = 0;
  bool empty() const { return first_row == 0; }
  bool contains(int row, int column) const {
    return row >= first_row && row <= last_row && column >= first_column && column <= last_column;
  }
};

struct CsvField {
  std::string text;
  int line = 0;         // 1-based line the field starts on
  int column = 0;       // 1-based character (not byte) column
  bool number = false;  // a workbook's numeric cell (a date there is a serial number)
  // A workbook's cell in a merged range: the range; `copy` when the text is
  // the range's first cell's (the cell itself is not the first).
  CellRange merged = {};
  bool copy = false;
  // A formula whose result the file does not hold (never calculated): an
  // error wherever the import reads it. `error_value`: its result is an
  // error value (#REF!, #DIV/0! …), in `text`.
  bool uncalculated = false;
  bool error_value = false;
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
