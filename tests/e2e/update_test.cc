// Records that change: `luodi update` and PATCH /api/projects/{code} record a
// dated change of attributes that every as-of view replays; the land ledger
// never lets secured exceed need.
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

class Update : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(dir_.file("no-campaigns"));
    ASSERT_EQ(luodi({"init", "--campaigns", dir_.file("no-campaigns")}, "2026-03-01").exit_code, 0);
    ASSERT_EQ(luodi({"add", "Y1", "--name", "甲", "--unit", "甲镇", "--leader", "王建国",
                     "--land-need-mu", "40", "--land-secured-mu", "10"},
                    "2026-03-01")
                  .exit_code,
              0);
  }
  RunResult luodi(std::vector<std::string> args, const std::string& now = "2026-06-01T10:00") {
    args.insert(args.begin(), {"--db", db_, "--now", now});
    return run_luodi(args);
  }
  json::value json_of(std::vector<std::string> args, const std::string& now = "2026-06-01T10:00") {
    args.push_back("--json");
    RunResult r = luodi(args, now);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json::value();
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
};

TEST_F(Update, ADatedChangeIsOneEventThatAsOfViewsReplay) {
  RunResult r = luodi(
      {"update", "Y1", "--land-secured-mu", "25", "--on", "2026-03-15", "--note", "第一批指标"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("land_secured_mu: 10 → 25"), std::string::npos) << r.out;
  EXPECT_EQ(luodi({"update", "Y1", "--land-secured-mu", "25"}).out, "Y1: no change\n");
  ASSERT_EQ(luodi({"update", "Y1", "--unit", "乙镇", "--on", "2026-05-01"}).exit_code, 0);

  EXPECT_EQ(
      json_of({"show", "Y1", "--as-of", "2026-03-10"}).at("land_secured_mu").to_number<double>(),
      10);
  EXPECT_EQ(
      json_of({"show", "Y1", "--as-of", "2026-04-01"}).at("land_secured_mu").to_number<double>(),
      25);
  EXPECT_EQ(json_of({"show", "Y1", "--as-of", "2026-04-01"}).at("unit"), "甲镇");
  EXPECT_EQ(json_of({"show", "Y1"}).at("unit"), "乙镇") << "the new unit's from the change's date";
  EXPECT_EQ(json_of({"list", "--unit", "乙镇", "--as-of", "2026-04-30"}).as_array().size(), 0u);
  EXPECT_EQ(json_of({"list", "--unit", "乙镇"}).as_array().size(), 1u);
  auto march = json_of({"stats", "--as-of", "2026-03-10"});
  auto april = json_of({"stats", "--as-of", "2026-04-01"});
  EXPECT_EQ(march.at("land_shortfall_mu").to_number<double>(), 30);
  EXPECT_EQ(april.at("land_shortfall_mu").to_number<double>(), 15);
  EXPECT_EQ(april.at("land_need_mu").to_number<double>() -
                april.at("land_secured_mu").to_number<double>(),
            april.at("land_shortfall_mu").to_number<double>());

  const json::array history = json_of({"history", "Y1"}).as_array();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1].at("kind"), "update");
  EXPECT_EQ(history[1].at("note"), "第一批指标");
  EXPECT_EQ(history[1].at("changes"),
            json::parse(R"({"land_secured_mu": {"from": 10, "to": 25}})"));
  EXPECT_EQ(history[2].at("changes"), json::parse(R"({"unit": {"from": "甲镇", "to": "乙镇"}})"));
  EXPECT_EQ(luodi({"verify"}).exit_code, 0);
}

