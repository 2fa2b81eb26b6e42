// End-to-end: the city's year goes on. A new year's holiday table loaded
// into a running city (CLI and HTTP), as-of answers before the load kept as
// they were, a running server answering with the table without a restart,
// and next year's targets loaded for the report. Both backends.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "support/server_process.h"
#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::http_request;
using testing::run_luodi;
using testing::RunResult;
using testing::ServerProcess;
using testing::TempDir;
using testing::write_file;

// A 2027 table for the test (New Year on Friday 1 January, Spring Festival
// 6–14 February, two make-up Saturdays).
constexpr const char* k2027 = R"(id: cn
weekend: [saturday, sunday]
years:
  - year: 2027
    holidays:
      - {name: {zh: 元旦, en: New Year}, from: 2027-01-01, to: 2027-01-03}
      - {name: {zh: 春节, en: Spring Festival}, from: 2027-02-06, to: 2027-02-14}
    workdays: [2027-01-30, 2027-02-20]
)";

// The 2026 table with one more holiday in October: a change of the past.
std::string past_changed() {
  std::string t = testing::read_file(testing::source_path("workflows/calendars/cn.yaml"));
  const std::string from =
      "{name: {zh: 国庆节, en: National Day}, from: 2026-10-01, to: 2026-10-07}";
  const auto at = t.find(from);
  EXPECT_NE(at, std::string::npos);
  return t.replace(at, from.size(),
                   "{name: {zh: 国庆节, en: National Day}, from: 2026-10-01, to: 2026-10-08}");
}

