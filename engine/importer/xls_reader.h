// Excel 97–2003 workbooks (.xls, BIFF8 in an OLE2 container) as the rows the
// project import reads, through FreeXL (Debian's libfreexl): the same sheet
// shape as read_xlsx(), so the import does not know which it was given.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "importer/xlsx_reader.h"
#include "luodi/status.h"

namespace luodi {

// True when `bytes` start like an OLE2 compound file (an .xls is one).
bool looks_like_xls(std::string_view bytes);

// Reads the sheet named `sheet` (default: the first) of the .xls `bytes`.
// Numbers are numeric cells (a date typed as a number is its serial number);
// date cells come as YYYY-MM-DD text. BadInput "FILE: …" for a file FreeXL
// cannot read, a password-protected one, or a missing sheet. FreeXL runs in a
// child process: a damaged file that crashes it is bad input here.
Result<XlsxSheet> read_xls(std::string_view bytes, const std::string& file,
                           const std::optional<std::string>& sheet);

}  // namespace luodi
