#include "luodi/page.h"

#include <charconv>

namespace luodi {

namespace {

Status bad_limit() {
  return Status::BadInput("limit must be a whole number from 1 to " + std::to_string(kMaxPage));
}

}  // namespace

Result<std::size_t> limit_of(std::string_view text) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1 || n > kMaxPage)
    return bad_limit();
  return n;
}

Status check_page(const PageRequest& request) {
  if (request.limit && (*request.limit < 1 || *request.limit > kMaxPage)) return bad_limit();
  if (request.cursor && !key_of_cursor(*request.cursor))
    return Status::BadInput("cursor '" + *request.cursor +
                            "' is not one luodi gave (use the 'next' of a page)");
  return Status::Ok();
}

std::string cursor_of(const std::string& key) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(key.size() * 2);
  for (unsigned char c : key) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::optional<std::string> key_of_cursor(const std::string& cursor) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (cursor.empty() || cursor.size() % 2) return std::nullopt;
  std::string key;
  for (size_t i = 0; i < cursor.size(); i += 2) {
    const int hi = digit(cursor[i]), lo = digit(cursor[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    key += static_cast<char>(hi * 16 + lo);
  }
  return key;
}

}  // namespace luodi
