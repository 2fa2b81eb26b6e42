// How a report cell reads as text: numbers as written (589200, 69.39).
#pragma once

#include <string>

#include "luodi/report.h"

namespace luodi::report_text {

std::string cell(const Cell& c);

}  // namespace luodi::report_text