class RuleChanges : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(dir_.file("none"));
    ASSERT_EQ(luodi({"init", "--campaigns", dir_.file("none"), "--workflow",
                     testing::write_workflow_without_digests(dir_.file("workflow.yaml"))})
                  .exit_code,
              0);
    // Pre-review (40 working days) since 2026-11-20: due in January 2027.
    ASSERT_EQ(luodi({"add", "P1", "--name", "甲", "--unit", "游埠镇", "--stage", "pre_review",
                     "--stage-since", "2026-11-20"})
                  .exit_code,
              0);
    // Signed (60 calendar days): the table changes nothing.
    ASSERT_EQ(
        luodi({"add", "P2", "--name", "乙", "--unit", "女埠街道", "--stage-since", "2026-11-20"})
            .exit_code,
        0);
    write_file(dir_.file("cn-2027.yaml"), k2027);
  }

  RunResult luodi(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_luodi(args, {{"LUODI_NOW", now_}});
  }
  boost::json::value json_of(std::vector<std::string> args) {
    args.push_back("--json");
    RunResult r = luodi(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? boost::json::parse(r.out) : boost::json::value();
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
  std::string now_ = "2026-11-25T10:00";
};

TEST_F(RuleChanges, ANewYearsTableTurnsProvisionalDeadlinesFinalFromTheDayItIsLoaded) {
  auto before = json_of({"show", "P1"});
  EXPECT_EQ(before.at("due"), "2027-01-15");
  EXPECT_EQ(before.at("provisional"), true);

  // A dry run lists what would move, and writes nothing.
  now_ = "2026-11-26T10:00";
  auto dry = json_of({"calendar", "load", dir_.file("cn-2027.yaml"), "--dry-run"});
  ASSERT_TRUE(dry.is_array());
  ASSERT_EQ(dry.as_array().size(), 1u) << dry;
  EXPECT_EQ(dry.at(0).at("code"), "P1");
  EXPECT_EQ(dry.at(0).at("due_before"), "2027-01-15");
  EXPECT_EQ(dry.at(0).at("due_after"), "2027-01-18");  // 1 January is a holiday
  EXPECT_EQ(dry.at(0).at("light_before"), "green");
  EXPECT_EQ(dry.at(0).at("light_after"), "green");
  EXPECT_EQ(json_of({"show", "P1"}).at("provisional"), true) << "a dry run writes nothing";
  EXPECT_TRUE(json_of({"calendar", "changes"}).as_array().empty());

  RunResult loaded = luodi({"calendar", "load", dir_.file("cn-2027.yaml")});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  EXPECT_NE(loaded.out.find("loaded 2027 from 2026-11-26: 1 project(s) changed"), std::string::npos)
      << loaded.out;

  auto after = json_of({"show", "P1"});
  EXPECT_EQ(after.at("due"), "2027-01-18");
  EXPECT_EQ(after.at("provisional"), false);
  // As of a day before the load, the answer is the one given then.
  auto then = json_of({"show", "P1", "--as-of", "2026-11-25"});
  EXPECT_EQ(then.at("due"), "2027-01-15");
  EXPECT_EQ(then.at("provisional"), true);
  EXPECT_EQ(json_of({"show", "P2"}).at("due"), "2027-01-19");
  EXPECT_EQ(json_of({"calendar", "show", "--year", "2027"}).at("holidays").as_array().size(), 2u);
  auto changes = json_of({"calendar", "changes"});
  ASSERT_EQ(changes.as_array().size(), 1u);
  EXPECT_EQ(changes.at(0).at("on"), "2026-11-26");
  EXPECT_EQ(changes.at(0).at("moved"), 1);

  // Every kept standing was worked out again, under the new table.
  RunResult verify = luodi({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // The list and the overdue list take the same answer.
  now_ = "2027-01-16T10:00";
  EXPECT_TRUE(json_of({"overdue"}).as_array().empty()) << "P1 is due 01-18, P2 01-19";
  now_ = "2027-01-19T10:00";
  EXPECT_EQ(json_of({"overdue"}).as_array().size(), 1u);
  EXPECT_EQ(json_of({"show", "P1"}).at("days_overdue"), 1);
}

TEST_F(RuleChanges, ATableThatChangesThePastIsRefusedNamingTheDay) {
  write_file(dir_.file("cn-2026.yaml"), past_changed());
  RunResult r = luodi({"calendar", "load", dir_.file("cn-2026.yaml")});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("2026-10-08"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("history stays as it was"), std::string::npos) << r.err;
  EXPECT_TRUE(json_of({"calendar", "changes"}).as_array().empty());
  // A bad table is an error at its place, and changes nothing either.
  write_file(dir_.file("bad.yaml"),
             "id: cn\nyears:\n  - year: 2027\n    holidays:\n      - {from: 2027-13-01}\n");
  RunResult bad = luodi({"calendar", "load", dir_.file("bad.yaml")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.yaml:"), std::string::npos) << bad.err;
  EXPECT_EQ(json_of({"show", "P1"}).at("provisional"), true);
}

TEST_F(RuleChanges, ARunningServerAnswersWithTheNewTableWithoutARestart) {
  RunResult added = luodi({"user", "add", "督查员", "--role", "supervisor"});
  ASSERT_EQ(added.exit_code, 0);
  const std::string supervisor = added.out.substr(0, 64);
  added = luodi({"user", "add", "游埠镇招商办", "--role", "unit", "--unit", "游埠镇"});
  ASSERT_EQ(added.exit_code, 0);
  const std::string unit = added.out.substr(0, 64);
  ServerProcess server(db_, {}, {{"LUODI_NOW", now_}});
  auto due = [&] {
    auto r = http_request(server.port(), "GET", "/api/projects/P1", "", unit);
    EXPECT_EQ(r.status, 200u) << r.body;
    return boost::json::parse(r.body).at("due");
  };
  EXPECT_EQ(due(), "2027-01-15");
  // Loaded by another process (the CLI): the server's next answer uses it.
  ASSERT_EQ(luodi({"calendar", "load", dir_.file("cn-2027.yaml")}).exit_code, 0);
  EXPECT_EQ(due(), "2027-01-18");
  // Over HTTP: for supervisors only; a dry run lists, the past is refused.
  EXPECT_EQ(http_request(server.port(), "POST", "/api/calendar", k2027, unit).status, 403u);
  auto dry = http_request(server.port(), "POST", "/api/calendar?dry_run=1", k2027, supervisor);
  EXPECT_EQ(dry.status, 200u) << dry.body;
  EXPECT_TRUE(boost::json::parse(dry.body).as_array().empty())
      << "the same table again moves nothing";
  auto past = http_request(server.port(), "POST", "/api/calendar", past_changed(), supervisor);
  EXPECT_EQ(past.status, 400u);
  EXPECT_NE(past.body.find("2026-10-08"), std::string::npos) << past.body;
  auto ok = http_request(server.port(), "POST", "/api/calendar", k2027, supervisor);
  EXPECT_EQ(ok.status, 200u) << ok.body;
  EXPECT_EQ(boost::json::parse(ok.body).at("moved"), 0);
  auto changes = http_request(server.port(), "GET", "/api/calendar/changes", "", unit);
  EXPECT_EQ(boost::json::parse(changes.body).as_array().size(), 2u);
  EXPECT_EQ(server.stop(), 0);
}

TEST_F(RuleChanges, NextYearsTargetsLoadedIntoTheCityAreTheReportsOfThatYear) {
  write_file(dir_.file("2026.yaml"),
             "year: 2026\nissued_by: 市政府\ndomestic_capital_wan: 123456\n");
  RunResult r = luodi({"targets", "load", dir_.file("2026.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("targets for 2026 loaded into city default"), std::string::npos) << r.out;
  // The city's own targets win over the installed workflows/targets/2026.yaml (255000).
  RunResult report = luodi({"report", "--format", "json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("123456"), std::string::npos);
  EXPECT_EQ(report.out.find("255000"), std::string::npos);
  write_file(dir_.file("bad.yaml"), "year: twenty\n");
  RunResult bad = luodi({"targets", "load", dir_.file("bad.yaml")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.yaml:1:"), std::string::npos) << bad.err;
}

// The city's workflow (without digests) revised: a 供地 stage between
// signing and pre-review, with its evidence, and signing's limit 60 → 45 days.
std::string revised_workflow() {
  std::string t = testing::workflow_without_digests();
  const std::string signed_limit = "    limit: {days: 60}\n  - id: pre_review\n";
  const auto at = t.find(signed_limit);
  EXPECT_NE(at, std::string::npos);
  return t.replace(at, signed_limit.size(),
                   "    limit: {days: 45}\n"
                   "  - id: land_supply\n"
                   "    label: {zh: 供地, en: Land supply}\n"
                   "    limit: {days: 30}\n"
                   "    evidence:\n"
                   "      - id: land_contract\n"
                   "        label: {zh: 土地出让合同号, en: Land contract number}\n"
                   "  - id: pre_review\n");
}

// … and without the completion stage.
std::string without_completion() {
  std::string t = testing::workflow_without_digests();
  const std::string completion =
      "  - id: completion\n    label: {zh: 竣工, en: Completion}\n    limit: {days: 180}\n";
  const auto at = t.find(completion);
  EXPECT_NE(at, std::string::npos);
  return t.erase(at, completion.size());
}

TEST_F(RuleChanges, ARevisedWorkflowGovernsFromItsDayAndAnswersBeforeKeepTheOldRules) {
  // P1 signed on 11-01 (due 12-31 under 60 days, 12-16 under 45); P2 in pre-review.
  ASSERT_EQ(luodi({"add", "S1", "--name", "丙", "--unit", "游埠镇", "--stage-since", "2026-11-01"})
                .exit_code,
            0);
  // A1 moved from signing to pre-review before the revision, as the rules then allowed.
  ASSERT_EQ(luodi({"add", "A1", "--name", "戊", "--unit", "游埠镇", "--stage-since", "2026-10-01"})
                .exit_code,
            0);
  ASSERT_EQ(luodi({"advance", "A1", "--to", "pre_review", "--on", "2026-11-24"}).exit_code, 0);
  write_file(dir_.file("revised.yaml"), revised_workflow());
  auto dry =
      json_of({"workflow", "apply", dir_.file("revised.yaml"), "--on", "2026-12-01", "--dry-run"});
  ASSERT_TRUE(dry.is_array());
  ASSERT_EQ(dry.as_array().size(), 2u) << dry;  // S1, and P2 (signed since 11-20: 01-19 → 01-04)
  EXPECT_EQ(dry.at(1).at("code"), "S1");
  EXPECT_EQ(dry.at(1).at("due_before"), "2026-12-31");
  EXPECT_EQ(dry.at(1).at("due_after"), "2026-12-16");
  EXPECT_TRUE(json_of({"workflow", "changes"}).as_array().empty()) << "a dry run writes nothing";

  RunResult past = luodi({"workflow", "apply", dir_.file("revised.yaml"), "--on", "2026-11-24"});
  EXPECT_EQ(past.exit_code, 2);
  EXPECT_NE(past.err.find("before today"), std::string::npos) << past.err;
  RunResult applied = luodi({"workflow", "apply", dir_.file("revised.yaml"), "--on", "2026-12-01"});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("from 2026-12-01: 2 project(s) changed"), std::string::npos)
      << applied.out;

  // Until its day, the old rules.
  EXPECT_EQ(json_of({"show", "S1"}).at("due"), "2026-12-31");
  now_ = "2026-12-02T10:00";
  auto s1 = json_of({"show", "S1"});
  EXPECT_EQ(s1.at("due"), "2026-12-16");
  EXPECT_EQ(s1.at("due_stage"), "land_supply");
  EXPECT_EQ(json_of({"show", "S1", "--as-of", "2026-11-30"}).at("due"), "2026-12-31");
  EXPECT_EQ(json_of({"show", "S1", "--as-of", "2026-11-30"}).at("due_stage"), "pre_review");
  // A late entry dated before A1's move: that move stays legal, made under the rules then.
  RunResult late = luodi({"invest", "A1", "--fixed-asset-wan", "800", "--on", "2026-11-22"});
  EXPECT_EQ(late.exit_code, 0) << late.err;
  EXPECT_EQ(json_of({"show", "A1"}).at("stage"), "pre_review");
  // A project past the added stage stays where it is; the list finds stages by the new numbering.
  EXPECT_EQ(json_of({"show", "P1"}).at("stage"), "pre_review");
  EXPECT_EQ(json_of({"list", "--stage", "pre_review"}).as_array().size(), 2u);
  EXPECT_EQ(json_of({"list", "--stage", "signed"}).as_array().size(), 2u);
  // The new stage is the next one, with its evidence.
  EXPECT_EQ(luodi({"advance", "S1", "--to", "pre_review"}).exit_code, 3);
  EXPECT_EQ(luodi({"advance", "S1", "--to", "land_supply"}).exit_code, 2)
      << "its evidence is missing";
  RunResult moved =
      luodi({"advance", "S1", "--to", "land_supply", "--evidence", "land_contract=TD-2026-88"});
  EXPECT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_EQ(json_of({"show", "S1"}).at("stage"), "land_supply");
  EXPECT_EQ(json_of({"list", "--stage", "land_supply"}).as_array().size(), 1u);
  RunResult verify = luodi({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  auto changes = json_of({"workflow", "changes"});
  ASSERT_EQ(changes.as_array().size(), 1u);
  EXPECT_EQ(changes.at(0).at("kind"), "workflow");
  EXPECT_EQ(changes.at(0).at("on"), "2026-12-01");
}

TEST_F(RuleChanges, AStandingKeptBeforeARevisionsDayDoesNotOutliveIt) {
  // Signing's limit 60 → 45 days from 12-01: S1 (signed 10-20) is due 12-04, not 12-19.
  ASSERT_EQ(luodi({"add", "S1", "--name", "丙", "--unit", "游埠镇", "--stage-since", "2026-10-20"})
                .exit_code,
            0);
  std::string shorter = testing::workflow_without_digests();
  const std::string limit = "    limit: {days: 60}\n  - id: pre_review\n";
  const auto at = shorter.find(limit);
  ASSERT_NE(at, std::string::npos);
  write_file(dir_.file("shorter.yaml"),
             shorter.replace(at, limit.size(), "    limit: {days: 45}\n  - id: pre_review\n"));
  ASSERT_EQ(luodi({"workflow", "apply", dir_.file("shorter.yaml"), "--on", "2026-12-01"}).exit_code,
            0);
  // A tick before the day keeps S1's standing under the old rules …
  now_ = "2026-11-27T10:00";
  ASSERT_EQ(luodi({"tick"}).exit_code, 0);
  EXPECT_EQ(json_of({"show", "S1"}).at("due"), "2026-12-19");
  // … which does not hold once the revision governs: the kept lists say what the function says.
  now_ = "2026-12-05T08:00";
  auto overdue = json_of({"overdue"});
  ASSERT_EQ(overdue.as_array().size(), 1u) << overdue;
  EXPECT_EQ(overdue.at(0).at("code"), "S1");
  EXPECT_EQ(overdue.at(0).at("days_overdue"), 1);
  EXPECT_EQ(json_of({"stats"}).at("overdue"), 1);
  ASSERT_EQ(luodi({"tick"}).exit_code, 0);
  RunResult verify = luodi({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(RuleChanges, NextYearsCampaignIsAddedBesideAFinishedOne) {
  const std::string text =
      testing::read_file(testing::source_path("workflows/campaigns/hundred-day-2026.yaml"));
  write_file(dir_.file("hundred-day-2026.yaml"), text);
  ASSERT_EQ(luodi({"campaign", "add", dir_.file("hundred-day-2026.yaml")}).exit_code, 0);
  std::string next = text;
  next.replace(next.find("id: hundred-day-2026"), 20, "id: hundred-day-2027");
  next.replace(next.find("start: 2026-07-01"), 17, "start: 2027-03-01");
  write_file(dir_.file("hundred-day-2027.yaml"), next);
  RunResult added = luodi({"campaign", "add", dir_.file("hundred-day-2027.yaml")});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  // The finished one keeps its final partition; the next one previews its scope.
  auto ended = json_of({"campaign", "status", "hundred-day-2026"});
  EXPECT_EQ(ended.at("ended"), true);
  EXPECT_EQ(ended.at("ended_on"), "2026-10-08");
  auto plan = json_of({"campaign", "plan", "hundred-day-2027"});
  EXPECT_EQ(plan.at("started"), false);
  EXPECT_EQ(plan.at("start"), "2027-03-01");
  EXPECT_EQ(plan.at("projects").as_array().size(), 2u)
      << "P1 (pre-review) and P2 (signed) get targets";
  EXPECT_EQ(luodi({"verify"}).exit_code, 0);
}

// The built rules are kept in the city (rules.kept) and read on open without
// YAML; a city without them (made by an older build, or the row deleted)
// answers the same from its YAML and keeps them again.
TEST_F(RuleChanges, TheKeptRulesAnswerAsTheYamlDoesAndAreKeptAgainWhenMissing) {
  const std::string text =
      testing::read_file(testing::source_path("workflows/campaigns/hundred-day-2026.yaml"));
  write_file(dir_.file("hundred-day-2026.yaml"), text);
  ASSERT_EQ(luodi({"campaign", "add", dir_.file("hundred-day-2026.yaml")}).exit_code, 0);
  ASSERT_EQ(luodi({"calendar", "load", dir_.file("cn-2027.yaml")}).exit_code, 0);
  const std::string kept = city_.query("SELECT value FROM meta WHERE key = 'rules.kept'");
  ASSERT_FALSE(kept.empty()) << "kept in the transaction of the load";
  EXPECT_NE(kept.find("revision 1; campaigns hundred-day-2026;"), std::string::npos) << kept;
  auto answers = [&] {
    std::string out;
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"show", "P1", "--json"},
                                               {"list", "--json"},
                                               {"campaign", "status", "hundred-day-2026", "--json"},
                                               {"show", "P1", "--as-of", "2026-11-24", "--json"}}) {
      RunResult r = luodi(args);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      out += r.out;
    }
    return out;
  };
  const std::string before = answers();
  city_.execute("DELETE FROM meta WHERE key = 'rules.kept'");
  EXPECT_EQ(answers(), before) << "parsed from the YAML: the same answers";
  EXPECT_EQ(city_.query("SELECT value FROM meta WHERE key = 'rules.kept'"), kept)
      << "kept again on open";
  // A kept form of another key (rules changed by a build that did not keep
  // them) is not used: the YAML is parsed and the form kept anew.
  city_.execute(
      "UPDATE meta SET value = replace(value, 'revision 1;', 'revision 9;') "
      "WHERE key = 'rules.kept'");
  EXPECT_EQ(answers(), before);
  EXPECT_EQ(city_.query("SELECT value FROM meta WHERE key = 'rules.kept'"), kept);
  EXPECT_EQ(luodi({"verify"}).exit_code, 0);
}

TEST_F(RuleChanges, ARevisionThatRemovesAStageAProjectStandsInIsRefusedNamingIt) {
  ASSERT_EQ(luodi({"add", "C1", "--name", "丁", "--unit", "游埠镇", "--stage", "completion",
                   "--evidence", "permit=330781", "--stage-since", "2026-11-01"})
                .exit_code,
            0);
  write_file(dir_.file("smaller.yaml"), without_completion());
  RunResult r = luodi({"workflow", "apply", dir_.file("smaller.yaml"), "--on", "2026-12-01"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("completion: C1"), std::string::npos) << r.err;
  EXPECT_TRUE(json_of({"workflow", "changes"}).as_array().empty());
  write_file(dir_.file("broken.yaml"), "id: x\nstages: 7\n");
  RunResult broken = luodi({"workflow", "apply", dir_.file("broken.yaml"), "--on", "2026-12-01"});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("broken.yaml:"), std::string::npos) << broken.err;
}

}  // namespace
}  // namespace luodi
