// JSON text written as it is produced, without building a value first: the
// rows of long lists (the overdue list at a million projects) are written
// straight into their text. The same text as to_json_text() of the same value
// (which is written by this writer): numbers as people write them, optional
// indentation.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace luodi {

class JsonWriter {
 public:
  // Appends to `out`; when `pretty`, indented as a value nested `depth` levels deep.
  explicit JsonWriter(std::string& out, bool pretty = false, int depth = 0);

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // An object's member name; its value is the next thing written.
  void key(std::string_view name);

  void string(std::string_view s);
  void boolean(bool b);
  void integer(std::int64_t n);
  void number(double d);
  void null();
  void value(const boost::json::value& v);

  // A member: key(name) then the value.
  void string(std::string_view name, std::string_view s) { key(name), string(s); }
  void boolean(std::string_view name, bool b) { key(name), boolean(b); }
  void integer(std::string_view name, std::int64_t n) { key(name), integer(n); }

  // A member of a flat object: a string, a boolean or an integer.
  struct Member {
    enum class Kind { kString, kBoolean, kInteger };
    std::string_view name;
    Kind kind = Kind::kString;
    std::string_view text;    // kString
    std::int64_t number = 0;  // kInteger; kBoolean: 0 or 1
    static Member string(std::string_view name, std::string_view s) {
      return {name, Kind::kString, s, 0};
    }
    static Member boolean(std::string_view name, bool b) {
      return {name, Kind::kBoolean, {}, b ? 1 : 0};
    }
    static Member integer(std::string_view name, std::int64_t n) {
      return {name, Kind::kInteger, {}, n};
    }
  };
  // An object of such members written at once, the same text as
  // begin_object(), each member, end_object(): the rows of long lists (the
  // overdue list) are written this way, without a call per character run.
  void flat_object(std::initializer_list<Member> members);

 private:
  void before_value();
  void newline(int depth);
  void quoted(std::string_view s);  // a string, escaped

  std::string& out_;
  bool pretty_;
  int depth_;
  // Per open object or array: nothing written in it yet (a string: a row's
  // few levels need no allocation).
  std::string empty_;
  bool after_key_ = false;
};

// A list row's JSON appended to `out`, from a function that writes it
// (void(JsonWriter&, const Row&)) or one that makes it (json::value(const Row&)).
template <typename ToJson, typename Row>
void write_row_json(std::string& out, bool pretty, int depth, ToJson& to_json, const Row& row) {
  JsonWriter w(out, pretty, depth);
  if constexpr (std::is_invocable_v<ToJson&, JsonWriter&, const Row&>)
    to_json(w, row);
  else
    w.value(to_json(row));
}

}  // namespace luodi
