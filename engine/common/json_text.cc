#include "common/json_text.h"

#include <boost/json.hpp>

#include <charconv>
#include <cmath>

namespace luodi {

namespace {

void write_string(std::string& out, boost::json::string_view s) {
  out += '"';
  std::size_t run = 0;  // the start of the characters that need no escape, copied at once
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void write_double(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  // The shortest text that reads back as `d`, without an exponent for the
  // numbers people write (the shortest form of 100000 is "1e+05").
  char buf[400];
  auto [end, ec] = std::fabs(d) < 1e15 ? std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed)
                                       : std::to_chars(buf, buf + sizeof buf, d);
  out.append(buf, ec == std::errc() ? end : buf);
}

void write(std::string& out, const boost::json::value& v, bool pretty, int depth) {
  auto newline = [&](int d) {
    if (!pretty) return;
    out += '\n';
    out.append(static_cast<size_t>(d) * 2, ' ');
  };
  switch (v.kind()) {
    case boost::json::kind::null: out += "null"; break;
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case boost::json::kind::int64: out += std::to_string(v.get_int64()); break;
    case boost::json::kind::uint64: out += std::to_string(v.get_uint64()); break;
    case boost::json::kind::double_: write_double(out, v.get_double()); break;
    case boost::json::kind::string: write_string(out, v.get_string()); break;
    case boost::json::kind::array: {
      const auto& a = v.get_array();
      out += '[';
      for (size_t i = 0; i < a.size(); ++i) {
        if (i) out += ',';
        newline(depth + 1);
        write(out, a[i], pretty, depth + 1);
      }
      if (!a.empty()) newline(depth);
      out += ']';
      break;
    }
    case boost::json::kind::object: {
      const auto& o = v.get_object();
      out += '{';
      bool first = true;
      for (const auto& kv : o) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        write_string(out, kv.key());
        out += pretty ? ": " : ":";
        write(out, kv.value(), pretty, depth + 1);
      }
      if (!o.empty()) newline(depth);
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string to_json_text(const boost::json::value& v, bool pretty) { return to_json_text(v, pretty, 0); }

std::string to_json_text(const boost::json::value& v, bool pretty, int depth) {
  std::string out;
  write(out, v, pretty, depth);
  return out;
}

}  // namespace luodi
