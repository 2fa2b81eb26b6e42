// The periodic report (the half-year summary, the monthly bulletin): a pure
// function of a Snapshot and the year's targets, as titled tables that every
// format (Markdown, CSV, JSON, HTML, xlsx) renders the same way.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "luodi/date.h"
#include "luodi/engine.h"
#include "luodi/status.h"
#include "luodi/targets.h"
#include "luodi/workflow.h"

namespace luodi {

enum class Lang { kZh, kEn };
std::optional<Lang> parse_lang(std::string_view s);

// Empty, a number (counts, amounts, percentages as 69.39), or text.
using Cell = std::variant<std::monostate, double, std::string>;

struct Column {
  std::string id;     // stable, English: the JSON field and CSV key
  std::string label;  // in the report's language
};

struct Table {
  std::string id;  // headline, funnel, lights, units, leaders, blocked, land, campaign, burndown
  std::string title;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> row_ids;  // stable ids: metric, stage, unit, code …
  // The column index of `id`, or -1.
  int column(std::string_view id) const;
};

struct Report {
  Date as_of;
  Lang lang = Lang::kZh;
  std::string title;
  std::vector<std::string> notes;  // how figures are counted, in the report's language
  std::vector<Table> sections;
  const Table* section(std::string_view id) const;
  // The headline's value for `metric` (a row id), if it has one.
  std::optional<double> headline(std::string_view metric) const;
};

// `targets`, when given, is the target file of as_of's year.
Report build_report(const Workflow& wf, const Snapshot& snapshot,
                    const std::optional<Targets>& targets, Lang lang);

// The report of the engine's database as of `as_of`, with the targets of
// that year from `targets_file`, or else from `targets_dir`/<year>.yaml.
Result<Report> report_of(Engine& engine, Date as_of, const std::string& targets_file,
                         const std::string& targets_dir, Lang lang);

std::string render_markdown(const Report& r);
// Every section in one file: a title row, a header row, the rows, a blank line.
std::string render_csv(const Report& r);
std::string render_json(const Report& r);
// One self-contained page with inline SVG charts (funnel, lights, burn-down).
std::string render_html(const Report& r);
// A workbook, one sheet per section, numbers as numbers (libxlsxwriter).
Status write_xlsx(const Report& r, const std::string& path);

}  // namespace luodi
