// Spreadsheets as offices keep them: a workbook written the way Excel and WPS
// write one (a merged title above the header, blank rows, dates as serial
// numbers, numbers as numbers, text in shared strings) imports like the CSV,
// and its errors name the sheet and the cell.
#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>

#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

namespace json = boost::json;
using testing::run_luodi;
using testing::RunResult;
using testing::TempDir;

struct Cell {
  int row, col;
  std::string text;  // a number when `number`
  bool number = false;
};

// A workbook with one sheet `name` holding `cells` under a merged title.
void write_book(const std::string& path, const std::string& name, const std::vector<Cell>& cells) {
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  worksheet_merge_range(ws, 0, 0, 0, 5, "2026年重点项目推进情况表", nullptr);
  for (const auto& c : cells) {
    if (c.number) {
      worksheet_write_number(ws, c.row, c.col, std::stod(c.text), nullptr);
    } else {
      worksheet_write_string(ws, c.row, c.col, c.text.c_str(), nullptr);
    }
  }
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
}

class XlsxImport : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(dir_.file("no-campaigns"));
    ASSERT_EQ(luodi({"init", "--campaigns", dir_.file("no-campaigns")}).exit_code, 0);
  }
  RunResult luodi(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_, "--now", "2026-07-01T10:00"});
    return run_luodi(args);
  }
  std::vector<Cell> header(int row) {
    std::vector<Cell> out;
    const char* names[] = {"项目编号", "项目名称", "责任单位",  "用地面积（亩）",
                           "阶段",     "阶段日期", "施工许可证"};
    for (int c = 0; c < 7; ++c) out.push_back({row, c, names[c]});
    return out;
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
};

