// JSON text for people and programs: numbers as they are written (589200,
// 1369.28 — not Boost.JSON 1.81's 1.36928E3), optional indentation.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace luodi {

std::string to_json_text(const boost::json::value& v, bool pretty = true);
// … indented as a value nested `depth` levels deep (a streamed array's rows: 1).
std::string to_json_text(const boost::json::value& v, bool pretty, int depth);

}  // namespace luodi
