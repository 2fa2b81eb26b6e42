// Writes the workbooks of bench/import_bench.sh with libxlsxwriter, as Excel
// writes them (text in shared strings), and the CSV of the same rows:
//   make_workbook OUT.xlsx OUT.csv ROWS projects       header + ROWS-1 projects (code, name, unit)
//   make_workbook OUT.xlsx OUT.csv ROWS projects-iv    the same, and one more cell in column IV of
//   the last row make_workbook OUT.xlsx OUT.csv ROWS one-cell       ROWS one-cell rows and one cell
//   in column IV (the
//                                                      5 MB workbook of issue 25: a std::bad_alloc
//                                                      before)
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr,
                 "usage: make_workbook OUT.xlsx OUT.csv ROWS "
                 "projects|projects-iv|projects-text|projects-over|one-cell\n");
    return 2;
  }
  const std::string shape = argv[4];
  const long rows = std::atol(argv[3]);
  if (rows < 2 || rows > 1'048'576 ||
      (shape != "projects" && shape != "projects-iv" && shape != "projects-text" &&
       shape != "projects-over" && shape != "one-cell")) {
    std::fprintf(stderr,
                 "make_workbook: ROWS is 2 … 1048576; the shape projects, projects-iv, "
                 "projects-text, projects-over or one-cell\n");
    return 2;
  }
  lxw_workbook* wb = workbook_new(argv[1]);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Sheet1");
  std::ofstream csv(argv[2], std::ios::binary);
  const lxw_col_t iv = 255;  // column IV
  if (shape == "one-cell") {
    for (long r = 0; r < rows; ++r) {
      worksheet_write_string(ws, static_cast<lxw_row_t>(r), 0, "x", nullptr);
      csv << "x\n";
    }
    worksheet_write_string(ws, static_cast<lxw_row_t>(rows - 1), iv, "IV", nullptr);
  } else {
    const char* header[] = {"code", "name", "unit"};
    for (lxw_col_t c = 0; c < 3; ++c) worksheet_write_string(ws, 0, c, header[c], nullptr);
    csv << "code,name,unit\n";
    for (long r = 1; r < rows; ++r) {
      char code[32], name[128], unit[32];
      std::snprintf(code, sizeof code, "B-%07ld", r);
      if (shape == "projects-text") {
        std::snprintf(name, sizeof name, "智能装备制造项目第%07ld期", r);
      } else if (shape == "projects-over") {
        std::snprintf(name, sizeof name, "城东新区智能制造产业园年产十万台套高端装备项目第%07ld期",
                      r);
      } else {
        std::snprintf(name, sizeof name, "项目%ld", r);
      }
      std::snprintf(unit, sizeof unit, "单位%ld", r % 40);
      worksheet_write_string(ws, static_cast<lxw_row_t>(r), 0, code, nullptr);
      worksheet_write_string(ws, static_cast<lxw_row_t>(r), 1, name, nullptr);
      worksheet_write_string(ws, static_cast<lxw_row_t>(r), 2, unit, nullptr);
      csv << code << ',' << name << ',' << unit << '\n';
    }
    if (shape == "projects-iv")
      worksheet_write_string(ws, static_cast<lxw_row_t>(rows - 1), iv, "备注", nullptr);
  }
  if (workbook_close(wb) != LXW_NO_ERROR) {
    std::fprintf(stderr, "make_workbook: cannot write %s\n", argv[1]);
    return 1;
  }
  return csv.good() ? 0 : 1;
}
