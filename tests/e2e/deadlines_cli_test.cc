// End-to-end: deadlines, lights, the directory, the outbox and the campaign
// through the real binary, on a real SQLite file.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <sstream>

#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::read_file;
using testing::run_luodi;
using testing::RunResult;
using testing::TempDir;
using testing::write_file;

class DeadlinesCli : public ::testing::Test {
 protected:
  void SetUp() override {
    now_ = "2026-06-30T09:00";
    // No campaign unless a test registers one: the stage limits govern.
    std::filesystem::create_directory(dir_.file("no-campaigns"));
    ASSERT_EQ(luodi({"init", "--campaigns", dir_.file("no-campaigns"), "--workflow",
                     testing::write_workflow_without_digests(dir_.file("workflow.yaml"))})
                  .exit_code,
              0);
    ASSERT_EQ(luodi({"add", "P1", "--name", "甲", "--unit", "游埠镇", "--leader", "王建国",
                     "--stage-since", "2026-05-10"})
                  .exit_code,
              0);  // signed: due 07-09
    ASSERT_EQ(
        luodi({"add", "P2", "--name", "乙", "--unit", "女埠街道", "--leader", "李卫东", "--stage",
               "construction", "--evidence", "permit=330781", "--stage-since", "2026-06-25"})
            .exit_code,
        0);
  }

