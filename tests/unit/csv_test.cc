#include <gtest/gtest.h>

#include "importer/csv_reader.h"
#include "importer/field_values.h"
#include "importer/text_encoding.h"
#include "importer/xlsx_reader.h"
#include "support/test_support.h"

namespace luodi {
namespace {

TEST(CsvTest, QuotedFieldsWithCommasQuotesAndLineBreaks) {
  auto r = read_csv("a,b,c\r\n1,\"x, \"\"y\"\"\r\nz\",3\r\n", "f.csv");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 2u);
  const auto& row = (*r)[1];
  ASSERT_EQ(row.fields.size(), 3u);
  EXPECT_EQ(row.fields[1].text, "x, \"y\"\nz");
  EXPECT_EQ(row.line, 2);
  EXPECT_EQ(row.fields[1].column, 3);
  EXPECT_EQ(row.fields[2].line, 3) << "the third field starts after the embedded break";
}

TEST(CsvTest, ColumnsCountCharactersNotBytes) {
  auto r = read_csv("项目编号,名称\n", "f.csv");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].fields[1].column, 6);
}

TEST(CsvTest, ErrorsPointAtTheField) {
  auto r = read_csv("a,b\n1,\"open\n", "f.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "f.csv:2:3: unterminated quoted field");
  auto r2 = read_csv("a,b\n1,\"x\"y\n", "f.csv");
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.status().message(), "f.csv:2:6: unexpected text after a closing quote");
}

TEST(EncodingTest, Utf8WithOrWithoutBomAndGb18030) {
  EXPECT_EQ(decode_spreadsheet_text("\xEF\xBB\xBF项目", "f").value(), "项目");
  EXPECT_EQ(decode_spreadsheet_text("项目", "f").value(), "项目");
  // "项目编号" as Excel on Chinese Windows saves it (GBK).
  EXPECT_EQ(decode_spreadsheet_text("\xCF\xEE\xC4\xBF\xB1\xE0\xBA\xC5", "f").value(), "项目编号");
  auto utf16 = decode_spreadsheet_text(std::string("\xFF\xFE"
                                                   "a\0",
                                                   4),
                                       "f.csv");
  EXPECT_FALSE(utf16.ok());
  EXPECT_EQ(utf16.status().message().rfind("f.csv:1:1:", 0), 0u);
}

TEST(EncodingTest, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("plain 中文"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_valid_utf8("\xE4\xB8"));      // truncated
}

TEST(FieldValuesTest, SpreadsheetForms) {
  EXPECT_EQ(*field::amount("12,000"), 12000);
  EXPECT_EQ(*field::amount(" 1369.28 "), 1369.28);
  EXPECT_FALSE(field::amount("-5"));
  EXPECT_FALSE(field::amount("abc"));
  EXPECT_FALSE(field::amount(""));
  EXPECT_EQ(field::date("2026/3/1")->str(), "2026-03-01");
  EXPECT_EQ(field::date("2026年3月1日")->str(), "2026-03-01");
  ASSERT_TRUE(field::date("2026.03.01"));
  EXPECT_EQ(field::date("2026.03.01")->str(), "2026-03-01");
  EXPECT_FALSE(field::date("2026/2/30"));
  EXPECT_FALSE(field::date("3/1/2026"));
  EXPECT_FALSE(field::date("46082")) << "typed text is never a serial number";
  ASSERT_TRUE(field::serial_date("46082"));
  EXPECT_EQ(field::serial_date("46082")->str(), "2026-03-01") << "a workbook's date cell";
  EXPECT_EQ(field::serial_date("46082.5")->str(), "2026-03-01") << "… with a time of day";
  EXPECT_FALSE(field::serial_date("12")) << "before 1900-03-01";
  EXPECT_FALSE(field::serial_date("2026-03-01"));
  EXPECT_EQ(*field::industry("二产"), "secondary");
  EXPECT_EQ(*field::industry("tertiary"), "tertiary");
  EXPECT_FALSE(field::industry("四产"));
  EXPECT_EQ(*field::yes_no("否"), false);
  EXPECT_EQ(*field::yes_no("YES"), true);
  EXPECT_FALSE(field::yes_no("maybe"));
}

// Issue 28: the workbook reader gives each cell of a merged range its first
// cell's value, marked, and marks a formula whose result is not there.
const CsvField* cell(const XlsxSheet& sheet, int row, int column) {
  for (const auto& r : sheet.rows)
    if (r.line == row)
      for (const auto& f : r.fields)
        if (f.column == column) return &f;
  return nullptr;
}

TEST(XlsxReaderTest, AMergedRangeIsReadFromItsFirstCell) {
  const std::string bytes =
      testing::read_file(testing::source_path("tests/data/import/excel-saved.xlsx"));
  auto sheet = read_xlsx(bytes, "excel-saved.xlsx", std::nullopt);
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  const CsvField* first = cell(*sheet, 4, 4);  // D4, the first cell of D4:D6
  const CsvField* copy = cell(*sheet, 5, 4);   // D5: a styled empty cell in the file
  ASSERT_TRUE(first && copy);
  EXPECT_EQ(first->text, "游埠镇");
  EXPECT_FALSE(first->copy);
  EXPECT_EQ(copy->text, "游埠镇");
  EXPECT_TRUE(copy->copy);
  EXPECT_EQ(range_name(copy->merged), "D4:D6");
  EXPECT_EQ(range_name(first->merged), "D4:D6");
  EXPECT_EQ(cell(*sheet, 7, 4)->text, "女埠街道") << "below the range: its own";
  EXPECT_TRUE(cell(*sheet, 7, 4)->merged.empty());
  // A formula with its stored result (Excel's way) is that result.
  EXPECT_EQ(cell(*sheet, 7, 6)->text, "8");
  EXPECT_FALSE(cell(*sheet, 7, 6)->uncalculated);
  // The header merged down over two rows: row 3 holds copies beside its own 需求.
  EXPECT_EQ(cell(*sheet, 3, 2)->text, "项目编号");
  EXPECT_TRUE(cell(*sheet, 3, 2)->copy);
}

TEST(XlsxReaderTest, AFormulaWithoutItsResultIsMarked) {
  const std::string bytes =
      testing::read_file(testing::source_path("tests/data/import/formula-no-value.xlsx"));
  auto sheet = read_xlsx(bytes, "f.xlsx", std::nullopt);
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  const CsvField* f = cell(*sheet, 3, 5);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->uncalculated);
  EXPECT_EQ(f->text, "");
}

TEST(XlsxReaderTest, OverlappingMergedRangesAreRefused) {
  const std::string bytes =
      testing::read_file(testing::source_path("tests/data/import/merged-overlap.xlsx"));
  auto sheet = read_xlsx(bytes, "o.xlsx", std::nullopt);
  ASSERT_FALSE(sheet.ok());
  EXPECT_EQ(sheet.status().message(), "o.xlsx:Sheet1: merged range C3:D4 overlaps B2:C3");
  EXPECT_EQ(sheet.status().text(Lang::kZh), "o.xlsx:Sheet1：合并单元格 C3:D4 与 B2:C3 重叠");
}

}  // namespace
}  // namespace luodi
