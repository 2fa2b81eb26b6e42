// Loading the key-project list from the spreadsheet a supervisor already
// keeps: a CSV or an Excel workbook with English or Chinese headers. All rows or none.
#pragma once

#include <string>
#include <string_view>

#include "importer/column_map.h"
#include "luodi/engine.h"

namespace luodi {

struct ImportOptions {
  bool dry_run = false;  // check everything, write nothing
  // Rows of projects that exist become dated changes of the fields that
  // differ, and moves to a later stage (through the lifecycle and its guards);
  // without it an existing code is an error.
  bool update = false;
  std::optional<Date> on;            // the date of those changes; default: today
  std::optional<std::string> sheet;  // a workbook's sheet; default: the first
  // Keep each row's outcome in ImportSummary::rows (for --json and --update's
  // listing); without it an import of any size keeps only the counts.
  // Default: true.
  bool keep_rows = true;
  // Refuse a column luodi does not know ("unknown column 'X'"), else it is
  // skipped and named in ImportSummary::warnings. Default: false.
  bool strict = false;
  // The city's own header words for luodi's columns (import --columns),
  // looked up before the header table. Default: none.
  ColumnMap columns;
};

// What one row did: a project added, or the changes made to one.
struct ImportedRow {
  std::string code;
  bool added = false;
  AttributeChanges changes;
  std::optional<std::pair<std::string, std::string>> stage;  // (from, to) when it moved
};

struct ImportSummary {
  int projects = 0;               // added
  int key = 0;                    // put on the key list
  int pipeline = 0;               // key = no
  int updated = 0;                // existing projects changed (with ImportOptions::update)
  std::vector<ImportedRow> rows;  // the rows that added or changed something
  // What was read past: each column luodi does not know (once, at its
  // header cell), each total row (合计/小计/总计).
  Messages warnings;
};

// Adds (or, with options.update, updates) every project of `bytes` — a CSV
// file, or an Excel workbook (.xlsx, told by its content) — in one
// transaction. The header is the first row with a code column (title rows
// above it are skipped), or two rows when a merged parent stands over its
// children (用地情况（亩） over 需求 / 已落实: joined, "用地情况（亩）/需求",
// and looked up in the header table). Columns luodi does not know are
// skipped (ImportSummary::warnings; an error with options.strict), total
// rows (合计/小计/总计 and no code) skipped and reported, blank rows skipped. On any problem
// nothing is written and the status lists each one as "file:line:col: message" (CSV) or
// "FILE:SHEET!B12: message" (workbook); the first 100 problems, then the import stops. Rows stream:
// each is checked and written as it is read (a workbook's rows are never held together, nor padded
// to the widest), and the whole transaction rolls back on any problem.
Result<ImportSummary> import_projects(Engine& engine, std::string_view bytes,
                                      const std::string& file, const std::string& by,
                                      const ImportOptions& options);

// The same for the file at `path`: a workbook is read from the disk in
// pieces by libzip (not loaded whole); a CSV or an .xls is read whole.
// BadInput "cannot read PATH" when it cannot be opened.
Result<ImportSummary> import_project_file(Engine& engine, const std::string& path,
                                          const std::string& by, const ImportOptions& options);

}  // namespace luodi
