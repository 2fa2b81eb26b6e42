#include "report/cell_text.h"

#include <charconv>

namespace luodi::report_text {

std::string cell(const Cell& c) {
  if (const auto* d = std::get_if<double>(&c)) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d, std::chars_format::fixed);
    return ec == std::errc() ? std::string(buf, end) : std::string();
  }
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  return "";
}

std::string spreadsheet_text(const std::string& s) {
  if (s.empty() || std::string_view("=+-@\t\r").find(s[0]) == std::string_view::npos) return s;
  return "'" + s;
}

}  // namespace luodi::report_text
