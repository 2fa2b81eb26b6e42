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

Pieces& Pieces::operator<<(std::string_view s) {
  buf_ += s;
  if (buf_.size() >= (64u << 10)) flush();
  return *this;
}

void Pieces::flush() {
  if (taken_ && !buf_.empty()) taken_ = sink_(buf_);
  buf_.clear();
}

Status Pieces::status() const {
  return taken_ ? Status::Ok() : Status::Internal("the report's reader went away");
}

Status Pieces::finish() {
  flush();
  return status();
}

}  // namespace luodi::report_text
