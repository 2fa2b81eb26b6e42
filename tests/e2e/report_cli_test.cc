// `luodi report` and `luodi invest` through the real binary on the example
// city: the half-year headline, and the same numbers in every format (the
// workbook is read back from its XML).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <regex>

#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::read_file;
using testing::run_luodi;
using testing::run_shell;
using testing::source_path;
using testing::TempDir;

// The cells of one worksheet of an xlsx file, by reference ("B3"), as text.
std::map<std::string, std::string> xlsx_sheet(const std::string& path, int sheet) {
  auto unzip = [&](const std::string& member, bool required = true) {
    auto r = run_shell("unzip -p '" + path + "' " + member, ".");
    if (required) {
      EXPECT_EQ(r.exit_code, 0) << r.err;
    }
    return r.exit_code == 0 ? r.out : std::string();
  };
  std::vector<std::string> shared;  // a workbook written row by row has none
  const std::string strings = unzip("xl/sharedStrings.xml", false);
  const std::regex si("<si><t[^>]*>([^<]*)</t></si>");
  for (auto it = std::sregex_iterator(strings.begin(), strings.end(), si);
       it != std::sregex_iterator(); ++it)
    shared.push_back((*it)[1]);
  std::map<std::string, std::string> cells;
  const std::string xml = unzip("xl/worksheets/sheet" + std::to_string(sheet) + ".xml");
  const std::regex cell("<c r=\"([A-Z]+[0-9]+)\"([^>]*)><v>([^<]*)</v></c>");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), cell); it != std::sregex_iterator();
       ++it) {
    const std::string attrs = (*it)[2], value = (*it)[3];
    cells[(*it)[1]] =
        attrs.find("t=\"s\"") != std::string::npos ? shared.at(std::stoul(value)) : value;
  }
  // Text written in place (a workbook written row by row).
  const std::regex inline_text(
      "<c r=\"([A-Z]+[0-9]+)\"[^>]*t=\"inlineStr\"[^>]*><is><t[^>]*>([^<]*)</t></is></c>");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), inline_text);
       it != std::sregex_iterator(); ++it)
    cells[(*it)[1]] = (*it)[2];
  return cells;
}

class ReportCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    city_ = new testing::TestDatabase(*dir_, "xx.db");
    db_ = city_->location();
    auto load = run_shell("LUODI_NOW=2026-07-31 LUODI_BIN='" + std::string(LUODI_BINARY) + "' '" +
                              source_path("examples/xx-city/load.sh") + "' '" + db_ + "'",
                          dir_->path());
    ASSERT_EQ(load.exit_code, 0) << load.out << load.err;
  }
  static void TearDownTestSuite() {
    delete city_;
    delete dir_;
  }

  static testing::RunResult report(std::vector<std::string> extra) {
    std::vector<std::string> args{"--db",   db_,       "--now",     "2026-07-31",
                                  "report", "--as-of", "2026-06-30"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_luodi(args);
  }

  static TempDir* dir_;
  static testing::TestDatabase* city_;
  static std::string db_;
};

TempDir* ReportCliTest::dir_ = nullptr;
testing::TestDatabase* ReportCliTest::city_ = nullptr;
std::string ReportCliTest::db_;

