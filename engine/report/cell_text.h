// How a report cell reads as text: numbers as written (589200, 69.39).
#pragma once

#include <string>

#include "luodi/report.h"

namespace luodi::report_text {

std::string cell(const Cell& c);

// A text cell as a spreadsheet must show it: one that Excel or WPS would take
// for a formula (it begins with =, +, -, @, a tab or a carriage return) gets a
// leading apostrophe, which they show as text (the OWASP "CSV injection"
// rule); luodi's import takes the apostrophe off again.
std::string spreadsheet_text(const std::string& s);

}  // namespace luodi::report_text
