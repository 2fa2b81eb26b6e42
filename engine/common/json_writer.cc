#include "common/json_writer.h"

#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace luodi {

namespace {

constexpr bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// needs_escape() of every byte.
constexpr auto kEscapes = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = needs_escape(static_cast<unsigned char>(c));
  return t;
}();

// Whether some byte of the word is below 0x20, '"' or '\\' (exact for the word
// as a whole).
bool word_escapes(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
  return (((w - ones * 0x20) & ~w & highs) | has_zero(w ^ (ones * '"')) |
          has_zero(w ^ (ones * '\\'))) != 0;
}

// The place of the first character at or after `from` that JSON escapes, or
// the end: a short string (a name, a code, a date) byte by byte, a longer one
// eight bytes at a time (word_escapes()), then byte by byte.
std::size_t next_escape(std::string_view s, std::size_t from) {
  std::size_t i = from;
  if (s.size() - from < 32) {
    while (i < s.size() && !kEscapes[static_cast<unsigned char>(s[i])]) ++i;
    return i;
  }
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (word_escapes(w)) break;
  }
  while (i < s.size() && !needs_escape(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// `s` with what JSON escapes escaped, written at `p` (room for 6 * s.size()
// characters); returns the end of what was written.
char* write_escaped(char* p, std::string_view s) {
  if (s.size() < 32) {  // a short string: looked at and copied in one pass
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8, p += 8) {  // a word at a time while none escapes
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (word_escapes(w)) break;
      std::memcpy(p, &w, 8);
    }
    for (; i < s.size() && !kEscapes[static_cast<unsigned char>(s[i])]; ++i) *p++ = s[i];
    if (i == s.size()) return p;
    s.remove_prefix(i);  // the rest from its first escape, as a longer one
  }
  std::size_t run = 0;  // the start of the characters that need no escape, copied at once
  for (std::size_t i = next_escape(s, 0); i < s.size(); i = next_escape(s, run)) {
    std::memcpy(p, s.data() + run, i - run);
    p += i - run;
    run = i + 1;
    *p++ = '\\';
    switch (const auto c = static_cast<unsigned char>(s[i])) {
      case '"':
        *p++ = '"';
        break;
      case '\\':
        *p++ = '\\';
        break;
      case '\n':
        *p++ = 'n';
        break;
      case '\r':
        *p++ = 'r';
        break;
      case '\t':
        *p++ = 't';
        break;
      default: {  // \u00XX, lower case
        constexpr char kHex[] = "0123456789abcdef";
        *p++ = 'u';
        *p++ = '0';
        *p++ = '0';
        *p++ = kHex[c >> 4];
        *p++ = kHex[c & 15];
      }
    }
  }
  std::memcpy(p, s.data() + run, s.size() - run);
  return p + (s.size() - run);
}

// `s` quoted and escaped at `p` (room for 2 + 6 * s.size()).
char* write_quoted(char* p, std::string_view s) {
  *p++ = '"';
  p = write_escaped(p, s);
  *p++ = '"';
  return p;
}

}  // namespace

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

void JsonWriter::quoted(std::string_view s) {
  out_ += '"';
  constexpr std::size_t kPiece = 4096;  // escaped a piece at a time: room for the worst case
  for (std::size_t from = 0; from < s.size(); from += kPiece) {
    const std::string_view piece = s.substr(from, kPiece);
    const std::size_t at = out_.size();
    out_.resize(at + 6 * piece.size());
    out_.resize(static_cast<std::size_t>(write_escaped(out_.data() + at, piece) - out_.data()));
  }
  out_ += '"';
}

void JsonWriter::flat_object(std::initializer_list<Member> members) {
  before_value();
  // As begin_object(), each member (key(), then its value), end_object().
  const std::size_t indent = pretty_ ? static_cast<std::size_t>(depth_ + 1) * 2 : 0;
  std::size_t room = 3 + indent;  // braces, and the last line's break and indent
  for (const Member& m : members)
    room += 6 + indent + 6 * m.name.size() +
            (m.kind == Member::Kind::kString ? 2 + 6 * m.text.size() : 24);
  const std::size_t at = out_.size();
  out_.resize(at + room);
  char* p = out_.data() + at;
  *p++ = '{';
  bool first = true;
  for (const Member& m : members) {
    if (!first) *p++ = ',';
    first = false;
    if (pretty_) {
      *p++ = '\n';
      std::memset(p, ' ', indent);
      p += indent;
    }
    p = write_quoted(p, m.name);
    *p++ = ':';
    if (pretty_) *p++ = ' ';
    switch (m.kind) {
      case Member::Kind::kString:
        p = write_quoted(p, m.text);
        break;
      case Member::Kind::kBoolean: {
        const std::string_view b = m.number ? "true" : "false";
        std::memcpy(p, b.data(), b.size());
        p += b.size();
        break;
      }
      case Member::Kind::kInteger:
        p = std::to_chars(p, p + 24, m.number).ptr;
        break;
    }
  }
  if (pretty_ && !first) {
    *p++ = '\n';
    std::memset(p, ' ', indent - 2);
    p += indent - 2;
  }
  *p++ = '}';
  out_.resize(static_cast<std::size_t>(p - out_.data()));
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