TEST_F(ReportCliTest, ReproducesTheHalfYearReportsHeadline) {
  auto r = report({"--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = boost::json::parse(r.out);
  const auto& h = doc.at("headline");
  auto num = [&](const char* k) { return h.at(k).to_number<double>(); };
  EXPECT_EQ(num("key_projects"), 50);
  EXPECT_EQ(num("cancelled"), 1) << "the blanket project";
  EXPECT_EQ(num("active"), 49);
  EXPECT_EQ(num("total_investment_yi"), 58.92) << "49 个总投资 58.92 亿元";
  EXPECT_EQ(num("started"), 34) << "已开工和已进场项目 34 只";
  EXPECT_EQ(num("start_ratio_percent"), 69.39) << "34/49 (the report rounds to 69.5)";
  EXPECT_EQ(num("fixed_asset_ytd_wan"), 136400) << "完成固定资产投入 13.64 亿元";
  EXPECT_EQ(num("domestic_target_wan"), 255000);
  EXPECT_EQ(num("domestic_completion_percent"), 53.49) << "完成内资 25.5 亿元任务数的 53.49%";
  EXPECT_EQ(num("foreign_arrived_ytd_usd_wan"), 405) << "实到外资 405 万美元";
  EXPECT_EQ(num("foreign_completion_percent"), 11.57) << "完成 3500 万美元任务数的 11.57%";
  EXPECT_EQ(num("land_need_mu"), 3021);
  EXPECT_EQ(num("land_shortfall_mu"), 1369.28);
  EXPECT_EQ(num("pipeline"), 81);
  EXPECT_TRUE(h.at("fixed_asset_yoy_percent").is_null()) << "the database holds no 2025 half-year";
}

TEST_F(ReportCliTest, EveryFormatCarriesTheSameNumbers) {
  const auto json = boost::json::parse(report({"--format", "json"}).out);
  const auto& rows = json.at("sections").at("headline").at("rows").as_array();
  const std::string md = report({"--format", "md"}).out;
  const std::string csv = report({"--format", "csv"}).out;
  const std::string xlsx = dir_->file("report.xlsx");
  auto w = report({"--format", "xlsx", "-o", xlsx});
  ASSERT_EQ(w.exit_code, 0) << w.err;
  const auto sheet = xlsx_sheet(xlsx, 1);  // the headline: title row, header row, then rows
  ASSERT_GT(rows.size(), 20u);
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i].as_object();
    const std::string label(row.at("metric").as_string()), unit(row.at("measure").as_string());
    const std::string cell = "B" + std::to_string(i + 3);
    if (row.at("value").is_null()) {
      EXPECT_EQ(sheet.count(cell), 0u) << label;
      continue;
    }
    const double value = row.at("value").to_number<double>();
    EXPECT_EQ(sheet.at("A" + std::to_string(i + 3)), label);
    EXPECT_EQ(std::stod(sheet.at(cell)), value) << label << ": a number in the workbook";
    std::ostringstream text;
    text << value;
    EXPECT_NE(md.find("| " + label + " | " + text.str() + " | " + unit + " |"), std::string::npos)
        << label;
    EXPECT_NE(csv.find(label + "," + text.str() + "," + unit + "\r\n"), std::string::npos) << label;
  }
  // One sheet per section.
  const auto sections = json.at("sections").as_object().size();
  const std::string listing = run_shell("unzip -l '" + xlsx + "'", ".").out;
  size_t sheets = 0;
  for (size_t at = 0; (at = listing.find("xl/worksheets/sheet", at)) != std::string::npos; ++at)
    ++sheets;
  EXPECT_EQ(sheets, sections);
}

TEST_F(ReportCliTest, EnglishLabelsAndAnHtmlFileWithCharts) {
  const std::string html = dir_->file("report.html");
  auto r = report({"--format", "html", "--lang", "en", "-o", html});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = read_file(html);
  EXPECT_NE(page.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(page.find("Start ratio"), std::string::npos);
  EXPECT_NE(page.find("aria-label=\"Stage funnel\""), std::string::npos);
  EXPECT_NE(page.find("aria-label=\"Warning lights\""), std::string::npos);
  auto july = run_luodi({"--db", db_, "--now", "2026-07-31", "report", "--format", "html"});
  EXPECT_NE(july.out.find("aria-label=\"攻坚进度（按周）\""), std::string::npos)
      << "the campaign's burn-down once it runs";
}

TEST_F(ReportCliTest, BadRequestsFailCleanlyAndWriteNothing) {
  const std::string out = dir_->file("none.xlsx");
  EXPECT_EQ(report({"--format", "pdf"}).exit_code, 2);
  EXPECT_EQ(report({"--lang", "fr"}).exit_code, 2);
  EXPECT_EQ(report({"--format", "xlsx"}).exit_code, 2) << "a workbook needs -o";
  const std::string targets = dir_->file("bad.yaml");
  testing::write_file(targets, "year: 2026\ndomestic_capital_wan: lots\n");
  auto bad = report({"--targets", targets, "--format", "xlsx", "-o", out});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(targets + ":2:23: "), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(
      run_luodi({"--db", db_, "--now", "2026-07-31", "report", "--as-of", "2026-08-01"}).exit_code,
      2)
      << "the future";
}

TEST_F(ReportCliTest, LateInvestmentReportsChangeThePastFigures) {
  TempDir dir;
  testing::TestDatabase city(dir, "late.db");
  const std::string db = city.location();
  city.copy_from(db_);
  auto before = boost::json::parse(run_luodi({"--db", db, "--now", "2026-07-31", "report",
                                              "--as-of", "2026-05-31", "--format", "json"})
                                       .out);
  // LX-2026-001 reports its May figure late, in July: between March's 1570
  // and June's 2840, as a cumulative figure must be.
  auto inv =
      run_luodi({"--db", db, "--now", "2026-07-31", "invest", "LX-2026-001", "--fixed-asset-wan",
                 "2600", "--foreign-arrived-usd-wan", "12", "--on", "2026-05-20"});
  ASSERT_EQ(inv.exit_code, 0) << inv.err;
  auto after = boost::json::parse(run_luodi({"--db", db, "--now", "2026-07-31", "report", "--as-of",
                                             "2026-05-31", "--format", "json"})
                                      .out);
  // Before, its 31 March figure stood on 31 May; now the May one does.
  const double delta = after.at("headline").at("fixed_asset_ytd_wan").to_number<double>() -
                       before.at("headline").at("fixed_asset_ytd_wan").to_number<double>();
  auto shown = boost::json::parse(
      run_luodi({"--db", db, "--now", "2026-07-31", "show", "LX-2026-001", "--json"}).out);
  EXPECT_GT(delta, 0);
  EXPECT_EQ(after.at("headline").at("foreign_arrived_ytd_usd_wan").to_number<double>() -
                before.at("headline").at("foreign_arrived_ytd_usd_wan").to_number<double>(),
            12);
  EXPECT_EQ(shown.at("progress").at("on"), "2026-06-30") << "the latest figure is still June's";

  EXPECT_EQ(run_luodi({"--db", db, "invest", "LX-2026-001"}).exit_code, 2)
      << "--fixed-asset-wan is required";
  EXPECT_EQ(run_luodi({"--db", db, "invest", "LX-2026-001", "--fixed-asset-wan", "abc"}).exit_code,
            2);
  EXPECT_EQ(run_luodi({"--db", db, "invest", "NOPE", "--fixed-asset-wan", "1"}).exit_code, 2);
  EXPECT_EQ(run_luodi({"--db", db, "invest", "LX-2026-023", "--fixed-asset-wan", "1"}).exit_code, 3)
      << "the cancelled blanket project";
  EXPECT_EQ(run_luodi({"--db", db, "verify"}).exit_code, 0);
}

TEST_F(ReportCliTest, ADigestToAFileLeavesTheHtmlReportBesideIt) {
  TempDir dir;
  testing::TestDatabase city(dir, "digest.db");
  const std::string db = city.location();
  city.copy_from(db_);
  const std::string inbox = dir.file("wang.jsonl");
  ASSERT_EQ(run_luodi({"--db", db, "contact", "add", "王建国", "--role", "leader", "--channel",
                       "file:" + inbox})
                .exit_code,
            0);
  auto tick = run_luodi({"--db", db, "--now", "2026-08-03T09:30", "tick", "--json"});
  ASSERT_EQ(tick.exit_code, 0) << tick.err;
  const std::string lines = read_file(inbox);
  EXPECT_NE(lines.find("\"key\":\"digest:weekly:2026-W32\""), std::string::npos) << lines;
  EXPECT_NE(lines.find("王建国联系项目"), std::string::npos);
  const std::string html = read_file(dir.file("luodi-weekly-2026-W32.html"));
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("2026-08-03"), std::string::npos) << "the report as of the digest's day";
  EXPECT_TRUE(std::filesystem::exists(dir.file("luodi-monthly-2026-08.html")));
  auto again = run_luodi({"--db", db, "--now", "2026-08-03T15:00", "tick", "--json"});
  EXPECT_EQ(read_file(inbox), lines) << "once per period";
}

}  // namespace
}  // namespace luodi

