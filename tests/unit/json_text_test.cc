// JSON text: strings escaped as JSON requires, numbers as people write them.
#include "common/json_text.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/json_writer.h"

namespace luodi {
namespace {

TEST(JsonText, StringsAreEscapedAndReadBackUnchanged) {
  std::string every;  // every byte below 0x80, then some Chinese
  for (int c = 1; c < 0x80; ++c) every += static_cast<char>(c);
  every += "项目\"名称\"\\n";
  for (const std::string& s : {std::string(), std::string("plain"), std::string("\"\\"), every,
                               std::string("a\nb\tc\rd\x01"
                                           "e\x1f")}) {
    const boost::json::value v = boost::json::object{{"s", s}};
    const std::string text = to_json_text(v, false);
    EXPECT_EQ(boost::json::parse(text), v) << text;
    EXPECT_EQ(text.find_first_of(std::string("\n\r\t\x01\x1f", 5)), std::string::npos) << text;
  }
  EXPECT_EQ(to_json_text(boost::json::value("a\"b\\c\nd\x01"), false), R"("a\"b\\c\nd\u0001")");
  EXPECT_EQ(to_json_text(boost::json::value("无需转义"), false), "\"无需转义\"");
}

// Strings of every length, with what must be escaped anywhere in them
// (before, across and after each eight bytes the writer scans at once), read
// back unchanged.
TEST(JsonText, EscapesAreFoundWhereverTheyAre) {
  const std::vector<std::string> pieces = {"a",    "\"",   "\\", "\n", std::string(1, '\0'),
                                           "\x01", "\x1f", " ",  "项", "~"};
  std::mt19937 rng(11);
  for (int n = 0; n < 2000; ++n) {
    std::string s;
    const int parts = static_cast<int>(rng() % 40);
    for (int i = 0; i < parts; ++i) s += pieces[rng() % pieces.size()];
    const std::string text = to_json_text(boost::json::value(s), false);
    ASSERT_EQ(boost::json::parse(text).as_string(), s) << text;
    for (char c : text) ASSERT_GE(static_cast<unsigned char>(c), 0x20) << text;
  }
}

// Numbers as people write them: no exponent for round amounts and counts.
TEST(JsonText, NumbersAreWrittenWithoutAnExponent) {
  for (const auto& [d, text] :
       std::vector<std::pair<double, std::string>>{{100000, "100000"},
                                                   {3e5, "300000"},
                                                   {1369.28, "1369.28"},
                                                   {0.5, "0.5"},
                                                   {-2e6, "-2000000"},
                                                   {549143.4228, "549143.4228"},
                                                   {0.0001, "0.0001"},
                                                   {0, "0"}}) {
    EXPECT_EQ(to_json_text(boost::json::value(d), false), text);
  }
  for (double d : {1e20, 1e-300, 1.5e300}) {
    const std::string text = to_json_text(boost::json::value(d), false);
    EXPECT_EQ(boost::json::parse(text).to_number<double>(), d) << text;
  }
}

// A row written member by member is the text of the same value: compact, and
// indented as a streamed array's row (one level deep), empty containers kept.
TEST(JsonWriter, WritesTheTextOfTheSameValue) {
  const boost::json::value v =
      boost::json::object{{"code", "G1"},
                          {"late", true},
                          {"days", -3},
                          {"nested", boost::json::object{{"a", boost::json::array{1, "x"}}}},
                          {"none", nullptr},
                          {"empty", boost::json::object{}},
                          {"list", boost::json::array{}},
                          {"wan", 1369.28}};
  auto write = [](JsonWriter& w) {
    w.begin_object();
    w.string("code", "G1");
    w.boolean("late", true);
    w.integer("days", -3);
    w.key("nested");
    w.begin_object();
    w.key("a");
    w.begin_array();
    w.integer(1);
    w.string("x");
    w.end_array();
    w.end_object();
    w.key("none");
    w.null();
    w.key("empty");
    w.begin_object();
    w.end_object();
    w.key("list");
    w.begin_array();
    w.end_array();
    w.key("wan");
    w.number(1369.28);
    w.end_object();
  };
  std::string compact, indented;
  JsonWriter c(compact);
  write(c);
  EXPECT_EQ(
      compact,
      R"({"code":"G1","late":true,"days":-3,"nested":{"a":[1,"x"]},"none":null,"empty":{},"list":[],"wan":1369.28})");
  EXPECT_EQ(compact, to_json_text(v, false));
  JsonWriter p(indented, true, 1);
  write(p);
  EXPECT_EQ(indented,
            "{\n    \"code\": \"G1\",\n    \"late\": true,\n    \"days\": -3,\n    \"nested\": {\n "
            "     \"a\": [\n"
            "        1,\n        \"x\"\n      ]\n    },\n    \"none\": null,\n    \"empty\": {},\n "
            "   \"list\": [],\n"
            "    \"wan\": 1369.28\n  }");
  EXPECT_EQ(indented, to_json_text(v, true, 1));
}

// A flat object written at once is the text of the same object written member
// by member: compact and indented at any depth, escapes, empty strings, long
// strings (past the short-string path), negative and large integers, and an
// object with no members.
TEST(JsonWriter, FlatObjectIsTheTextOfTheSameMembers) {
  using M = JsonWriter::Member;
  const std::string long_text =
      std::string(40, 'x') + "\"q\\b\n\r\t\x01\x1f" + "项目" + std::string(5000, 'y') + "\"";
  auto by_members = [&](JsonWriter& w) {
    w.begin_object();
    w.string("code", "G1");
    w.string("name", "项目\"引号\"\\");
    w.string("", "");
    w.boolean("late", true);
    w.boolean("provisional", false);
    w.integer("days", -3);
    w.integer("big", 9223372036854775807LL);
    w.string("ctl\x02", "a\tb\x7f");
    w.string("long", long_text);
    w.end_object();
  };
  auto at_once = [&](JsonWriter& w) {
    w.flat_object({M::string("code", "G1"), M::string("name", "项目\"引号\"\\"), M::string("", ""),
                   M::boolean("late", true), M::boolean("provisional", false),
                   M::integer("days", -3), M::integer("big", 9223372036854775807LL),
                   M::string("ctl\x02", "a\tb\x7f"), M::string("long", long_text)});
  };
  for (const bool pretty : {false, true})
    for (const int depth : {0, 1, 3}) {
      std::string a, b;
      JsonWriter wa(a, pretty, depth), wb(b, pretty, depth);
      // As an array's rows, so the commas and lines between them count too.
      wa.begin_array();
      by_members(wa);
      by_members(wa);
      wa.begin_object();
      wa.end_object();
      wa.end_array();
      wb.begin_array();
      at_once(wb);
      at_once(wb);
      wb.flat_object({});
      wb.end_array();
      EXPECT_EQ(a, b) << "pretty " << pretty << ", depth " << depth;
      EXPECT_NE(boost::json::parse(b).as_array()[0].as_object().find("long"), nullptr);
    }
}

}  // namespace
}  // namespace luodi