TEST_F(Update, BadChangesAreRefusedAndWriteNothing) {
  const std::string before = luodi({"history", "Y1", "--json"}).out;
  auto refused = [&](std::vector<std::string> args, const char* message) {
    args.insert(args.begin(), {"update", "Y1"});
    RunResult r = luodi(args);
    EXPECT_EQ(r.exit_code, 2) << args[2];
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  };
  refused({"--land-secured-mu", "41"}, "已落实用地 41 亩，超过用地需求 40 亩");
  refused({"--land-need-mu", "5"}, "超过用地需求 5 亩");
  refused({"--land-secured-mu", "-1"}, "已落实用地指标（亩）应为不小于 0 的数（收到 -1）");
  refused({"--industry", "mining"}, "'industry' must be primary, secondary or tertiary");
  refused({"--unit", ""}, "needs a responsible unit");
  refused({"--land-secured-mu", "20", "--on", "2026-07-01"}, "in the future");
  refused({"--land-secured-mu", "20", "--on", "2026-02-01"}, "did not exist on 2026-02-01");
  refused({}, "nothing to update");
  // A late change must leave every later one legal.
  ASSERT_EQ(luodi({"update", "Y1", "--land-secured-mu", "35", "--on", "2026-05-01"}).exit_code, 0);
  RunResult late = luodi({"update", "Y1", "--land-need-mu", "30", "--on", "2026-04-01"});
  EXPECT_EQ(late.exit_code, 3) << late.err;
  EXPECT_NE(late.err.find("later update"), std::string::npos) << late.err;
  EXPECT_EQ(luodi({"add", "Y2", "--name", "乙", "--unit", "甲镇", "--land-need-mu", "5",
                   "--land-secured-mu", "6"})
                .exit_code,
            2);
  EXPECT_NE(luodi({"history", "Y1", "--json"}).out, before) << "the one good change is there";
}