namespace luodi {
namespace {

// Names typed into the records cannot attack whoever opens the report: no
// live formula in the CSV, no markup in Markdown or HTML; and a spreadsheet
// written that way reads back unchanged.
TEST(ReportCellsTest, NamesAreTextInEveryFormat) {
  TempDir dir;
  testing::TestDatabase city(dir, "c.db");
  const std::string db = city.location();
  auto luodi = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db, "--now", "2026-07-01"});
    return run_luodi(args);
  };
  ASSERT_EQ(luodi({"init"}).exit_code, 0);
  const std::string formula = "=HYPERLINK(\"http://example.invalid\",\"x\")";
  ASSERT_EQ(luodi({"add", "F1", "--name", formula, "--unit", "甲镇"}).exit_code, 0);
  ASSERT_EQ(
      luodi({"add", "F2", "--name", "<script>alert(1)</script>|x", "--unit", "@乙镇"}).exit_code,
      0);
  const std::string csv = luodi({"report", "--format", "csv"}).out;
  EXPECT_NE(csv.find("'=HYPERLINK"), std::string::npos);
  EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos) << "a live formula";
  EXPECT_EQ(csv.find(",\"=HYPERLINK"), std::string::npos) << "a live formula";
  EXPECT_NE(csv.find("'@乙镇"), std::string::npos);
  const std::string md = luodi({"report", "--format", "md"}).out;
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  EXPECT_NE(md.find("&lt;script&gt;alert(1)&lt;/script&gt;\\|x"), std::string::npos);
  EXPECT_EQ(luodi({"report", "--format", "html"}).out.find("<script>alert"), std::string::npos);

  // What a spreadsheet keeps as text comes back as it was typed.
  testing::write_file(dir.file("p.csv"), "code,name,unit\nF3,\"'=SUM(A1:A2)\",'@丙镇\n");
  ASSERT_EQ(luodi({"import", dir.file("p.csv")}).exit_code, 0);
  auto f3 = boost::json::parse(luodi({"show", "F3", "--json"}).out);
  EXPECT_EQ(f3.at("name"), "=SUM(A1:A2)");
  EXPECT_EQ(f3.at("unit"), "@丙镇");
}

}  // namespace
}  // namespace luodi
