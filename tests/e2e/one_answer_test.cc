// "Who is late" through the real binary and the real server: the example city
// gives one count whichever command asks, the campaign never erases lateness,
// and each case the issue found is pinned.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "support/server_process.h"
#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

namespace json = boost::json;
using testing::run_luodi;
using testing::RunResult;
using testing::TempDir;

class OneAnswer : public ::testing::Test {
 protected:
  RunResult luodi(std::vector<std::string> args, const std::string& now) {
    args.insert(args.begin(), {"--db", db_, "--now", now});
    return run_luodi(args);
  }
  json::value json_of(std::vector<std::string> args, const std::string& now) {
    args.push_back("--json");
    RunResult r = luodi(args, now);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json::value();
  }
  json::value report_json(const std::string& as_of, const std::string& now,
                          const char* lang = "zh") {
    std::vector<std::string> args = {"report", "--format", "json", "--lang", lang};
    if (!as_of.empty()) args.insert(args.end(), {"--as-of", as_of});
    RunResult r = luodi(args, now);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json::value();
  }
  int length(std::vector<std::string> args, const std::string& now) {
    auto v = json_of(std::move(args), now);
    return v.is_array() ? static_cast<int>(v.as_array().size()) : -1;
  }
  void init(const char* now) {
    std::filesystem::create_directory(dir_.file("no-campaigns"));
    ASSERT_EQ(luodi({"init", "--campaigns", dir_.file("no-campaigns"), "--workflow",
                     testing::write_workflow_without_digests(dir_.file("workflow.yaml"))},
                    now)
                  .exit_code,
              0);
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
};

TEST_F(OneAnswer, TheExampleCityCountsItsLateProjectsOnceWhoeverAsks) {
  auto load =
      testing::run_shell("LUODI_NOW=2026-10-09 LUODI_BIN='" + std::string(LUODI_BINARY) + "' '" +
                             testing::source_path("examples/xx-city/load.sh") + "' '" + db_ + "'",
                         dir_.path());
  ASSERT_EQ(load.exit_code, 0) << load.out << load.err;
  std::map<std::string, int> counted;
  for (const char* day : {"2026-06-30", "2026-07-01", "2026-07-15", "2026-10-09"}) {
    const std::string now = std::string(day) + "T10:00";
    const int overdue = length({"overdue"}, now);
    EXPECT_EQ(length({"list", "--overdue"}, now), overdue) << day;
    EXPECT_EQ(length({"overdue", "--as-of", day}, "2026-10-09T10:00"), overdue)
        << day << " looked back on";
    EXPECT_EQ(json_of({"stats"}, now).at("overdue").to_number<int>(), overdue) << day;
    auto report = report_json(day, "2026-10-09T10:00");
    EXPECT_EQ(report.at("headline").at("overdue").to_number<int>(), overdue) << day;
    EXPECT_EQ(report.at("headline").at("red").to_number<int>(),
              length({"list", "--light", "red"}, now))
        << day;
    counted[day] = overdue;
  }
  EXPECT_EQ(counted["2026-06-30"], 30) << "the report's own count";
  EXPECT_GE(counted["2026-07-01"], counted["2026-06-30"])
      << "the hundred-day campaign erases no lateness";
  auto late = json_of({"show", "LX-2026-014", "--as-of", "2026-07-01"}, "2026-10-09T10:00");
  EXPECT_GT(late.at("days_overdue").to_number<int>(), 100) << "overdue since the winter";
  EXPECT_EQ(late.at("light"), "red");
  EXPECT_FALSE(late.at("due").is_null()) << "show --as-of has a due date";
  EXPECT_EQ(late, json_of({"show", "LX-2026-014"}, "2026-07-01T10:00"))
      << "--as-of and --now agree";

  // The server says the same on the same day.
  testing::ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-07-15T10:00"}});
  const std::string token =
      luodi({"user", "add", "督查科", "--role", "supervisor"}, "2026-07-15").out;
  auto reply = testing::http_request(server.port(), "GET", "/api/overdue", "",
                                     token.substr(0, token.size() - 1));
  ASSERT_EQ(reply.status, 200u) << reply.body;
  EXPECT_EQ(static_cast<int>(json::parse(reply.body).as_array().size()), counted["2026-07-15"]);
  auto metrics = testing::http_request(server.port(), "GET", "/metrics", "",
                                       token.substr(0, token.size() - 1));
  EXPECT_NE(metrics.body.find("luodi_overdue_projects{city=\"default\"} " +
                              std::to_string(counted["2026-07-15"]) + "\n"),
            std::string::npos);
  server.stop();
  // Every date the example city counts from 2025 is exact: the calendar has 2025's table.
  const json::value listed = json_of({"list"}, "2026-06-30T10:00");
  for (const auto& p : listed.as_array()) EXPECT_EQ(p.at("provisional"), false) << p.at("code");
}

TEST_F(OneAnswer, RedDoesNotTurnYellowWhenNobodyLooked) {
  init("2026-03-02");
  ASSERT_EQ(luodi({"add", "Y1", "--name", "甲", "--unit", "甲镇", "--stage", "construction",
                   "--evidence", "permit=330781"},
                  "2026-03-02")
                .exit_code,
            0);
  ASSERT_EQ(
      luodi({"block", "Y1", "--category", "funding", "--reason", "r"}, "2026-03-02").exit_code, 0);
  ASSERT_EQ(luodi({"tick"}, "2026-03-09T10:00").exit_code, 0);
  ASSERT_EQ(luodi({"tick"}, "2026-03-23T10:00").exit_code, 0);
  for (const char* day : {"2026-03-23", "2026-03-24", "2026-03-25"})
    EXPECT_EQ(json_of({"show", "Y1"}, std::string(day) + "T10:00").at("light"), "red") << day;
  auto report = report_json("2026-03-24", "2026-03-25T10:00");
  EXPECT_EQ(report.at("headline").at("red").to_number<int>(), 1);
  const json::array lights = json_of({"lights", "Y1"}, "2026-03-25T10:00").as_array();
  ASSERT_EQ(lights.size(), 3u);
  EXPECT_EQ(lights[1].at("on"), "2026-03-09");
  EXPECT_EQ(lights[1].at("light"), "yellow");
  EXPECT_EQ(lights[2].at("on"), "2026-03-23");
  EXPECT_EQ(lights[2].at("light"), "red");
  // The API gives the same history.
  const std::string token =
      luodi({"user", "add", "督查科", "--role", "supervisor"}, "2026-03-25").out.substr(0, 64);
  testing::ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-03-25T10:00"}});
  auto reply = testing::http_request(server.port(), "GET", "/api/projects/Y1/lights", "", token);
  ASSERT_EQ(reply.status, 200u) << reply.body;
  EXPECT_EQ(json::parse(reply.body), json::value(lights));
  EXPECT_EQ(
      testing::http_request(server.port(), "GET", "/api/projects/NOPE/lights", "", token).status,
      404u);
  EXPECT_EQ(server.stop(), 0);
  EXPECT_EQ(luodi({"verify"}, "2026-03-25T10:00").exit_code, 0);
}

TEST_F(OneAnswer, ACatchUpSwallowsNobodyElsesReminders) {
  init("2026-02-20");
  ASSERT_EQ(luodi({"add", "Y1", "--name", "甲", "--unit", "甲镇", "--stage", "construction",
                   "--evidence", "permit=330781"},
                  "2026-02-20")
                .exit_code,
            0);
  ASSERT_EQ(luodi({"block", "Y1", "--category", "policy", "--reason", "r"}, "2026-02-20").exit_code,
            0);
  ASSERT_EQ(luodi({"instruct", "Y1", "--blocker", "1", "--text", "落实用地", "--assignee",
                   "自然资源局", "--due", "2026-04-15"},
                  "2026-02-21")
                .exit_code,
            0);
  ASSERT_EQ(luodi({"instruct", "Y1", "--blocker", "1", "--text", "报送材料", "--assignee", "甲镇",
                   "--due", "2026-03-01"},
                  "2026-02-21")
                .exit_code,
            0);
  ASSERT_EQ(luodi({"tick"}, "2026-04-08T10:00").exit_code, 0);
  const json::array second = json_of({"tick"}, "2026-04-12T10:00").as_array();
  std::set<std::string> rules;
  const json::value outbox = json_of({"outbox"}, "2026-04-12T10:00");
  for (const auto& n : outbox.as_array())
    if (n.at("state") != "skipped") rules.emplace(n.at("rule").as_string());
  EXPECT_TRUE(rules.count("instruction-1-before-7")) << "due on the first tick's day, sent";
  EXPECT_TRUE(rules.count("instruction-1-before-3")) << "due on the second tick's day, sent";
  bool sent_on_time = false;
  for (const auto& n : second)
    if (n.at("rule") == "instruction-1-before-3") sent_on_time = n.at("catch_up") == false;
  EXPECT_TRUE(sent_on_time) << second;
}

TEST_F(OneAnswer, InstructionsAreDueAfterTheyAreGivenAndCloseOnTheAssigneesReport) {
  init("2026-03-02");
  ASSERT_EQ(luodi({"add", "Y1", "--name", "甲", "--unit", "甲镇", "--stage", "construction",
                   "--evidence", "permit=330781"},
                  "2026-03-02")
                .exit_code,
            0);
  ASSERT_EQ(luodi({"block", "Y1", "--category", "land", "--reason", "r"}, "2026-03-02").exit_code,
            0);
  RunResult early = luodi(
      {"instruct", "Y1", "--blocker", "1", "--text", "t", "--due", "2026-03-01"}, "2026-03-03");
  EXPECT_EQ(early.exit_code, 2);
  EXPECT_NE(early.err.find("批示期限 2026-03-01 早于批示日期 2026-03-03"), std::string::npos)
      << early.err;
  ASSERT_EQ(luodi({"instruct", "Y1", "--blocker", "1", "--text", "t", "--due", "2026-03-10"},
                  "2026-03-03")
                .exit_code,
            0);
  auto y1 = json_of({"show", "Y1"}, "2026-03-12T10:00");
  EXPECT_EQ(y1.at("paused"), true) << "blocked on land";
  bool overdue_instruction = false;
  for (const auto& d : y1.at("deadlines").as_array())
    overdue_instruction |=
        d.at("source") == "instruction" && d.at("date") == "2026-03-10" && d.at("met") == false;
  EXPECT_TRUE(overdue_instruction);
  RunResult done = luodi({"instruct", "Y1", "--done", "1", "--note", "已报送"}, "2026-03-12");
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_EQ(luodi({"instruct", "Y1", "--done", "1"}, "2026-03-12").exit_code, 3) << "done once";
  EXPECT_EQ(luodi({"instruct", "Y1", "--done", "9"}, "2026-03-12").exit_code, 2)
      << "no such instruction";
  auto closed = json_of({"show", "Y1"}, "2026-03-12T10:00");
  EXPECT_EQ(closed.at("blockers").at(0).at("instructions").at(0).at("done_on"), "2026-03-12");
  EXPECT_EQ(closed.at("status"), "blocked") << "the blocker stays open";
  EXPECT_EQ(luodi({"verify"}, "2026-03-12T10:00").exit_code, 0);
}

TEST_F(OneAnswer, CampaignCountsPartitionTheScope) {
  init("2026-06-20");
  ASSERT_EQ(
      luodi({"campaign", "add", testing::source_path("workflows/campaigns/hundred-day-2026.yaml")},
            "2026-06-20")
          .exit_code,
      0);
  for (const char* code : {"A", "B", "C"})
    ASSERT_EQ(luodi({"add", code, "--name", code, "--unit", "甲镇", "--stage", "pre_review"},
                    "2026-06-20")
                  .exit_code,
              0);
  ASSERT_EQ(luodi({"drop", "A", "--reason", "剔除", "--on", "2026-07-10"}, "2026-07-12").exit_code,
            0);
  ASSERT_EQ(luodi({"block", "B", "--category", "funding", "--reason", "r"}, "2026-07-12").exit_code,
            0);
  auto s = json_of({"campaign", "status", "hundred-day-2026"}, "2026-07-12T10:00");
  EXPECT_EQ(s.at("projects").to_number<int>(), 3);
  EXPECT_EQ(s.at("left").to_number<int>(), 1);
  EXPECT_EQ(s.at("blocked").to_number<int>(), 1);
  EXPECT_EQ(s.at("on_track").to_number<int>(), 1);
  EXPECT_EQ(s.at("met").to_number<int>() + s.at("met_late").to_number<int>() +
                s.at("on_track").to_number<int>() + s.at("recovered").to_number<int>() +
                s.at("behind").to_number<int>() + s.at("blocked").to_number<int>() +
                s.at("left").to_number<int>(),
            s.at("projects").to_number<int>());
  RunResult text = luodi({"campaign", "status", "hundred-day-2026"}, "2026-07-12T10:00");
  for (const char* part : {"left 1", "leader", "burn-down", "week ending"})
    EXPECT_NE(text.out.find(part), std::string::npos) << part << "\n" << text.out;
}

TEST_F(OneAnswer, AFutureAsOfIsBadInputEverywhere) {
  init("2026-03-02");
  ASSERT_EQ(luodi({"add", "Y1", "--name", "甲", "--unit", "甲镇"}, "2026-03-02").exit_code, 0);
  for (std::vector<std::string> args :
       {std::vector<std::string>{"show", "Y1"}, {"stats"}, {"list"}, {"overdue"}, {"report"}}) {
    args.insert(args.end(), {"--as-of", "2026-03-03"});
    EXPECT_EQ(luodi(args, "2026-03-02").exit_code, 2) << args[0];
  }
}

TEST_F(OneAnswer, AProvisionalDueDateIsMarkedInTheReport) {
  init("2026-12-10");
  ASSERT_EQ(
      luodi({"add", "Y1", "--name", "甲", "--unit", "甲镇", "--stage", "pre_review"}, "2026-12-10")
          .exit_code,
      0);
  EXPECT_EQ(json_of({"show", "Y1"}, "2026-12-10").at("provisional"), true);
  auto report = report_json("", "2026-12-10", "en");
  bool marked = false;
  for (const auto& row : report.at("sections").at("projects").at("rows").as_array())
    marked |= row.at("provisional").is_string();
  EXPECT_TRUE(marked) << report;
  RunResult md = luodi({"report", "--format", "md", "--lang", "en"}, "2026-12-10");
  EXPECT_NE(md.out.find("provisional (no holiday table"), std::string::npos);
}

}  // namespace
}  // namespace luodi
