// Excel 2007+ workbooks (.xlsx) as the rows the project import reads: the zip
// container through libzip, its XML parts through expat, the sheet streamed
// part by part so memory holds the shared strings and the rows, not the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importer/csv_reader.h"
#include "luodi/status.h"

namespace luodi {

struct XlsxSheet {
  std::string name;
  // One record a non-empty row: `line` is the sheet's row number, each
  // field's `column` its column number (A = 1); the cells between are empty.
  std::vector<CsvRecord> rows;
};

// True when `bytes` start like a zip file (an .xlsx is one).
bool looks_like_xlsx(std::string_view bytes);

// Reads the sheet named `sheet` (default: the first) of the workbook `bytes`.
// Numbers come as Excel wrote them (46082, 1369.28), shared and inline strings
// as their text. BadInput "FILE: …" for a file that is not a workbook, a
// broken or oversized part (a zip bomb), a missing sheet (naming those there
// are) or a row wider than any project sheet.
Result<XlsxSheet> read_xlsx(std::string_view bytes, const std::string& file,
                            const std::optional<std::string>& sheet);

// Every row as wide as the widest, empty cells filling the gaps: the import
// reads columns by position.
void pad_rows(XlsxSheet& sheet);

// "B12" for row 12, column 2.
std::string cell_name(int row, int column);

}  // namespace luodi
