// JSON text: strings escaped as JSON requires, whatever they hold.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/json_text.h"

namespace luodi {
namespace {

TEST(JsonText, StringsAreEscapedAndReadBackUnchanged) {
  std::string every;  // every byte below 0x80, then some Chinese
  for (int c = 1; c < 0x80; ++c) every += static_cast<char>(c);
  every += "项目\"名称\"\\n";
  for (const std::string& s : {std::string(), std::string("plain"), std::string("\"\\"), every,
                               std::string("a\nb\tc\rd\x01" "e\x1f")}) {
    const boost::json::value v = boost::json::object{{"s", s}};
    const std::string text = to_json_text(v, false);
    EXPECT_EQ(boost::json::parse(text), v) << text;
    EXPECT_EQ(text.find_first_of(std::string("\n\r\t\x01\x1f", 5)), std::string::npos) << text;
  }
  EXPECT_EQ(to_json_text(boost::json::value("a\"b\\c\nd\x01"), false), R"("a\"b\\c\nd\u0001")");
  EXPECT_EQ(to_json_text(boost::json::value("无需转义"), false), "\"无需转义\"");
}

}  // namespace
}  // namespace luodi
