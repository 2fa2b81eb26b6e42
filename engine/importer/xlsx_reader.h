// Excel 2007+ workbooks (.xlsx) as the rows the project import reads: the zip
// container through libzip, its XML parts through expat, the sheet streamed
// row by row. Memory holds the shared strings (compactly, with a limit) and
// one row, never the sheet: a row keeps only the cells that hold something.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importer/csv_reader.h"
#include "luodi/status.h"

namespace luodi {

// Limits a workbook is held to. No project sheet comes near them: past them a
// file is broken or hostile, and it is refused, naming the part or the cell.
namespace xlsx_limits {
inline constexpr unsigned long long kPartBytes = 512ull << 20;  // one XML part, unpacked
inline constexpr int kColumns = 256;                            // A … IV: a project sheet has ~20
inline constexpr int kRows = 1'048'576;                         // Excel's last row
inline constexpr size_t kCellChars = 32'767;                    // Excel's limit for one cell's text
inline constexpr size_t kSharedStrings = 4 * 1'048'576;         // distinct texts of the workbook
inline constexpr size_t kSharedTextBytes = 64ull << 20;         // their text, all together
inline constexpr size_t kMergedRanges = 65'536;                 // merged ranges of the sheet
inline constexpr size_t kMergedRowBytes = 1 << 20;  // text copied from merged cells into one row
}  // namespace xlsx_limits

struct XlsxSheet {
  std::string name;
  // One record a non-empty row: `line` is the sheet's row number, each
  // field a cell that holds text, its `column` the column number (A = 1).
  // Rows are sparse: the cells between are not there.
  std::vector<CsvRecord> rows;
};

// Where a workbook comes from: its bytes, or a file that libzip reads in
// pieces (when `path` is set), so that not even the packed file is held.
struct XlsxSource {
  std::string_view bytes;
  std::string path;
};

// True when `bytes` start like a zip file (an .xlsx is one).
bool looks_like_xlsx(std::string_view bytes);

// Streams the sheet named `sheet` (default: the first) of the workbook: calls
// `on_row(sheet name, row)` for each non-empty row as it is read (sparse, as
// in XlsxSheet; the row may be moved from), and stops at the first non-Ok
// status it returns, returning that. Numbers come as Excel wrote them (46082,
// 1369.28), shared and inline strings as their text. A cell of a merged range
// (<mergeCells>) holds the range's first cell's value (CsvField::merged,
// ::copy); a row with nothing of its own is not handed over. A formula
// without a stored result (no <v>, an empty one for a number, or a workbook
// that asks to be recalculated on opening) is a field marked uncalculated;
// an error result (t="e", #REF!) is marked error_value. Returns the sheet's
// name; BadInput "FILE: …" for a file that is not a workbook, a broken or
// oversized part (a zip bomb), too many shared strings, a missing sheet
// (naming those there are), and "FILE:SHEET!IW2: …" for a cell past the
// limits (a column after IV, a row after 1,048,576, a text of more than
// 32,767 characters) or naming a shared string that is not there.
Result<std::string> each_xlsx_row(
    const XlsxSource& source, const std::string& file, const std::optional<std::string>& sheet,
    const std::function<Status(const std::string& sheet, CsvRecord& row)>& on_row);

// The whole sheet in memory (each_xlsx_row() collecting): for small workbooks
// and the fuzz target.
Result<XlsxSheet> read_xlsx(std::string_view bytes, const std::string& file,
                            const std::optional<std::string>& sheet);

// "C3:C5" for the range.
std::string range_name(const CellRange& r);

// "IV" for column 256.
std::string column_name(int column);

// "B12" for row 12, column 2.
std::string cell_name(int row, int column);

}  // namespace luodi
