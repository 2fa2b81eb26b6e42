// The read-only views leaders and the office wall look at: the report (any
// text format, as of a date) and the campaign wall chart (挂图作战).
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <string>

#include "commands/read_commands.h"
#include "luodi/engine.h"
#include "luodi/report.h"

namespace luodi::server {

// A report or a sheet asked for over HTTP, and how to send it: its format
// (json, html, md, csv, or xlsx) and content type.
struct ReportAsked {
  Report report;
  std::string format;
  std::string content_type;
  std::shared_ptr<Engine> engine = {};  // another city's, kept while its report streams
};
// Renders `asked` into `out` as it is sent (a workbook is written whole to a
// temporary file first, then sent a piece at a time).
Status send_report(const ReportAsked& asked, const TextSink& out);

// The report for GET /api/report, its parameters read by the table of
// reads (commands/read_commands.h): as_of (default today), lang (zh|en),
// format (json|html|md|csv).
Result<ReportAsked> report_asked(Engine& engine, const commands::ReadArgs& args,
                                 const std::string& targets_dir);
// GET /api/province/report: the roll-up of every city of `database`, or
// with ?city=ID that city's own report (the drill-down); the same keys.
Result<ReportAsked> province_report_asked(Engine& engine, const commands::ReadArgs& args,
                                          const std::string& targets_dir,
                                          const std::string& database, const Clock& clock);
// GET /api/export: format (xlsx|csv), as_of, lang, unit (a unit user's own).
Result<ReportAsked> export_asked(Engine& engine, const commands::ReadArgs& args);

// The wall chart of the campaign running today (else the latest started,
// else the next to start): the countdown, the stages milestones are set for
// (the chart's columns, in the workflow's order) and one row per project with
// its status and a flag per milestone.
// `now`: the server's time ("…+08:00"), which the page shows as refreshed.
Result<boost::json::value> wall_json(Engine& engine, const std::string& now);

}  // namespace luodi::server