// 甲镇 has Y1 (need 40, secured 10) and Y2, whose 10 亩 were secured before
// anyone wrote down its need: the town has 20 亩 of quota, not 10, and every
// sum says that one project's need is unknown.
TEST_F(Update, LandSecuredWithNoNeedRecordedCountsInEverySumAsNeedUnknown) {
  ASSERT_EQ(luodi({"add", "Y2", "--name", "乙", "--unit", "甲镇"}, "2026-03-01").exit_code, 0);
  RunResult r = luodi({"update", "Y2", "--land-secured-mu", "10"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const json::value y2 = json_of({"show", "Y2"});
  EXPECT_TRUE(y2.at("land_need_unknown").as_bool()) << "the ledger's own line";
  EXPECT_FALSE(json_of({"show", "Y1"}).at("land_need_unknown").as_bool());
  EXPECT_NE(luodi({"show", "Y2"}).out.find("land need:    unknown"), std::string::npos);

  const json::value stats = json_of({"stats"});
  EXPECT_EQ(stats.at("land_secured_mu").to_number<double>(), 20);
  EXPECT_EQ(stats.at("land_need_mu").to_number<double>(), 40);
  EXPECT_EQ(stats.at("land_shortfall_mu").to_number<double>(), 30);
  EXPECT_EQ(stats.at("land_need_unknown").to_number<int>(), 1);

  RunResult report = luodi({"report", "--format", "json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const json::value sections = json::parse(report.out).at("sections");
  bool town = false;
  for (const auto& row : sections.at("land").at("rows").as_array()) {
    if (row.at("id") != "甲镇" && row.at("id") != "total") continue;
    town = true;
    EXPECT_EQ(row.at("land_secured_mu").to_number<double>(), 20) << row;
    EXPECT_EQ(row.at("land_need_unknown").to_number<double>(), 1) << row;
  }
  EXPECT_TRUE(town);
  bool headline = false;
  for (const auto& row : sections.at("headline").at("rows").as_array())
    if (row.at("id") == "land_need_unknown") headline = true;
  EXPECT_TRUE(headline) << "the report's headline names it too";
}

// 2000 → 1800 is a mistake unless it is said to be a correction; the
// correction is a dated event of its own, and the history shows it as one.
TEST_F(Update, ACumulativeFigureGoingDownIsRefusedUnlessCorrected) {
  ASSERT_EQ(luodi({"invest", "Y1", "--fixed-asset-wan", "2000", "--on", "2026-05-31"}).exit_code,
            0);
  const std::string before = luodi({"history", "Y1", "--json"}).out;
  RunResult down = luodi({"invest", "Y1", "--fixed-asset-wan", "1800"});
  EXPECT_EQ(down.exit_code, 2);
  EXPECT_NE(down.err.find("1800"), std::string::npos) << down.err;
  EXPECT_NE(down.err.find("2000"), std::string::npos) << down.err;
  EXPECT_NE(down.err.find("--correction"), std::string::npos) << down.err;
  EXPECT_EQ(luodi({"history", "Y1", "--json"}).out, before) << "nothing written";

  RunResult corrected = luodi({"invest", "Y1", "--fixed-asset-wan", "1800", "--correction"});
  ASSERT_EQ(corrected.exit_code, 0) << corrected.err;
  const json::value history = json_of({"history", "Y1"});
  const json::value& last = history.as_array().back();
  EXPECT_TRUE(last.at("correction").as_bool());
  EXPECT_EQ(last.at("fixed_asset_wan").to_number<double>(), 1800);
  EXPECT_EQ(last.at("on").as_string(), "2026-06-01");
  EXPECT_EQ(std::string(last.at("summary").as_string()).rfind("更正：", 0), 0u) << last;
  EXPECT_EQ(json_of({"show", "Y1"}).at("progress").at("fixed_asset_wan").to_number<double>(), 1800);
}

TEST_F(Update, PatchTheSameWayWithRoles) {
  const std::string supervisor = luodi({"user", "add", "督查科", "--role", "supervisor"}).out;
  const std::string unit = luodi({"user", "add", "甲镇办", "--role", "unit", "--unit", "甲镇"}).out;
  const std::string other =
      luodi({"user", "add", "乙镇办", "--role", "unit", "--unit", "乙镇"}).out;
  auto token = [](const std::string& line) { return line.substr(0, line.size() - 1); };
  testing::ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-06-01T10:00"}});
  auto patch = [&](const std::string& body, const std::string& who) {
    return testing::http_request(server.port(), "PATCH", "/api/projects/Y1", body, token(who));
  };
  auto ok = patch(R"({"land_secured_mu": 30, "on": "2026-05-20", "note": "第二批"})", unit);
  ASSERT_EQ(ok.status, 200u) << ok.body;
  EXPECT_EQ(json::parse(ok.body).at("land_secured_mu").to_number<double>(), 30);
  EXPECT_EQ(patch(R"({"leader": "李卫东"})", unit).status, 403u)
      << "a unit never changes its leader";
  EXPECT_EQ(patch(R"({"unit": "乙镇"})", unit).status, 403u) << "… nor its unit";
  EXPECT_EQ(patch(R"({"land_secured_mu": 31})", other).status, 403u) << "another unit's project";
  auto bad = patch(R"({"land_secured_mu": 41})", supervisor);
  EXPECT_EQ(bad.status, 400u);
  EXPECT_NE(bad.body.find("超过用地需求 40 亩"), std::string::npos) << bad.body;
  EXPECT_EQ(patch(R"({"colour": "red"})", supervisor).status, 400u);
  auto moved = patch(R"({"unit": "乙镇", "leader": null})", supervisor);
  ASSERT_EQ(moved.status, 200u) << moved.body;
  EXPECT_EQ(json::parse(moved.body).at("unit"), "乙镇");
  EXPECT_EQ(json::parse(moved.body).at("leader"), "");
  EXPECT_EQ(server.stop(), 0);
  EXPECT_EQ(json_of({"history", "Y1"}).as_array().back().at("by"), "督查科");
}

TEST_F(Update, ExportThenImportIsTheMonthlyLoop) {
  ASSERT_EQ(luodi({"add", "Y2", "--name", "=乙", "--unit", "乙镇", "--stage", "construction",
                   "--evidence", "permit=330781", "--investment-wan", "1200.5"},
                  "2026-03-01")
                .exit_code,
            0);
  const std::string sheet = dir_.file("sheet.csv");
  ASSERT_EQ(luodi({"export", "-o", sheet}).exit_code, 0);
  const std::string history =
      luodi({"history", "Y1", "--json"}).out + luodi({"history", "Y2", "--json"}).out;
  // An unedited sheet changes nothing.
  EXPECT_EQ(json_of({"import", sheet, "--update"}), json::array());
  EXPECT_EQ(luodi({"history", "Y1", "--json"}).out + luodi({"history", "Y2", "--json"}).out,
            history);
  // One edited cell is exactly one dated change.
  std::string text = testing::read_file(sheet);
  const std::string from = ",40,10,";
  ASSERT_NE(text.find(from), std::string::npos) << text;
  text.replace(text.find(from), from.size(), ",40,18,");
  testing::write_file(sheet, text);
  auto dry = json_of({"import", sheet, "--update", "--dry-run", "--on", "2026-05-30"});
  EXPECT_EQ(dry, json::parse(R"([{"code": "Y1", "action": "update",
                                  "changes": {"land_secured_mu": {"from": 10, "to": 18}}}])"));
  EXPECT_EQ(luodi({"history", "Y1", "--json"}).out + luodi({"history", "Y2", "--json"}).out,
            history)
      << "--dry-run writes nothing";
  ASSERT_EQ(luodi({"import", sheet, "--update", "--on", "2026-05-30"}).exit_code, 0);
  const json::array y1 = json_of({"history", "Y1"}).as_array();
  ASSERT_EQ(y1.size(), 2u);
  EXPECT_EQ(y1[1].at("on"), "2026-05-30");
  EXPECT_EQ(json_of({"show", "Y2"}).at("name"), "=乙")
      << "a name that looks like a formula comes back as typed";
  // The year's plan (plan_wan) goes out in its column and comes back unchanged.
  ASSERT_EQ(luodi({"update", "Y2", "--plan-wan", "800", "--on", "2026-05-30"}).exit_code, 0);
  const std::string planned = dir_.file("planned.csv");
  ASSERT_EQ(luodi({"export", "-o", planned, "--lang", "en"}).exit_code, 0);
  const std::string sheet_text = testing::read_file(planned);
  EXPECT_NE(sheet_text.find(",plan_wan"), std::string::npos) << sheet_text;
  EXPECT_NE(sheet_text.find(",800"), std::string::npos) << sheet_text;
  EXPECT_EQ(json_of({"import", planned, "--update"}), json::array())
      << "unedited, it changes nothing";
  EXPECT_EQ(json_of({"show", "Y2"}).at("plan_wan").to_number<double>(), 800);

  // A workbook with a sheet per unit; the API gives a unit its own projects only.
  const std::string book = dir_.file("sheet.xlsx");
  ASSERT_EQ(luodi({"export", "--by-unit", "-o", book}).exit_code, 0);
  RunResult sheets = testing::run_shell("unzip -l '" + book + "'", dir_.path());
  EXPECT_NE(sheets.out.find("xl/worksheets/sheet2.xml"), std::string::npos) << sheets.out;
  EXPECT_EQ(luodi({"export", "--by-unit"}).exit_code, 2) << "a sheet per unit needs a workbook";
  const std::string unit = luodi({"user", "add", "乙镇办", "--role", "unit", "--unit", "乙镇"}).out;
  testing::ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-06-01T10:00"}});
  auto csv = testing::http_request(server.port(), "GET", "/api/export?format=csv", "",
                                   unit.substr(0, unit.size() - 1));
  ASSERT_EQ(csv.status, 200u) << csv.body;
  EXPECT_NE(csv.body.find("Y2,"), std::string::npos);
  EXPECT_EQ(csv.body.find("Y1,"), std::string::npos) << "another unit's project";
  auto xlsx = testing::http_request(server.port(), "GET", "/api/export", "",
                                    unit.substr(0, unit.size() - 1));
  ASSERT_EQ(xlsx.status, 200u);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK") << "a zip: the workbook";
  // Sent in pieces from the file libxlsxwriter wrote: whole, and it reads back.
  testing::write_file(dir_.file("downloaded.xlsx"), xlsx.body);
  EXPECT_EQ(testing::run_shell("unzip -tq downloaded.xlsx", dir_.path()).exit_code, 0);
  RunResult back = luodi({"import", "--update", dir_.file("downloaded.xlsx")});
  EXPECT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(server.stop(), 0);
}

// The contact phone (联系电话), an attribute added by its declaration and its
// migration alone: given at add, changed by update (CLI and PATCH), shown,
// exported and imported by either header.
TEST_F(Update, TheContactPhoneIsAnAttributeLikeAnyOther) {
  ASSERT_EQ(
      luodi({"add", "Y3", "--name", "丙", "--unit", "丙镇", "--contact-phone", "0571-88886666"},
            "2026-03-01")
          .exit_code,
      0);
  EXPECT_EQ(json_of({"show", "Y3"}).at("contact_phone"), "0571-88886666");
  EXPECT_EQ(json_of({"show", "Y1"}).at("contact_phone"), "") << "optional: empty when not given";
  RunResult r = luodi({"update", "Y1", "--contact-phone", "13800000000", "--on", "2026-05-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("contact_phone"), std::string::npos) << r.out;
  EXPECT_EQ(json_of({"show", "Y1"}).at("contact_phone"), "13800000000");
  EXPECT_EQ(json_of({"show", "Y1", "--as-of", "2026-04-01"}).at("contact_phone"), "")
      << "from the change's date";
  EXPECT_NE(luodi({"show", "Y1"}).out.find("  phone:        13800000000\n"), std::string::npos);
  EXPECT_EQ(luodi({"update", "Y1", "--contact-phone"}).exit_code, 2) << "a flag without its value";

  // Export: its column under either header; import: by either header.
  const std::string en = dir_.file("en.csv"), zh = dir_.file("zh.csv");
  ASSERT_EQ(luodi({"export", "-o", en, "--lang", "en"}).exit_code, 0);
  ASSERT_EQ(luodi({"export", "-o", zh}).exit_code, 0);
  EXPECT_NE(testing::read_file(en).find(",contact_phone"), std::string::npos)
      << testing::read_file(en);
  EXPECT_NE(testing::read_file(en).find(",13800000000"), std::string::npos);
  EXPECT_NE(testing::read_file(zh).find(",联系电话"), std::string::npos) << testing::read_file(zh);
  EXPECT_EQ(json_of({"import", zh, "--update"}), json::array()) << "unedited, it changes nothing";
  const std::string added = dir_.file("added.csv");
  testing::write_file(added, "项目编号,项目名称,责任单位,联系电话\nY4,丁,丁镇,0571-1\n");
  RunResult imported = luodi({"import", added});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(json_of({"show", "Y4"}).at("contact_phone"), "0571-1");
  const std::string changed = dir_.file("changed.csv");
  testing::write_file(changed, "code,name,unit,contact_phone\nY4,丁,丁镇,0571-2\n");
  auto changes = json_of({"import", changed, "--update"});
  ASSERT_EQ(changes.as_array().size(), 1u) << changes;
  EXPECT_EQ(changes.at(0).at("changes"),
            json::parse(R"({"contact_phone": {"from": "0571-1", "to": "0571-2"}})"));
  EXPECT_EQ(json_of({"show", "Y4"}).at("contact_phone"), "0571-2");

  // The API: the project's JSON has it, and PATCH changes it.
  const std::string supervisor = luodi({"user", "add", "督查科", "--role", "supervisor"}).out;
  testing::ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-06-01T10:00"}});
  const std::string token = supervisor.substr(0, supervisor.size() - 1);
  auto patched = testing::http_request(server.port(), "PATCH", "/api/projects/Y3",
                                       R"({"contact_phone": "0571-3", "on": "2026-05-31"})", token);
  ASSERT_EQ(patched.status, 200u) << patched.body;
  EXPECT_EQ(json::parse(patched.body).at("contact_phone"), "0571-3");
  auto shown = testing::http_request(server.port(), "GET", "/api/projects/Y3", "", token);
  ASSERT_EQ(shown.status, 200u) << shown.body;
  EXPECT_EQ(json::parse(shown.body).at("contact_phone"), "0571-3");
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace luodi