  RunResult luodi(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_luodi(args, {{"LUODI_NOW", now_}});
  }
  boost::json::value json_of(std::vector<std::string> args) {
    args.push_back("--json");
    RunResult r = luodi(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return boost::json::parse(r.out);
  }

  boost::json::array array_of(std::vector<std::string> args) {
    boost::json::value v = json_of(std::move(args));
    return v.is_array() ? std::move(v.get_array()) : boost::json::array();
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
  std::string now_;
};

TEST_F(DeadlinesCli, ShowAndListCarryDueDaysLeftAndLight) {
  now_ = "2026-07-03";
  auto p1 = json_of({"show", "P1"});
  EXPECT_EQ(p1.at("due"), "2026-07-09");
  EXPECT_EQ(p1.at("days_left").to_number<int>(), 6);
  EXPECT_EQ(p1.at("light"), "yellow");
  EXPECT_EQ(p1.at("light_reason"), "距期限 2026-07-09 还剩 6 天");
  EXPECT_EQ(json_of({"--lang", "en", "show", "P1"}).at("light_reason"),
            "6 days left until 2026-07-09");
  EXPECT_EQ(p1.at("provisional"), false);
  EXPECT_EQ(array_of({"list", "--light", "yellow"}).size(), 1u);
  EXPECT_EQ(array_of({"list", "--light", "green"}).at(0).at("code"), "P2");
  EXPECT_EQ(luodi({"list", "--light", "purple"}).exit_code, 2);
  now_ = "2026-07-12";
  auto overdue = array_of({"overdue"});
  ASSERT_EQ(overdue.size(), 1u);
  const auto& o = overdue[0];
  EXPECT_EQ(o.at("code"), "P1");
  EXPECT_EQ(o.at("name"), "甲");
  EXPECT_EQ(o.at("stage"), "signed");
  EXPECT_EQ(o.at("due"), "2026-07-09");
  EXPECT_EQ(o.at("days_overdue").to_number<int>(), 3);
  EXPECT_EQ(o.at("light"), "red");
  EXPECT_EQ(o.at("escalation"), "supervisor");
  EXPECT_EQ(array_of({"overdue", "--unit", "女埠街道"}).size(), 0u);
  EXPECT_EQ(array_of({"overdue", "--leader", "王建国"}).size(), 1u);
  EXPECT_EQ(array_of({"list", "--overdue"}).size(), 1u);
  // A working-day deadline in a year without a holiday table is provisional.
  now_ = "2026-12-10";
  ASSERT_EQ(luodi({"advance", "P1", "--to", "pre_review"}).exit_code, 0);
  auto later = json_of({"show", "P1"});
  EXPECT_EQ(later.at("provisional"), true);
  EXPECT_EQ(std::string(later.at("due").as_string()).substr(0, 4), "2027");
}

TEST_F(DeadlinesCli, PlanSetsAndClearsADeadline) {
  RunResult r = luodi({"plan", "P1", "--due", "2026-07-05", "--note", "现场办公会"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto p1 = json_of({"show", "P1"});
  EXPECT_EQ(p1.at("due"), "2026-07-05");
  EXPECT_EQ(p1.at("due_source"), "plan");
  EXPECT_EQ(p1.at("plan").at("note"), "现场办公会");
  auto history = array_of({"history", "P1"});
  EXPECT_EQ(history.back().at("kind"), "planned");
  EXPECT_EQ(history.back().at("due"), "2026-07-05");
  EXPECT_EQ(luodi({"plan", "P1", "--clear"}).exit_code, 0);
  EXPECT_EQ(json_of({"show", "P1"}).at("due"), "2026-07-09");
  EXPECT_EQ(luodi({"plan", "P1", "--clear"}).exit_code, 3) << "nothing to clear";
  EXPECT_EQ(luodi({"plan", "P1"}).exit_code, 2) << "--due or --clear";
  EXPECT_EQ(luodi({"plan", "P1", "--due", "2026-07-05", "--stage", "moon"}).exit_code, 2);
  EXPECT_EQ(luodi({"verify"}).exit_code, 0);
}

TEST_F(DeadlinesCli, TickDeliversOnceThroughTheDirectory) {
  const std::string file = dir_.file("unit.jsonl");
  write_file(dir_.file("contacts.yaml"),
             "contacts:\n"
             "  - {name: 游埠镇招商办, role: unit, unit: 游埠镇, channel: \"file:" +
                 file +
                 "\"}\n"
                 "  - {name: 督查科, role: supervisor, channel: stdout}\n");
  ASSERT_EQ(luodi({"contact", "import", dir_.file("contacts.yaml")}).exit_code, 0);
  auto contacts = array_of({"contact", "list"});
  ASSERT_EQ(contacts.size(), 2u);
  now_ = "2026-07-02T09:00";
  // P1 had gone quiet (recorded at a stage entered on 05-10) before luodi
  // ever looked: its staleness reminder, a series of its own, is caught up
  // beside the countdown.
  auto dry = array_of({"tick", "--dry-run"});
  ASSERT_EQ(dry.size(), 2u);
  EXPECT_EQ(array_of({"outbox"}).size(), 0u) << "--dry-run writes nothing";
  // Kept before the send time (as the server does after midnight): nothing
  // sent, and the tick that follows still sends the day's reminders.
  auto kept = json_of({"tick", "--keep-only"});
  EXPECT_GT(kept.at("kept").as_int64(), 0);
  EXPECT_EQ(array_of({"outbox"}).size(), 0u) << "--keep-only sends nothing";
  EXPECT_EQ(json_of({"tick", "--keep-only"}).at("kept").as_int64(), 0) << "once a day";
  EXPECT_EQ(luodi({"tick", "--keep-only", "--dry-run"}).exit_code, 2);
  auto emitted = array_of({"tick"});
  ASSERT_EQ(emitted.size(), 2u);
  const auto& n = emitted[0];
  EXPECT_EQ(emitted[1].at("rule"), "stale");
  EXPECT_EQ(emitted[1].at("catch_up"), true);
  EXPECT_EQ(n.at("key"), "P1|signed|2026-07-09|before-7");
  EXPECT_EQ(n.at("project"), "P1");
  EXPECT_EQ(n.at("recipient"), "游埠镇招商办");
  EXPECT_EQ(n.at("role"), "unit");
  EXPECT_EQ(n.at("rule"), "before-7");
  EXPECT_EQ(n.at("due"), "2026-07-09");
  EXPECT_EQ(n.at("catch_up"), false);
  EXPECT_NE(std::string(n.at("message").as_string()).find("还剩 7 天"), std::string::npos);
  EXPECT_EQ(array_of({"tick"}).size(), 0u) << "exactly once";
  std::istringstream lines(read_file(file));
  std::string line;
  std::vector<std::string> keys;
  while (std::getline(lines, line))
    keys.emplace_back(boost::json::parse(line).at("key").as_string());
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"P1|signed|2026-05-10|stale",
                                            "P1|signed|2026-07-09|before-7"}));
  std::map<std::string, boost::json::value> by_rule;
  for (auto& row : array_of({"outbox"})) by_rule[std::string(row.at("rule").as_string())] = row;
  ASSERT_EQ(by_rule.size(), 2u);
  EXPECT_EQ(by_rule["stale"].at("state"), "sent");
  const auto& sent = by_rule["before-7"];
  EXPECT_EQ(sent.at("state"), "sent");
  EXPECT_EQ(std::string(sent.at("channel").as_string()), "file:" + file);
  EXPECT_EQ(sent.at("attempts").to_number<int>(), 1);
  EXPECT_EQ(array_of({"outbox", "--pending"}).size(), 0u);

  // Overdue and escalated: the supervisors hear it on stdout.
  now_ = "2026-07-12T09:00";
  RunResult text = luodi({"tick"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("[督查科] 【督办】P1"), std::string::npos) << text.out;
  // The leader has no entry: the notification waits, and tick says so.
  now_ = "2026-07-19T09:00";
  RunResult leader = luodi({"tick"});
  EXPECT_NE(leader.err.find("leader '王建国' has no directory entry"), std::string::npos)
      << leader.err;
  bool waiting = false;
  for (const auto& row : array_of({"outbox"}))
    waiting |= row.at("state") == "no_channel" && row.at("recipient") == "王建国";
  EXPECT_TRUE(waiting);
  EXPECT_EQ(luodi({"contact", "remove", "督查科"}).exit_code, 0);
  EXPECT_EQ(luodi({"contact", "remove", "督查科"}).exit_code, 2);
  EXPECT_EQ(luodi({"contact", "add", "X", "--role", "boss"}).exit_code, 2);
}

TEST_F(DeadlinesCli, ABadDirectoryFileChangesNothing) {
  write_file(dir_.file("bad.yaml"),
             "contacts:\n  - {name: 甲, role: unit, unit: 游埠镇}\n  - {name: 乙, role: mayor}\n");
  RunResult r = luodi({"contact", "import", dir_.file("bad.yaml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml:3:21: role must be unit, supervisor or leader"), std::string::npos)
      << r.err;
  EXPECT_EQ(array_of({"contact", "list"}).size(), 0u);
}

TEST_F(DeadlinesCli, CampaignStatusAndPlan) {
  ASSERT_EQ(
      luodi({"campaign", "add", testing::source_path("workflows/campaigns/hundred-day-2026.yaml")})
          .exit_code,
      0);
  now_ = "2026-07-15";
  ASSERT_EQ(luodi({"advance", "P1", "--to", "pre_review", "--on", "2026-06-20"}).exit_code, 0);
  auto s = json_of({"campaign", "status", "hundred-day-2026"});
  EXPECT_EQ(s.at("id"), "hundred-day-2026");
  EXPECT_EQ(s.at("day").to_number<int>(), 15);
  EXPECT_EQ(s.at("days").to_number<int>(), 100);
  EXPECT_EQ(s.at("days_left").to_number<int>(), 85);
  EXPECT_EQ(s.at("ended"), false);
  EXPECT_EQ(s.at("projects").to_number<int>(), 1)
      << "P1 (pre_review → site_entry); P2 has no target";
  EXPECT_EQ(s.at("on_track").to_number<int>(), 1);
  EXPECT_EQ(s.at("met").to_number<int>(), 0);
  EXPECT_EQ(s.at("behind").to_number<int>(), 0);
  EXPECT_EQ(s.at("blocked").to_number<int>(), 0);
  EXPECT_EQ(s.at("by_unit").at("游埠镇").at("projects").to_number<int>(), 1);
  EXPECT_EQ(s.at("by_leader").at("王建国").at("on_track").to_number<int>(), 1);
  const auto& burndown = s.at("burndown").as_array();
  EXPECT_EQ(burndown.size(), 15u);
  EXPECT_EQ(burndown.back().at("date"), "2026-10-08");
  EXPECT_EQ(burndown.back().at("planned").to_number<int>(), 1);
  // At the campaign's pace from its start, site entry (30 days) by 07-31: in the week ending 08-04.
  EXPECT_EQ(burndown.at(3).at("expected").to_number<int>(), 0);
  EXPECT_EQ(burndown.at(4).at("expected").to_number<int>(), 1);
  EXPECT_EQ(burndown.back().at("expected").to_number<int>(), 1);
  // The forecast: site entry 30 days after pre-review by the campaign's
  // standard durations (too little history to go by), well before the end.
  const auto& forecast = s.at("forecast");
  EXPECT_EQ(forecast.at("met").to_number<int>(), 1);
  EXPECT_EQ(forecast.at("will_miss").to_number<int>(), 0);
  const auto& f1 = forecast.at("projects").as_array().at(0);
  EXPECT_EQ(f1.at("code"), "P1");
  EXPECT_EQ(f1.at("outlook"), "met");
  EXPECT_EQ(f1.at("expected_target_on"), "2026-07-20");
  EXPECT_EQ(f1.at("basis"), "攻坚标准工期");
  EXPECT_EQ(forecast.at("active").to_number<int>(), 2);
  EXPECT_EQ(forecast.at("expected_started").to_number<int>(), 2)
      << "both expected at site entry by 31 December";
  auto plan = json_of({"campaign", "plan", "hundred-day-2026"});
  const auto& p = plan.at("projects").as_array().at(0);
  EXPECT_EQ(p.at("code"), "P1");
  EXPECT_EQ(p.at("stage"), "pre_review");
  EXPECT_EQ(p.at("target"), "site_entry");
  EXPECT_EQ(p.at("milestones").as_array().at(0).at("due"), "2026-10-08");
  EXPECT_TRUE(p.at("milestones").as_array().at(0).at("reached_on").is_null()) << "not yet";
  // The milestone is an extra deadline; the stage's limit comes first.
  auto p1 = json_of({"show", "P1"});
  EXPECT_EQ(p1.at("due_source"), "stage");
  bool milestone = false;
  for (const auto& dl : p1.at("deadlines").as_array())
    milestone |=
        dl.at("source") == "campaign" && dl.at("date") == "2026-10-08" && dl.at("met") == false;
  EXPECT_TRUE(milestone) << p1.at("deadlines");
  // The report's burn-down chart draws the milestones met (red), not only those
  // due (flat until the end date, where backwards scheduling puts them).
  const std::string html = luodi({"report", "--format", "html", "--lang", "en"}).out;
  const size_t chart = html.find("aria-label=\"Campaign burn-down (weekly)\"");
  ASSERT_NE(chart, std::string::npos) << html;
  const std::string svg = html.substr(chart, html.find("</svg>", chart) - chart);
  EXPECT_NE(svg.find("<path d=\"M"), std::string::npos) << svg;
  EXPECT_NE(svg.find("stroke=\"#d0312d\""), std::string::npos) << "the met line: " << svg;
  EXPECT_NE(svg.find(">Met</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">Expected at the standard pace</text>"), std::string::npos) << svg;
  EXPECT_EQ(luodi({"campaign", "status", "nope"}).exit_code, 2);
  now_ = "2026-12-01";
  auto ended = json_of({"campaign", "status", "hundred-day-2026"});
  EXPECT_EQ(ended.at("day").to_number<int>(), 100);
  EXPECT_EQ(ended.at("days_left").to_number<int>(), 0);
  EXPECT_EQ(ended.at("ended"), true);
  EXPECT_EQ(ended.at("ended_on"), "2026-10-08");
  EXPECT_EQ(ended.at("behind").to_number<int>(), 1);
  EXPECT_EQ(ended.at("forecast").at("will_miss").to_number<int>(), 1)
      << "still in pre-review after the end";
  EXPECT_TRUE(s.at("ended_on").is_null()) << "running on 07-15";
  // After the end the text says when it ended, with the final partition, not "day 100 of 100, 0
  // left".
  RunResult text = luodi({"campaign", "status", "hundred-day-2026"});
  EXPECT_NE(text.out.find("ended on 2026-10-08"), std::string::npos) << text.out;
  EXPECT_NE(
      text.out.find("final: projects 1: met 0, met late 0, on track 0, recovered 0, behind 1"),
      std::string::npos)
      << text.out;
  EXPECT_EQ(text.out.find("day 100 of 100"), std::string::npos) << text.out;
  // The report's campaign section: ended on the end date, the same partition.
  auto report = boost::json::parse(luodi({"report", "--format", "json"}).out);
  const auto& row = report.at("sections").at("campaign").at("rows").at(0);
  EXPECT_EQ(row.at("ended_on"), "2026-10-08");
  EXPECT_EQ(row.at("behind").to_number<int>(), 1);
  now_ = "2026-10-08";
  EXPECT_TRUE(json_of({"campaign", "status", "hundred-day-2026"}).at("ended_on").is_null())
      << "its last day";
  EXPECT_TRUE(boost::json::parse(luodi({"report", "--format", "json"}).out)
                  .at("sections")
                  .at("campaign")
                  .at("rows")
                  .at(0)
                  .at("ended_on")
                  .is_null());
}

TEST_F(DeadlinesCli, CampaignFilesAreNamedAfterTheirId) {
  write_file(dir_.file("wrong-name.yaml"),
             read_file(testing::source_path("workflows/campaigns/hundred-day-2026.yaml")));
  RunResult r = luodi({"campaign", "add", dir_.file("wrong-name.yaml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("expected hundred-day-2026.yaml"), std::string::npos);
}

// Lateness stays late (issue 24, item 3): a milestone met 28 days late
// shows late in show --json and text, and counts as recovered in the
// campaign's partition, the same per unit and per leader.
TEST_F(DeadlinesCli, AMilestoneMetLateStaysLate) {
  ASSERT_EQ(
      luodi({"campaign", "add", testing::source_path("workflows/campaigns/hundred-day-2026.yaml")})
          .exit_code,
      0);
  // P1, signed at the start: pre-review by 09-08, site entry by 10-08.
  now_ = "2026-10-06T09:00";
  ASSERT_EQ(luodi({"advance", "P1", "--to", "pre_review"}).exit_code, 0);
  now_ = "2026-10-07T09:00";
  auto p1 = json_of({"show", "P1"});
  const boost::json::object* milestone = nullptr;
  for (const auto& dl : p1.at("deadlines").as_array())
    if (dl.at("source") == "campaign" && dl.at("stage") == "pre_review")
      milestone = &dl.as_object();
  ASSERT_TRUE(milestone) << p1.at("deadlines");
  EXPECT_EQ(milestone->at("met"), true);
  EXPECT_EQ(milestone->at("late"), true);
  EXPECT_EQ(milestone->at("met_on"), "2026-10-06");
  EXPECT_EQ(milestone->at("days_late").to_number<int>(), 28);
  for (const auto& dl : p1.at("deadlines").as_array()) {
    if (dl.at("source") != "campaign" || dl.at("stage") != "site_entry") continue;
    EXPECT_EQ(dl.at("late"), false) << "due tomorrow";
    EXPECT_TRUE(dl.at("met_on").is_null());
  }
  RunResult text = luodi({"show", "P1"});
  EXPECT_NE(text.out.find("met late by 28 days on 2026-10-06"), std::string::npos) << text.out;
  auto s = json_of({"campaign", "status", "hundred-day-2026"});
  EXPECT_EQ(s.at("recovered").to_number<int>(), 1) << s;
  EXPECT_EQ(s.at("on_track").to_number<int>(), 0);
  EXPECT_EQ(s.at("met_late").to_number<int>(), 0);
  EXPECT_EQ(s.at("by_unit").at("游埠镇").at("recovered").to_number<int>(), 1);
  EXPECT_EQ(s.at("by_leader").at("王建国").at("recovered").to_number<int>(), 1);
  RunResult status = luodi({"campaign", "status", "hundred-day-2026"});
  EXPECT_NE(status.out.find("recovered 1"), std::string::npos) << status.out;
  // The plan gives the day each milestone was met (the burn-down's week, late
  // when after its due date).
  auto plan = json_of({"campaign", "plan", "hundred-day-2026"});
  const auto& ms = plan.at("projects").as_array().at(0).at("milestones").as_array();
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms.at(0).at("stage"), "pre_review");
  EXPECT_EQ(ms.at(0).at("due"), "2026-09-08");
  EXPECT_EQ(ms.at(0).at("reached_on"), "2026-10-06");
  EXPECT_TRUE(ms.at(1).at("reached_on").is_null());
  // The target reached after that: met late, never plain met.
  now_ = "2026-10-08T09:00";
  ASSERT_EQ(luodi({"advance", "P1", "--to", "site_entry"}).exit_code, 0);
  auto reached = json_of({"campaign", "status", "hundred-day-2026"});
  EXPECT_EQ(reached.at("met_late").to_number<int>(), 1) << reached;
  EXPECT_EQ(reached.at("met").to_number<int>(), 0);
  int parts = 0;
  for (const char* k : {"met", "met_late", "on_track", "recovered", "behind", "blocked", "left"})
    parts += reached.at(k).to_number<int>();
  EXPECT_EQ(parts, reached.at("projects").to_number<int>());
  EXPECT_EQ(luodi({"verify"}).exit_code, 0);
}

// An open instruction past its due date turns its project red (批示逾期, in
// the reader's language) and lists it as overdue, kind instruction; closed
// late, it stays late. Its mark follows it: due soon, overdue, done late.
TEST_F(DeadlinesCli, AnInstructionPastItsDueDate) {
  ASSERT_EQ(luodi({"block", "P2", "--category", "policy", "--reason", "r"}).exit_code, 0);
  ASSERT_EQ(luodi({"instruct", "P2", "--blocker", "1", "--text", "落实", "--assignee", "自然资源局",
                   "--due", "2026-07-10"})
                .exit_code,
            0);
  now_ = "2026-07-10T09:00";
  auto due_day = json_of({"show", "P2"});
  EXPECT_EQ(due_day.at("light"), "yellow")
      << "blocked 10 days; the instruction, due today, is not yet late";
  EXPECT_EQ(due_day.at("blockers").at(0).at("instructions").at(0).at("late"), false);
  EXPECT_EQ(due_day.at("blockers").at(0).at("instructions").at(0).at("state"), "due_soon");
  EXPECT_EQ(due_day.at("blockers").at(0).at("days_blocked").to_number<int>(), 10);
  // The timeline in words, with the category's and the instruction's details.
  const auto history = json_of({"history", "P2"}).as_array();
  ASSERT_EQ(history.size(), 3u) << history;
  EXPECT_EQ(history[1].at("summary"), "受阻（政策）：r");
  EXPECT_EQ(history[2].at("summary"), "批示（承办：自然资源局，2026-07-10 前办结）：落实");
  EXPECT_EQ(json_of({"--lang", "en", "history", "P2"}).at(2).at("summary"),
            "instruction (to 自然资源局, due 2026-07-10): 落实");
  now_ = "2026-07-13T09:00";
  for (bool kept : {false, true}) {
    SCOPED_TRACE(kept ? "after the tick kept the day's standing" : "worked out");
    if (kept) {
      ASSERT_EQ(luodi({"tick", "--keep-only"}).exit_code, 0);
    }
    auto p2 = json_of({"show", "P2"});
    EXPECT_EQ(p2.at("light"), "red");
    EXPECT_NE(std::string(p2.at("light_reason").as_string()).find("批示逾期 3 天"),
              std::string::npos)
        << p2.at("light_reason");
    const auto& in = p2.at("blockers").at(0).at("instructions").at(0);
    EXPECT_EQ(in.at("late"), true);
    EXPECT_EQ(in.at("days_late").to_number<int>(), 3);
    EXPECT_TRUE(in.at("met_on").is_null());
    EXPECT_EQ(in.at("state"), "overdue");
    EXPECT_EQ(p2.at("blockers").at(0).at("days_blocked").to_number<int>(), 13);
    auto overdue = array_of({"overdue"});
    ASSERT_EQ(overdue.size(), 2u) << overdue;
    EXPECT_EQ(overdue[0].at("code"), "P1");
    EXPECT_EQ(overdue[0].at("kind"), "project");
    EXPECT_EQ(overdue[1].at("code"), "P2");
    EXPECT_EQ(overdue[1].at("kind"), "instruction");
    EXPECT_EQ(overdue[1].at("due"), "2026-07-10");
    EXPECT_EQ(overdue[1].at("due_source"), "instruction");
    EXPECT_EQ(overdue[1].at("days_overdue").to_number<int>(), 3);
    EXPECT_EQ(overdue[1].at("light"), "red");
    RunResult text = luodi({"overdue"});
    EXPECT_NE(text.out.find("instruction"), std::string::npos) << text.out;
    // The report lists it in the blocked section after its blocker, marked
    // 批示逾期 with its assignee, due date and days overdue, and counts it at
    // its leader.
    auto report = boost::json::parse(luodi({"report", "--format", "json"}).out);
    const auto& rows = report.at("sections").at("blocked").at("rows").as_array();
    ASSERT_EQ(rows.size(), 2u) << rows;
    EXPECT_EQ(rows[0].at("kind"), "受阻");
    EXPECT_TRUE(rows[0].at("instruction_days_overdue").is_null());
    EXPECT_EQ(rows[1].at("code"), "P2");
    EXPECT_EQ(rows[1].at("kind"), "批示逾期");
    EXPECT_EQ(rows[1].at("latest_instruction"), "落实");
    EXPECT_EQ(rows[1].at("instruction_assignee"), "自然资源局");
    EXPECT_EQ(rows[1].at("instruction_due"), "2026-07-10");
    EXPECT_EQ(rows[1].at("instruction_days_overdue").to_number<int>(), 3);
    for (const auto& l : report.at("sections").at("leaders").at("rows").as_array())
      EXPECT_EQ(l.at("overdue_instructions").to_number<int>(), l.at("id") == "李卫东" ? 1 : 0) << l;
    const std::string md = luodi({"report", "--lang", "en"}).out;
    EXPECT_NE(md.find("instruction overdue"), std::string::npos) << md;
  }
  EXPECT_EQ(luodi({"verify"}).exit_code, 0);
  now_ = "2026-07-20T09:00";
  ASSERT_EQ(luodi({"instruct", "P2", "--done", "1"}).exit_code, 0);
  auto closed = json_of({"show", "P2"});
  const auto& in = closed.at("blockers").at(0).at("instructions").at(0);
  EXPECT_EQ(in.at("late"), true) << "closed 10 days late: late it stays";
  EXPECT_EQ(in.at("days_late").to_number<int>(), 10);
  EXPECT_EQ(in.at("met_on"), "2026-07-20");
  EXPECT_EQ(in.at("state"), "done_late");
  bool late_deadline = false;
  for (const auto& dl : closed.at("deadlines").as_array())
    late_deadline |= dl.at("source") == "instruction" && dl.at("met") == true &&
                     dl.at("late") == true && dl.at("days_late").to_number<int>() == 10;
  EXPECT_TRUE(late_deadline) << closed.at("deadlines");
  EXPECT_EQ(std::string(closed.at("light_reason").as_string()).find("批示逾期"), std::string::npos)
      << closed.at("light_reason");
  for (const auto& o : array_of({"overdue"})) {
    EXPECT_NE(o.at("code"), "P2");
  }
  auto report = boost::json::parse(luodi({"report", "--format", "json"}).out);
  EXPECT_EQ(report.at("sections").at("blocked").at("rows").as_array().size(), 1u)
      << "closed: only its blocker";
  EXPECT_EQ(luodi({"verify"}).exit_code, 0);
}

// plan refuses a due date before the day it is given, as instruct does.
TEST_F(DeadlinesCli, APlanIsNotDueInThePast) {
  RunResult r = luodi({"plan", "P1", "--due", "1999-01-01"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("计划期限 1999-01-01 早于下达日期"), std::string::npos) << r.err;
  EXPECT_EQ(luodi({"plan", "P1", "--due", "2026-06-20", "--on", "2026-06-25"}).exit_code, 2)
      << "given on 06-25";
  EXPECT_EQ(luodi({"plan", "P1", "--due", "2026-06-30"}).exit_code, 0) << "today is allowed";
  EXPECT_EQ(json_of({"show", "P1"}).at("due_source"), "plan");
}

// While a pausing blocker (land) is open, a project's days overdue stand
// still; they count again once it is resolved.
TEST_F(DeadlinesCli, DaysOverdueStandStillWhilePaused) {
  ASSERT_EQ(luodi({"add", "P3", "--name", "丙", "--unit", "游埠镇", "--stage", "pre_review",
                   "--stage-since", "2026-01-05"})
                .exit_code,
            0);  // 40 working days: due in March
  const int frozen =
      json_of({"show", "P3", "--as-of", "2026-04-01"}).at("days_overdue").to_number<int>();
  ASSERT_GT(frozen, 20);
  ASSERT_EQ(luodi({"block", "P3", "--category", "land", "--reason", "指标", "--on", "2026-04-01"})
                .exit_code,
            0);
  now_ = "2026-07-31T09:00";
  for (const char* day : {"2026-05-19", "2026-06-30", "2026-07-31"}) {
    auto p3 = json_of({"show", "P3", "--as-of", day});
    EXPECT_EQ(p3.at("days_overdue").to_number<int>(), frozen) << day;
    EXPECT_EQ(p3.at("paused"), true);
  }
  ASSERT_EQ(luodi({"unblock", "P3", "--blocker", "1"}).exit_code, 0);
  now_ = "2026-08-10T09:00";
  EXPECT_EQ(json_of({"show", "P3"}).at("days_overdue").to_number<int>(), frozen + 10)
      << "counting again after";
  EXPECT_EQ(luodi({"verify"}).exit_code, 0);
}

TEST_F(DeadlinesCli, CalendarCommands) {
  EXPECT_EQ(luodi({"calendar", "workdays", "2026-09-28", "2026-10-11"}).out, "6\n");
  auto add = json_of({"calendar", "add", "2026-09-30", "1"});
  EXPECT_EQ(add.at("date"), "2026-10-08");
  EXPECT_EQ(luodi({"calendar", "add", "2026-10-08", "-1"}).out, "2026-09-30\n");
  auto year = json_of({"calendar", "show", "--year", "2026"});
  EXPECT_EQ(year.at("holidays").as_array().size(), 7u);
  EXPECT_EQ(year.at("makeup_workdays").as_array().size(), 6u);
  EXPECT_EQ(luodi({"calendar", "show", "--year", "2027"}).exit_code, 2);
  EXPECT_EQ(luodi({"calendar", "workdays", "2026-13-01", "2026-10-11"}).exit_code, 2);
}

}  // namespace
}  // namespace luodi
