// The project list as the monthly spreadsheet (月报表): exactly the columns
// import reads, so export → edit in Excel/WPS → import --update is the loop.
#pragma once

#include <optional>
#include <string>

#include "luodi/engine.h"
#include "luodi/report.h"

namespace luodi {

struct ExportOptions {
  std::optional<Date> as_of;        // default: today
  Lang lang = Lang::kZh;            // zh: the Chinese headers; en: the column ids
  std::optional<std::string> unit;  // only this unit's projects
  bool by_unit = false;             // one sheet per unit (workbooks only)
};

// The projects as one table (or one per unit), with a title, in the shape the
// report renderers write (render_csv, write_xlsx): a title row, the header
// row, a row per project; numbers as numbers. The rows stream: they are
// worked out as the sheet is written (`engine` must outlive the report).
Result<Report> export_projects(Engine& engine, const ExportOptions& options);

}  // namespace luodi
