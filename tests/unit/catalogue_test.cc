// The one catalogue: every word in both languages, no English in a Chinese
// form, one id in one table, and messages rendered by language.
#include "catalogue/catalogue.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "catalogue/tables.h"
#include "luodi/status.h"

namespace luodi {
namespace {

// A Chinese form may name a placeholder ({days}), a CLI flag
// (--whatif-max-events) and these terms; no other Latin word of three or
// more letters.
const std::set<std::string> kAllowed = {"PDF", "API", "URL", "HTML", "CSV", "JSON", "Excel"};

std::vector<std::string> latin_words(std::string zh) {
  zh = std::regex_replace(zh, std::regex(R"(\{[a-z_]+\})"), "");
  zh = std::regex_replace(zh, std::regex(R"(--[a-z][a-z-]*)"), "");
  std::vector<std::string> out;
  const std::regex word("[A-Za-z]{3,}");
  for (auto it = std::sregex_iterator(zh.begin(), zh.end(), word); it != std::sregex_iterator();
       ++it)
    if (!kAllowed.count(it->str())) out.push_back(it->str());
  return out;
}

TEST(Catalogue, EveryEntryHasBothForms) {
  ASSERT_GT(catalogue::entries().size(), 100u);
  for (const auto& [id, w] : catalogue::entries()) {
    EXPECT_TRUE(w.zh && *w.zh) << id << ": no Chinese form";
    EXPECT_TRUE(w.en && *w.en) << id << ": no English form";
  }
}

TEST(Catalogue, NoChineseFormHasALatinWord) {
  for (const auto& [id, w] : catalogue::entries())
    for (const std::string& word : latin_words(w.zh))
      ADD_FAILURE() << id << ": the Chinese form has the word '" << word << "': " << w.zh;
}

TEST(Catalogue, TheCheckFindsEnglishInAChineseForm) {
  EXPECT_EQ(latin_words("状态: blocked"), std::vector<std::string>{"blocked"});
  EXPECT_TRUE(latin_words("逾期 {days} 天（--whatif-max-events），见 PDF").empty());
}

TEST(Catalogue, AnIdIsInOneTable) {
  std::size_t rows = 0;
  for (const auto* t :
       {&catalogue::report_table(), &catalogue::message_table(), &catalogue::page_table()})
    rows += t->size();
  EXPECT_EQ(rows, catalogue::entries().size()) << "an id is in two tables, or twice in one";
}

TEST(Catalogue, AMessageIsRenderedInTheReadersLanguage) {
  const Messages reason = {
      Message("reason_yellow_since", {arg("since", "2026-06-01"), arg("days", "10")}),
      Message("reason_blocked", {arg("category", "用地指标", "land"), arg("days", "40")}),
      Message("reason_instruction_overdue", {arg("days", "3")})};
  EXPECT_EQ(catalogue::render(reason, Lang::kZh),
            "自 2026-06-01 起持续黄灯（10 天）：受阻（用地指标）已 40 天；批示逾期 3 天");
  EXPECT_EQ(catalogue::render(reason, Lang::kEn),
            "yellow since 2026-06-01 (10 days): blocked (land) for 40 days; instruction overdue by "
            "3 days");
  EXPECT_EQ(catalogue::text("no_such_id", Lang::kZh), "no_such_id") << "an unknown id shows itself";
}

TEST(Catalogue, AStatusSpeaksTheReadersLanguageAndKeepsItsPrefix) {
  const Status s =
      Status::BadInput(Message("error_required", {arg("field", "to")})).prefixed("events[2]: ");
  EXPECT_EQ(s.code(), ErrorCode::kBadInput);
  EXPECT_EQ(s.message(), "events[2]: 'to' is required") << "message(): the English form";
  EXPECT_EQ(s.text(Lang::kZh), "events[2]: 缺少必填项：to");
  EXPECT_EQ(s.text(Lang::kEn), "events[2]: 'to' is required");
  const Status plain = Status::BadInput("free text");
  EXPECT_EQ(plain.text(Lang::kZh), "free text") << "an uncatalogued message as written";
}

}  // namespace
}  // namespace luodi
