// A number as a reader sees it: the shortest text that reads back exactly
// (1800, 23.5, 0.1), never an exponent for the amounts luodi keeps.
#pragma once

#include <string>

namespace luodi {

std::string number_text(double v);

}  // namespace luodi
