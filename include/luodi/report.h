// The periodic report (the half-year summary, the monthly bulletin): a pure
// function of a Snapshot and the year's targets, as titled tables that every
// format (Markdown, CSV, JSON, HTML, xlsx) renders the same way.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "luodi/clock.h"
#include "luodi/date.h"
#include "luodi/lang.h"
#include "luodi/snapshot.h"
#include "luodi/status.h"
#include "luodi/targets.h"
#include "luodi/workflow.h"

namespace luodi {

class Engine;

// Empty, a number (counts, amounts, percentages as 69.39), or text.
using Cell = std::variant<std::monostate, double, std::string>;

struct Column {
  std::string id;     // stable, English: the JSON field and CSV key
  std::string label;  // in the report's language
};

// A table's rows handed over one at a time: a row's id and its cells.
using RowVisitor = std::function<Status(const std::string& id, const std::vector<Cell>& row)>;

struct Table {
  std::string id;  // headline, funnel, lights, units, leaders, blocked, land, campaign, burndown
  std::string title;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> row_ids;  // stable ids: metric, stage, unit, code …
  // A table too long to hold (the projects of a large city) has no rows but
  // this, which hands them over in order each time it is called.
  std::function<Status(const RowVisitor&)> stream;
  // The column index of `id`, or -1.
  int column(std::string_view id) const;
  // Every row, held or streamed, in order.
  Status each_row(const RowVisitor& visit) const;
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
// Built in bounded memory: the sections are sums over the projects, and the
// projects table streams (a second pass over the events each time it is
// rendered, so `engine` must outlive the report).
Result<Report> report_of(Engine& engine, Date as_of, const std::string& targets_file,
                         const std::string& targets_dir, Lang lang);

// The province's roll-up of every city in the database at `db`, from each
// city's own report: the table "cities", one row per city (key projects,
// active, started, start ratio, overdue, red, blocked, land need and
// shortfall, investment against the city's own targets and schedule, its
// rank on the cities' 红黑榜) and the table "campaign" (the partition of
// each city's latest campaign), each with the province's total row ("total":
// sums, and the ratios worked out from the sums). A city's targets: those
// loaded into it, else targets_dir_of_city's.
Result<Report> province_report(const std::string& db, const Clock& clock, Date as_of,
                               const std::string& targets_dir, Lang lang);
// The targets directory of `city`: its own (`targets_dir`/<city id>) if
// there is one; else `targets_dir` itself for the default city (a SQLite
// database's one city), and none ("") for any other: a city never reads
// another's targets.
std::string targets_dir_of_city(const std::string& targets_dir, const std::string& city);

// Where a report is rendered to, a piece at a time; false: stop (whoever
// reads it went away).
using TextSink = std::function<bool(std::string_view)>;

Status render_markdown(const Report& r, const TextSink& out);
// Every section in one file: a title row, a header row, the rows, a blank line.
Status render_csv(const Report& r, const TextSink& out);
Status render_json(const Report& r, const TextSink& out);
// One self-contained page with inline SVG charts (funnel, lights, burn-down)
// and one <style> block; no script and no style attribute.
Status render_html(const Report& r, const TextSink& out);
// That <style> block as a Content-Security-Policy source, 'sha256-…': the
// server allows it (and no other inline style) where it serves the report.
const std::string& html_report_style_source();
// In `format`: md, html, csv or json.
Status render_report(const Report& r, std::string_view format, const TextSink& out);
// … whole, or the error that stopped it (a streamed table's pass failed).
Result<std::string> rendered(const Report& r, std::string_view format);
// The same, whole; empty when a streamed table fails (reports built from a
// snapshot hold every row and cannot).
std::string render_markdown(const Report& r);
std::string render_csv(const Report& r);
std::string render_json(const Report& r);
std::string render_html(const Report& r);
// A workbook, one sheet per section, numbers as numbers (libxlsxwriter).
Status write_xlsx(const Report& r, const std::string& path);

}  // namespace luodi
