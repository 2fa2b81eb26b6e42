#include "common/json_writer.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace luodi {

JsonWriter::JsonWriter(std::string& out, bool pretty, int depth)
    : out_(out), pretty_(pretty), depth_(depth) {}

void JsonWriter::newline(int depth) {
  if (!pretty_) return;
  out_ += '\n';
  out_.append(static_cast<std::size_t>(depth) * 2, ' ');
}

// Before a value or a member: a comma after the container's last one, and the
// line it goes on.
void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;  // the document's value
  if (!empty_.back()) out_ += ',';
  empty_.back() = false;
  newline(depth_);
}

void JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  empty_.push_back(true);
  ++depth_;
}

void JsonWriter::end_object() {
  --depth_;
  if (!empty_.back()) newline(depth_);
  empty_.pop_back();
  out_ += '}';
}

void JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  empty_.push_back(true);
  ++depth_;
}

void JsonWriter::end_array() {
  --depth_;
  if (!empty_.back()) newline(depth_);
  empty_.pop_back();
  out_ += ']';
}

void JsonWriter::key(std::string_view name) {
  before_value();
  quoted(name);
  out_ += pretty_ ? ": " : ":";
  after_key_ = true;
}

void JsonWriter::string(std::string_view s) {
  before_value();
  quoted(s);
}

namespace {

bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// The place of the first character at or after `from` that JSON escapes, or
// the end: eight bytes at a time (a test for "some byte below 0x20, or equal
// to '"' or '\\'" that is exact for the word as a whole), then byte by byte.
std::size_t next_escape(std::string_view s, std::size_t from) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
  std::size_t i = from;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (((w - ones * 0x20) & ~w & highs) | has_zero(w ^ (ones * '"')) | has_zero(w ^ (ones * '\\')))
      break;
  }
  while (i < s.size() && !needs_escape(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

}  // namespace

void JsonWriter::quoted(std::string_view s) {
  out_ += '"';
  std::size_t run = 0;  // the start of the characters that need no escape, copied at once
  for (std::size_t i = next_escape(s, 0); i < s.size(); i = next_escape(s, run)) {
    out_.append(s.data() + run, i - run);
    run = i + 1;
    switch (const auto c = static_cast<unsigned char>(s[i])) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out_ += buf;
      }
    }
  }
  out_.append(s.data() + run, s.size() - run);
  out_ += '"';
}

void JsonWriter::boolean(bool b) {
  before_value();
  out_ += b ? "true" : "false";
}

void JsonWriter::integer(std::int64_t n) {
  before_value();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out_.append(buf, end);
}

void JsonWriter::number(double d) {
  before_value();
  if (!std::isfinite(d)) {
    out_ += "null";
    return;
  }
  // The shortest text that reads back as `d`, without an exponent for the
  // numbers people write (the shortest form of 100000 is "1e+05").
  char buf[400];
  auto [end, ec] = std::fabs(d) < 1e15
                       ? std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed)
                       : std::to_chars(buf, buf + sizeof buf, d);
  out_.append(buf, ec == std::errc() ? end : buf);
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
}

void JsonWriter::value(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      null();
      break;
    case boost::json::kind::bool_:
      boolean(v.get_bool());
      break;
    case boost::json::kind::int64:
      integer(v.get_int64());
      break;
    case boost::json::kind::uint64:
      before_value();
      out_ += std::to_string(v.get_uint64());
      break;
    case boost::json::kind::double_:
      number(v.get_double());
      break;
    case boost::json::kind::string:
      string(v.get_string());
      break;
    case boost::json::kind::array:
      begin_array();
      for (const auto& each : v.get_array()) value(each);
      end_array();
      break;
    case boost::json::kind::object:
      begin_object();
      for (const auto& kv : v.get_object()) {
        key(kv.key());
        value(kv.value());
      }
      end_object();
      break;
  }
}

}  // namespace luodi
