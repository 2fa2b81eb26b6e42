// The report (and the exported project sheet) as an Excel workbook, what the
// office opens in Excel or WPS: one sheet per section, numbers as numbers,
// dates as dates, text as text (a string cell is never a formula), through
// libxlsxwriter.
#include <xlsxwriter.h>

#include <algorithm>

#include "luodi/report.h"

namespace luodi {

namespace {

// Sheet names: at most 31 characters, none of []:*?/\ .
std::string sheet_name(const std::string& title, std::vector<std::string>& taken) {
  std::string name;
  for (char c : title) name += std::string("[]:*?/\\").find(c) == std::string::npos ? c : '_';
  // Cut at a character boundary within 31 UTF-8 characters.
  size_t chars = 0, i = 0;
  for (; i < name.size() && chars < 31; ++i)
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) ++chars;
  while (i < name.size() && (static_cast<unsigned char>(name[i]) & 0xC0) == 0x80) ++i;
  name.resize(i);
  std::string unique = name;
  for (int n = 2; std::find(taken.begin(), taken.end(), unique) != taken.end(); ++n)
    unique = name.substr(0, 28) + "_" + std::to_string(n);
  taken.push_back(unique);
  return unique;
}

Status failed(lxw_error e, const std::string& path) {
  return Status::Internal("cannot write " + path + ": " + lxw_strerror(e));
}

}  // namespace

Status write_xlsx(const Report& r, const std::string& path) {
  lxw_workbook_options options{};
  // Rows go to the file as they are written (a sheet of any length in
  // bounded memory); text cells are then inline strings, which import reads.
  options.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (!wb) return Status::Internal("cannot create " + path);
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bg_color(header, 0xF3F3F3);
  format_set_border(header, LXW_BORDER_THIN);
  // Dates as dates (a date cell Excel sorts and filters by), shown YYYY-MM-DD.
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 14);
  std::vector<std::string> taken;
  for (const auto& t : r.sections) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name(t.title, taken).c_str());
    worksheet_write_string(ws, 0, 0, (r.title + " — " + t.title).c_str(), title);
    for (size_t j = 0; j < t.columns.size(); ++j) {
      const auto col = static_cast<lxw_col_t>(j);
      worksheet_write_string(ws, 1, col, t.columns[j].label.c_str(), header);
      worksheet_set_column(ws, col, col, j == 0 ? 28 : 14, nullptr);
    }
    lxw_row_t row = 2;
    const Status rows = t.each_row([&](const std::string&, const std::vector<Cell>& cells) {
      for (size_t j = 0; j < cells.size(); ++j) {
        const auto col = static_cast<lxw_col_t>(j);
        const Cell& c = cells[j];
        if (const auto* d = std::get_if<double>(&c)) {
          worksheet_write_number(ws, row, col, *d, nullptr);
        } else if (const auto* s = std::get_if<std::string>(&c)) {
          if (const auto d = Date::parse(*s)) {
            lxw_datetime dt{
                d->year(), static_cast<int>(d->month()), static_cast<int>(d->day()), 0, 0, 0};
            worksheet_write_datetime(ws, row, col, &dt, date);
          } else {
            worksheet_write_string(ws, row, col, s->c_str(), nullptr);
          }
        }
      }
      ++row;
      return Status::Ok();
    });
    if (!rows.ok()) {
      workbook_close(wb);
      return rows;
    }
    worksheet_freeze_panes(ws, 2, 0);
  }
  const lxw_error e = workbook_close(wb);
  return e == LXW_NO_ERROR ? Status::Ok() : failed(e, path);
}

}  // namespace luodi