TEST_F(XlsxImport, AWorkbookAsOfficesWriteItImportsLikeTheCsv) {
  auto cells = header(2);  // the title on row 1, a blank row 2 … header on row 3
  for (Cell c : std::vector<Cell>{{3, 0, "X1"},
                                  {3, 1, "甲项目"},
                                  {3, 2, "游埠镇"},
                                  {3, 3, "47.5", true},
                                  {3, 4, "开工"},
                                  {3, 5, "46082", true},
                                  {3, 6, "330781"},
                                  {4, 0, "X2"},
                                  {4, 1, "=乙"},
                                  {4, 2, "女埠街道"},
                                  {4, 5, "2026/3/1"}})
    cells.push_back(c);
  write_book(dir_.file("book.xlsx"), "月报", cells);
  RunResult r = luodi({"import", dir_.file("book.xlsx")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 2 projects"), std::string::npos) << r.out;
  auto x1 = json::parse(luodi({"show", "X1", "--json"}).out);
  EXPECT_EQ(x1.at("stage"), "construction");
  EXPECT_EQ(x1.at("stage_since"), "2026-03-01") << "Excel's serial number 46082";
  EXPECT_EQ(x1.at("land_need_mu").to_number<double>(), 47.5);
  EXPECT_EQ(json::parse(luodi({"show", "X2", "--json"}).out).at("name"), "=乙");
  // The export of those projects comes back unchanged.
  ASSERT_EQ(luodi({"export", "-o", dir_.file("again.xlsx")}).exit_code, 0);
  RunResult sheet = testing::run_shell(
      "unzip -p '" + dir_.file("again.xlsx") + "' xl/worksheets/sheet1.xml", dir_.path());
  EXPECT_NE(sheet.out.find("<v>46082</v>"), std::string::npos) << "the stage date is a date cell";
  EXPECT_EQ(luodi({"import", dir_.file("again.xlsx"), "--update", "--json"}).out, "[]\n");
}

TEST_F(XlsxImport, ErrorsNameTheSheetAndTheCell) {
  auto cells = header(2);
  for (Cell c : std::vector<Cell>{{3, 0, "X1"},
                                  {3, 1, "甲"},
                                  {3, 2, "游埠镇"},
                                  {3, 3, "很多"},
                                  {4, 0, "X2"},
                                  {4, 1, "乙"},
                                  {4, 2, "游埠镇"},
                                  {4, 4, "开工"}})
    cells.push_back(c);
  write_book(dir_.file("bad.xlsx"), "月报", cells);
  RunResult r = luodi({"import", dir_.file("bad.xlsx")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.xlsx:月报!D4: land_need_mu '很多' is not a non-negative number"),
            std::string::npos)
      << r.err;
  // Rows that read well but the workflow refuses are named too.
  cells.erase(
      std::find_if(cells.begin(), cells.end(), [](const Cell& c) { return c.text == "很多"; }));
  write_book(dir_.file("refused.xlsx"), "月报", cells);
  r = luodi({"import", dir_.file("refused.xlsx")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(
      r.err.find("refused.xlsx:月报!A5: project X2: stage construction needs evidence 'permit'"),
      std::string::npos)
      << r.err;
  EXPECT_EQ(json::parse(luodi({"list", "--json"}).out).as_array().size(), 0u) << "all rows or none";
  RunResult sheet = luodi({"import", dir_.file("bad.xlsx"), "--sheet", "Sheet9"});
  EXPECT_EQ(sheet.exit_code, 2);
  EXPECT_NE(sheet.err.find("no sheet 'Sheet9' (the workbook has 月报)"), std::string::npos)
      << sheet.err;
  testing::write_file(dir_.file("broken.xlsx"),
                      std::string("PK\x03\x04", 4) + std::string(200, 'x'));
  RunResult broken = luodi({"import", dir_.file("broken.xlsx")});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("not an Excel workbook"), std::string::npos) << broken.err;
}

// Issue 25: every row was padded to the widest before the header was read,
// so a million one-cell rows and one cell in column IV (a 5 MB workbook)
// ended in std::bad_alloc. Rows now stream and keep only their cells. The
// same shape (200,000 rows here; bench/import_bench.sh runs 1,048,576) is
// refused cleanly, and a sheet of projects with one cell in column IV on its
// last row streams to that cell and is refused there, its rows rolled back.
TEST_F(XlsxImport, ALongSheetWithOneCellInColumnIvIsRefusedAtThatCell) {
  auto write_long = [](const std::string& path, int rows, bool projects) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Sheet1");
    for (int r = 0; r < rows; ++r) {
      if (!projects) {
        worksheet_write_string(ws, r, 0, "x", nullptr);
      } else if (r == 0) {
        worksheet_write_string(ws, r, 0, "code", nullptr);
        worksheet_write_string(ws, r, 1, "name", nullptr);
        worksheet_write_string(ws, r, 2, "unit", nullptr);
      } else {
        const std::string code = "B" + std::to_string(r);
        worksheet_write_string(ws, r, 0, code.c_str(), nullptr);
        worksheet_write_string(ws, r, 1, "项目", nullptr);
        worksheet_write_string(ws, r, 2, "游埠镇", nullptr);
      }
    }
    worksheet_write_string(ws, rows - 1, 255, "IV", nullptr);  // column IV
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  };
  write_long(dir_.file("one-cell.xlsx"), 200'000, false);
  RunResult r = luodi({"import", dir_.file("one-cell.xlsx")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err.find("bad_alloc"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("internal"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("one-cell.xlsx:Sheet1!A1: unknown column 'x'"), std::string::npos) << r.err;

  write_long(dir_.file("projects.xlsx"), 2'001, true);
  r = luodi({"import", dir_.file("projects.xlsx")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("projects.xlsx:Sheet1!IV2001: a value in column IV, which has no header"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("internal"), std::string::npos) << r.err;
  EXPECT_EQ(json::parse(luodi({"list", "--json"}).out).as_array().size(), 0u) << "all rows or none";
  RunResult dry = luodi({"import", dir_.file("projects.xlsx"), "--dry-run"});
  EXPECT_EQ(dry.exit_code, 2) << dry.err;
  EXPECT_NE(dry.err.find("projects.xlsx:Sheet1!IV2001: "), std::string::npos) << dry.err;
}

// A cell past the last column a project sheet may use (IV, the 256th; Excel's
// own last is XFD) is refused at that cell, and nothing is written.
TEST_F(XlsxImport, ACellPastColumnIvIsRefusedAtThatCell) {
  auto cells = header(2);
  for (Cell c : std::vector<Cell>{{3, 0, "X1"},
                                  {3, 1, "甲"},
                                  {3, 2, "游埠镇"},
                                  {4, 0, "X2"},
                                  {4, 1, "乙"},
                                  {4, 2, "游埠镇"},
                                  {4, 256, "备注"}})
    cells.push_back(c);
  write_book(dir_.file("wide.xlsx"), "月报", cells);
  RunResult r = luodi({"import", dir_.file("wide.xlsx")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("wide.xlsx:月报!IW5: column IW is past the last column a project sheet may "
                       "use (IV, the 256th)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(json::parse(luodi({"list", "--json"}).out).as_array().size(), 0u) << "all rows or none";
  // Without it, the same rows import: the gaps between cells cost nothing.
  cells.pop_back();
  cells.push_back({4, 200, ""});
  write_book(dir_.file("narrow.xlsx"), "月报", cells);
  r = luodi({"import", dir_.file("narrow.xlsx")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(luodi({"list", "--json"}).out).as_array().size(), 2u);
}

// Excel 97–2003: the same sheet saved as .xls (by LibreOffice, from the
// .xlsx seed) imports to the same projects, and its errors are as clear.
TEST_F(XlsxImport, AnOldXlsWorkbookImportsLikeItsXlsx) {
  const std::string xls = testing::source_path("tests/fuzz/seeds/xls/monthly.xls");
  const std::string xlsx = testing::source_path("tests/fuzz/seeds/xlsx/monthly.xlsx");
  RunResult r = luodi({"import", xls});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(luodi({"export", "--format", "csv", "-o", dir_.file("from-xls.csv")}).exit_code, 0);
  const std::string other = dir_.file("other.db");
  auto in_other = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", other, "--now", "2026-07-01T10:00"});
    return run_luodi(args);
  };
  ASSERT_EQ(in_other({"init", "--campaigns", dir_.file("no-campaigns")}).exit_code, 0);
  ASSERT_EQ(in_other({"import", xlsx}).exit_code, 0);
  ASSERT_EQ(in_other({"export", "--format", "csv", "-o", dir_.file("from-xlsx.csv")}).exit_code, 0);
  EXPECT_EQ(testing::read_file(dir_.file("from-xls.csv")),
            testing::read_file(dir_.file("from-xlsx.csv")));
  EXPECT_EQ(luodi({"import", xls, "--update", "--json"}).out, "[]\n")
      << "the same rows again change nothing";

  RunResult sheet = luodi({"import", xls, "--sheet", "Sheet9"});
  EXPECT_EQ(sheet.exit_code, 2);
  EXPECT_NE(sheet.err.find("monthly.xls: no sheet 'Sheet9' (the workbook has 重点项目)"),
            std::string::npos)
      << sheet.err;
  const std::string bytes = testing::read_file(xls);
  testing::write_file(dir_.file("cut.xls"), bytes.substr(0, 700));
  RunResult cut = luodi({"import", dir_.file("cut.xls")});
  EXPECT_EQ(cut.exit_code, 2);
  EXPECT_NE(cut.err.find("cut.xls: not a readable Excel 97–2003 workbook (.xls)"),
            std::string::npos)
      << cut.err;
  // A file the fuzzer made that overflows a buffer inside FreeXL: the reader
  // runs in a child process, so it is bad input, never a crash of luodi.
  const std::string damaged =
      testing::source_path("tests/fuzz/seeds/xls/damaged-freexl-overflow.xls");
  RunResult crashed = luodi({"import", damaged});
  EXPECT_EQ(crashed.exit_code, 2) << crashed.err;
  EXPECT_NE(
      crashed.err.find("damaged-freexl-overflow.xls: not a readable Excel 97–2003 workbook (.xls)"),
      std::string::npos)
      << crashed.err;
}

}  // namespace
}  // namespace luodi
