// End-to-end: the real luodi binary against a real database (a SQLite file;
// PostgreSQL in the suite's second round, support/test_database.h).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::run_luodi;
using testing::RunResult;
using testing::TempDir;
using testing::write_file;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(luodi({"init"}).exit_code, 0); }

  RunResult luodi(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_luodi(args, {{"LUODI_NOW", "2026-06-30T09:00"}, {"LUODI_USER", "督查员"}});
  }
  boost::json::value json_of(std::vector<std::string> args) {
    args.push_back("--json");
    RunResult r = luodi(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return boost::json::parse(r.out);
  }
  std::string add_sample() {
    RunResult r =
        luodi({"add", "P1", "--name", "毛毯项目", "--unit", "游埠镇", "--leader", "王建国",
               "--investment-wan", "8,000", "--land-need-mu", "45", "--stage-since", "2026-01-05"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
};

TEST_F(CliTest, InitRefusesToOverwrite) {
  RunResult r = luodi({"init"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("already exists"), std::string::npos);
}

TEST_F(CliTest, BrokenWorkflowFileIsReportedWithItsPosition) {
  write_file(dir_.file("bad.yaml"), "id: w\nversion: 1\nstages: oops\n");
  RunResult r =
      run_luodi({"--db", dir_.file("other.db"), "init", "--workflow", dir_.file("bad.yaml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir_.file("bad.yaml") + ":3:9: stages must be a list"), std::string::npos)
      << r.err;
  EXPECT_FALSE(std::ifstream(dir_.file("other.db")).good()) << "no half-made database";
}

TEST_F(CliTest, LifecycleThroughTheCommandLine) {
  add_sample();
  EXPECT_EQ(luodi({"advance", "P1", "--to", "pre_review", "--on", "2026-02-01"}).exit_code, 0);
  EXPECT_EQ(luodi({"advance", "P1", "--to", "site_entry", "--on", "2026-03-01"}).exit_code, 0);
  RunResult no_permit = luodi({"advance", "P1", "--to", "construction"});
  EXPECT_EQ(no_permit.exit_code, 2) << "missing evidence is bad input";
  // The error in the reader's language: Chinese unless --lang en (or LUODI_LANG=en).
  EXPECT_NE(no_permit.err.find("进入开工阶段需提供施工许可证号"), std::string::npos)
      << no_permit.err;
  RunResult no_permit_en = luodi({"--lang", "en", "advance", "P1", "--to", "construction"});
  EXPECT_EQ(no_permit_en.exit_code, 2);
  EXPECT_NE(no_permit_en.err.find("stage construction needs evidence 'permit'"), std::string::npos)
      << no_permit_en.err;
  RunResult illegal = luodi({"advance", "P1", "--to", "production"});
  EXPECT_EQ(illegal.exit_code, 3);
  EXPECT_NE(illegal.err.find("It is active at stage site_entry; allowed from there: advance to "
                             "construction, block, cancel, drop"),
            std::string::npos)
      << illegal.err;
  EXPECT_EQ(luodi({"advance", "P1", "--to", "开工", "--evidence", "permit=330781"}).exit_code, 0);

  // Dated before the construction start it would have prevented: refused.
  RunResult late = luodi(
      {"block", "P1", "--category", "funding", "--reason", "贷款未到位", "--on", "2026-04-02"});
  EXPECT_EQ(late.exit_code, 3);
  EXPECT_NE(late.err.find("would make the later advanced of 2026-06-30 illegal"), std::string::npos)
      << late.err;
  RunResult block = luodi(
      {"block", "P1", "--category", "funding", "--reason", "贷款未到位", "--owner", "金融办"});
  ASSERT_EQ(block.exit_code, 0) << block.err;
  EXPECT_EQ(block.out, "1\n");
  auto shown = json_of({"show", "P1"});
  EXPECT_EQ(shown.at("status"), "blocked");
  EXPECT_EQ(shown.at("stage"), "construction");
  EXPECT_EQ(shown.at("stage_since"), "2026-06-30");
  EXPECT_EQ(shown.at("leader"), "王建国");
  EXPECT_EQ(shown.at("investment_wan").to_number<double>(), 8000);
  EXPECT_TRUE(shown.at("land_secured_mu").is_null());
  const auto& b = shown.at("blockers").as_array().at(0);
  EXPECT_EQ(b.at("id").to_number<int>(), 1);
  EXPECT_EQ(b.at("category"), "funding");
  EXPECT_EQ(b.at("owner"), "金融办");
  EXPECT_EQ(b.at("since"), "2026-06-30");

  EXPECT_EQ(luodi({"unblock", "P1", "--blocker", "7"}).exit_code, 2);
  EXPECT_EQ(luodi({"unblock", "P1", "--note", "贷款已放款"}).exit_code, 0);
  EXPECT_EQ(luodi({"cancel", "P1", "--reason", "环评未通过"}).exit_code, 0);
  EXPECT_EQ(luodi({"reinstate", "P1"}).exit_code, 3);
  EXPECT_EQ(json_of({"show", "P1"}).at("status"), "cancelled");

  auto history = json_of({"history", "P1"}).as_array();
  ASSERT_EQ(history.size(), 7u);
  EXPECT_EQ(history[3].at("kind"), "advanced");
  EXPECT_EQ(history[3].at("from"), "site_entry");
  EXPECT_EQ(history[3].at("to"), "construction");
  EXPECT_EQ(history[3].at("by"), "督查员");
  EXPECT_EQ(history[3].at("evidence").at("permit"), "330781");
  EXPECT_EQ(history[6].at("kind"), "cancelled");
  EXPECT_EQ(history[6].at("note"), "环评未通过");
  EXPECT_EQ(history[6].at("recorded_at"), "2026-06-30T09:00:00+08:00");
  EXPECT_EQ(luodi({"verify"}).exit_code, 0);
}

TEST_F(CliTest, ExitCodesForBadInput) {
  add_sample();
  EXPECT_EQ(luodi({"advance", "NOPE", "--to", "pre_review"}).exit_code, 2);
  EXPECT_EQ(luodi({"advance", "P1", "--to", "moon"}).exit_code, 2);
  EXPECT_EQ(luodi({"advance", "P1"}).exit_code, 2);
  EXPECT_EQ(luodi({"advance", "P1", "--to", "pre_review", "--on", "yesterday"}).exit_code, 2);
  EXPECT_EQ(luodi({"advance", "P1", "--bogus", "x"}).exit_code, 2);
  EXPECT_EQ(luodi({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(luodi({"show"}).exit_code, 2);
  EXPECT_EQ(luodi({"list", "--status", "sleeping"}).exit_code, 2);
  EXPECT_EQ(run_luodi({"--db", dir_.file("missing.db"), "list"}).exit_code, 2);
  EXPECT_EQ(luodi({"help"}).exit_code, 0);
}

TEST_F(CliTest, ImportsAGbkSpreadsheetWithChineseHeaders) {
  // Saved by Excel on Chinese Windows: GBK, CRLF, quoted fields.
  // 项目编号,项目名称,责任单位,阶段,阶段日期,重点 / 中文 values, in GBK bytes.
  std::string header =
      "\xCF\xEE\xC4\xBF\xB1\xE0\xBA\xC5,\xCF\xEE\xC4\xBF\xC3\xFB\xB3\xC6,"
      "\xD4\xF0\xC8\xCE\xB5\xA5\xCE\xBB,\xBD\xD7\xB6\xCE,"
      "\xBD\xD7\xB6\xCE\xC8\xD5\xC6\xDA,\xD6\xD8\xB5\xE3\r\n";
  // G1,"Alpha, ""phase 1""",游埠镇,预审,2026/3/1,是
  std::string row1 =
      "G1,\"Alpha, \"\"phase 1\"\"\",\xD3\xCE\xB2\xBA\xD5\xF2,\xD4\xA4\xC9\xF3,"
      "2026/3/1,\xCA\xC7\r\n";
  // G2,"two\r\nlines",游埠镇,signed,,否
  std::string row2 = "G2,\"two\r\nlines\",\xD3\xCE\xB2\xBA\xD5\xF2,signed,,\xB7\xF1\r\n";
  write_file(dir_.file("gbk.csv"), header + row1 + row2);
  RunResult r = luodi({"import", dir_.file("gbk.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 2 projects (1 on the key list, 1 in the pipeline)"),
            std::string::npos);
  auto g1 = json_of({"show", "G1"});
  EXPECT_EQ(g1.at("name"), "Alpha, \"phase 1\"");
  EXPECT_EQ(g1.at("unit"), "游埠镇");
  EXPECT_EQ(g1.at("stage"), "pre_review");
  EXPECT_EQ(g1.at("stage_since"), "2026-03-01");
  auto g2 = json_of({"show", "G2"});
  EXPECT_EQ(g2.at("name"), "two lines")
      << "a cell's line break folds into a space: names are one line";
  EXPECT_EQ(g2.at("key"), false);
  EXPECT_EQ(g2.at("stage_since"), "2026-06-30");
}

TEST_F(CliTest, ABadImportReportsEveryRowAndWritesNothing) {
  write_file(dir_.file("bad.csv"),
             "\xEF\xBB\xBF"
             "code,name,unit,industry,colour\nB1,甲,镇,二产,red\n");
  // A column luodi does not know is refused with --strict (issue 28: else skipped, named once).
  RunResult unknown_column = luodi({"import", dir_.file("bad.csv"), "--strict"});
  EXPECT_EQ(unknown_column.exit_code, 2);
  EXPECT_NE(unknown_column.err.find(dir_.file("bad.csv") + ":1:25: unknown column 'colour'"),
            std::string::npos)
      << unknown_column.err;
  EXPECT_EQ(json_of({"list"}).as_array().size(), 0u);
  RunResult skipped = luodi({"import", dir_.file("bad.csv"), "--dry-run", "--lang", "en"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(skipped.err, dir_.file("bad.csv") +
                             ":1:25: unknown column 'colour' skipped (--strict refuses it)\n");
  EXPECT_NE(skipped.out.find("would import 1 projects"), std::string::npos) << skipped.out;

  write_file(
      dir_.file("rows.csv"),
      "code,name,unit,industry,key\nB1,甲,镇,二产,是\nB2,乙,,四产,是\nB3,丙,镇,一产,maybe\n");
  RunResult rows = luodi({"import", dir_.file("rows.csv")});
  EXPECT_EQ(rows.exit_code, 2);
  EXPECT_NE(rows.err.find("rows.csv:3:6: unit is empty"), std::string::npos) << rows.err;
  EXPECT_NE(rows.err.find("rows.csv:3:7: industry '四产'"), std::string::npos) << rows.err;
  EXPECT_NE(rows.err.find("rows.csv:4:11: key 'maybe'"), std::string::npos) << rows.err;
  EXPECT_EQ(json_of({"list"}).as_array().size(), 0u);
  EXPECT_EQ(luodi({"verify"}).out.find("ok: 0 projects, 0 events"), 0u);
}

// The city's name: given at init --name or by city rename; a city without
// one (init without --name, or a database from before names, which kept the
// id as the name) shows by its id, and each command that shows city names
// says once how to name it.
TEST_F(CliTest, TheCityIsNamedAtInitOrByRename) {
  const std::string hint =
      "提示：城市 default 尚未命名，暂以编号显示；命名：luodi city rename default "
      "--name 城市名称\n";
  auto listed = luodi({"city", "list", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(boost::json::parse(listed.out),
            boost::json::parse(R"([{"id":"default","name":"default","named":false}])"));
  EXPECT_EQ(listed.err, hint);
  auto rollup = luodi({"report", "--province", "--format", "csv"});
  ASSERT_EQ(rollup.exit_code, 0) << rollup.err;
  EXPECT_NE(rollup.out.find("\ndefault,"), std::string::npos) << rollup.out;
  EXPECT_EQ(rollup.err, hint);
  EXPECT_EQ(luodi({"--lang", "en", "city", "list"}).err,
            "hint: city default has no name yet and is shown by its id; name it: luodi city rename "
            "default --name NAME\n");

  auto renamed = luodi({"city", "rename", "default", "--name", "义乌市"});
  ASSERT_EQ(renamed.exit_code, 0) << renamed.err;
  EXPECT_EQ(renamed.out, "城市 default 已命名为 义乌市\n");
  listed = luodi({"city", "list", "--json"});
  EXPECT_EQ(boost::json::parse(listed.out),
            boost::json::parse(R"([{"id":"default","name":"义乌市","named":true}])"));
  EXPECT_EQ(listed.err, "") << "no hint once named";
  rollup = luodi({"report", "--province", "--format", "csv"});
  EXPECT_NE(rollup.out.find("\n义乌市,"), std::string::npos) << rollup.out;
  EXPECT_EQ(rollup.err, "");

  // Refused, and the name kept: blank, missing, or a city this database has not.
  EXPECT_EQ(luodi({"city", "rename", "default", "--name", "  "}).exit_code, 2);
  EXPECT_EQ(luodi({"city", "rename", "default", "--name", "义乌\n市"}).exit_code, 2);
  auto usage = luodi({"city", "rename", "default"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(usage.err, "luodi city: 用法：luodi city rename ID --name 城市名称\n");
  EXPECT_EQ(luodi({"city", "rename", "nowhere", "--name", "某市"}).exit_code, 2);
  EXPECT_EQ(boost::json::parse(luodi({"city", "list", "--json"}).out).at(0).at("name"), "义乌市");

  // A database from before names kept the id as the name: that is none.
  city_.execute(city_.postgres() ? "UPDATE luodi.cities SET name = 'default' WHERE id = 'default'"
                                 : "UPDATE meta SET value = 'default' WHERE key = 'city.name'");
  listed = luodi({"city", "list", "--json"});
  EXPECT_EQ(boost::json::parse(listed.out).at(0).at("named"), false);
  EXPECT_EQ(listed.err, hint);

  // Named at init.
  testing::TestDatabase other(dir_, "other.db");
  auto made = run_luodi({"--db", other.location(), "init", "--name", "金华市"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto theirs = run_luodi({"--db", other.location(), "city", "list"});
  EXPECT_NE(theirs.out.find("金华市"), std::string::npos) << theirs.out;
  EXPECT_EQ(theirs.err, "");
  testing::TestDatabase blank(dir_, "blank.db");
  EXPECT_EQ(run_luodi({"--db", blank.location(), "init", "--name", ""}).exit_code, 2);
}

TEST_F(CliTest, ListFiltersAndStats) {
  add_sample();
  ASSERT_EQ(luodi({"add", "P2", "--name", "乙", "--unit", "女埠街道", "--investment-wan", "12000",
                   "--stage", "site_entry", "--stage-since", "2026-05-01", "--land-need-mu", "10",
                   "--land-secured-mu", "4.5"})
                .exit_code,
            0);
  ASSERT_EQ(luodi({"add", "N1", "--name", "在谈", "--unit", "镇", "--key", "no"}).exit_code, 0);
  EXPECT_EQ(json_of({"list", "--unit", "女埠街道"}).as_array().size(), 1u);
  EXPECT_EQ(json_of({"list", "--stage", "进场"}).as_array().at(0).at("code"), "P2");
  EXPECT_EQ(json_of({"list", "--leader", "王建国"}).as_array().at(0).at("code"), "P1");
  EXPECT_EQ(json_of({"list", "--status", "active"}).as_array().size(), 3u);
  RunResult table = luodi({"list"});
  EXPECT_NE(table.out.find("3 projects"), std::string::npos);

  auto s = json_of({"stats"});
  EXPECT_EQ(s.at("as_of"), "2026-06-30");
  EXPECT_EQ(s.at("key_projects").to_number<int>(), 2);
  EXPECT_EQ(s.at("active").to_number<int>(), 2);
  EXPECT_EQ(s.at("pipeline").to_number<int>(), 1);
  EXPECT_EQ(s.at("site_entry_or_later").to_number<int>(), 1);
  EXPECT_EQ(s.at("start_ratio").to_number<double>(), 0.5);
  EXPECT_EQ(s.at("active_investment_wan").to_number<double>(), 20000);
  EXPECT_EQ(s.at("land_need_mu").to_number<double>(), 55);
  EXPECT_EQ(s.at("land_shortfall_mu").to_number<double>(), 50.5);
  EXPECT_EQ(s.at("by_stage").at("site_entry").to_number<int>(), 1);
  auto before = json_of({"stats", "--as-of", "2026-04-30"});
  EXPECT_EQ(before.at("site_entry_or_later").to_number<int>(), 0);
  EXPECT_EQ(before.at("key_projects").to_number<int>(), 1);
}

TEST_F(CliTest, VerifyFailsOnATamperedProjection) {
  add_sample();
  EXPECT_EQ(luodi({"verify"}).exit_code, 0);
  city_.execute("UPDATE projects SET status = 'finished'");
  RunResult r = luodi({"verify"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("P1: status: projection finished, replay active"), std::string::npos)
      << r.out;
}

TEST_F(CliTest, EvidenceIsAskedForHoweverAProjectGetsToItsStage) {
  RunResult bare =
      luodi({"add", "E1", "--name", "甲", "--unit", "游埠镇", "--stage", "construction"});
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_NE(bare.err.find("needs evidence 'permit'"), std::string::npos) << bare.err;
  RunResult later =
      luodi({"add", "E1", "--name", "甲", "--unit", "游埠镇", "--stage", "completion"});
  EXPECT_EQ(later.exit_code, 2) << "completion comes only through construction";
  EXPECT_EQ(luodi({"add", "E1", "--name", "甲", "--unit", "游埠镇", "--stage", "construction",
                   "--evidence", "permit=330781"})
                .exit_code,
            0);
  EXPECT_EQ(json_of({"history", "E1"}).as_array()[0].at("evidence").at("permit"), "330781");
  ASSERT_EQ(
      luodi({"add", "E2", "--name", "乙", "--unit", "游埠镇", "--stage", "pre_review"}).exit_code,
      0);
  RunResult typo = luodi({"advance", "E2", "--to", "site_entry", "--evidence", "permmit=1"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("unknown evidence 'permmit'"), std::string::npos) << typo.err;

  // A spreadsheet row at 开工 takes its permit from the 施工许可证 column, or is refused.
  write_file(dir_.file("no-permit.csv"), "项目编号,项目名称,责任单位,阶段\nE3,丙,游埠镇,开工\n");
  RunResult missing = luodi({"import", dir_.file("no-permit.csv")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no-permit.csv:2:"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("permit"), std::string::npos) << missing.err;
  write_file(dir_.file("permit.csv"),
             "项目编号,项目名称,责任单位,阶段,施工许可证\nE3,丙,游埠镇,开工,330781-2\nE4,丁,游埠镇,"
             "签约,\n");
  RunResult with = luodi({"import", dir_.file("permit.csv")});
  ASSERT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(json_of({"history", "E3"}).as_array()[0].at("evidence").at("permit"), "330781-2");
}

}  // namespace
}  // namespace luodi
