// The values a supervisor types into a spreadsheet cell or a CLI flag, read
// the same way everywhere. Each returns nullopt for text it cannot read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "luodi/date.h"

namespace luodi::field {

std::string trim(std::string_view s);
// A cell as one line: trimmed, and the line breaks and tabs a spreadsheet
// cell may hold (Alt+Enter in Excel) folded into single spaces.
std::string one_line(std::string_view raw);
// A text cell: one_line(), less the apostrophe that keeps text such as
// "=HYPERLINK(…)" from being read as a formula ('= … → = …).
std::string text(std::string_view raw);
// A non-negative amount: "12000", "12,000", "1369.28". Empty text is not an amount.
std::optional<double> amount(std::string_view s);
// "2026-03-01", "2026/3/1", "2026.3.1", "2026年3月1日".
std::optional<Date> date(std::string_view s);
// A workbook's date cell: Excel's serial number (46082 → 2026-03-01).
std::optional<Date> serial_date(std::string_view s);
// primary|secondary|tertiary, or 一产/二产/三产 (第一产业 …); returns the English id.
std::optional<std::string> industry(std::string_view s);
// yes|no, 是/否, y/n, true/false, 1/0.
std::optional<bool> yes_no(std::string_view s);

}  // namespace luodi::field
