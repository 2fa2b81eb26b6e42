#include "importer/field_values.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace luodi::field {

std::string trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  // The ideographic space U+3000 pads cells typed with a Chinese IME.
  constexpr std::string_view kIdeoSpace = "\xE3\x80\x80";
  while (s.substr(0, 3) == kIdeoSpace) s.remove_prefix(3);
  while (s.size() >= 3 && s.substr(s.size() - 3) == kIdeoSpace) s.remove_suffix(3);
  return std::string(s);
}

std::optional<double> amount(std::string_view raw) {
  std::string s = trim(raw);
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0 || !(v < 1e15)) return std::nullopt;
  return v;
}

std::string one_line(std::string_view raw) {
  std::string out;
  bool in_break = false;
  for (char c : trim(raw)) {
    const bool line_break = c == '\r' || c == '\n' || c == '\t';
    if (line_break && !in_break) out += ' ';
    if (!line_break) out += c;
    in_break = line_break;
  }
  return out;
}

std::string text(std::string_view raw) {
  std::string s = one_line(raw);
  // The apostrophe a spreadsheet writer puts before text that would read as a formula.
  if (s.size() >= 2 && s[0] == '\'' &&
      std::string_view("=+-@").find(s[1]) != std::string_view::npos)
    s.erase(0, 1);
  return s;
}

std::optional<Date> date(std::string_view raw) {
  std::string s = trim(raw);
  if (auto d = Date::parse(s)) return d;
  // Split on any run of separators: - / . 年 月 日.
  int parts[3] = {0, 0, 0};
  int count = 0;
  size_t i = 0;
  while (i < s.size() && count < 3) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    int v = 0, digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      v = v * 10 + (s[i++] - '0');
      if (++digits > 4) return std::nullopt;
    }
    parts[count++] = v;
    std::string_view rest(s.data() + i, s.size() - i);
    for (std::string_view sep : {"-", "/", ".", "年", "月", "日"}) {
      if (rest.substr(0, sep.size()) == sep) {
        i += sep.size();
        break;
      }
    }
  }
  if (count != 3 || i != s.size() || parts[0] < 1000) return std::nullopt;
  if (parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > 31) return std::nullopt;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", parts[0], parts[1], parts[2]);
  return Date::parse(buf);
}

std::optional<Date> serial_date(std::string_view raw) {
  const std::string s = trim(raw);
  double serial = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), serial);
  // Days since 1899-12-30, valid from 1900-03-01 on (past Excel's phantom
  // 1900-02-29); a fraction is the time of day.
  if (ec != std::errc() || p != s.data() + s.size() || !(serial >= 61) || !(serial < 200000))
    return std::nullopt;
  const Date d = Date::from_ymd(1899, 12, 30) + static_cast<int>(serial);
  return Date::parse(d.str());  // within the years luodi accepts
}

std::optional<std::string> industry(std::string_view raw) {
  const std::string s = trim(raw);
  if (s == "primary" || s == "一产" || s == "第一产业" || s == "农业") return "primary";
  if (s == "secondary" || s == "二产" || s == "第二产业" || s == "工业") return "secondary";
  if (s == "tertiary" || s == "三产" || s == "第三产业" || s == "服务业") return "tertiary";
  return std::nullopt;
}

std::optional<bool> yes_no(std::string_view raw) {
  std::string s = trim(raw);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s == "yes" || s == "y" || s == "true" || s == "1" || s == "是") return true;
  if (s == "no" || s == "n" || s == "false" || s == "0" || s == "否") return false;
  return std::nullopt;
}

}  // namespace luodi::field
