// The read-only views leaders and the office wall look at: the report (any
// text format, as of a date) and the campaign wall chart (挂图作战).
#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <string>

#include "luodi/engine.h"
#include "luodi/report.h"

namespace luodi::server {

// The report for GET /api/report: query keys as_of (default today), lang
// (zh|en), format (json|html|md|csv); the report (rendered as it is sent),
// its format and content type.
struct ReportAsked {
  Report report;
  std::string format;
  std::string content_type;
};
Result<ReportAsked> report_asked(Engine& engine, const std::map<std::string, std::string>& query,
                                 const std::string& targets_dir);

struct ReportText {
  std::string body;
  std::string content_type;
};

// The monthly sheet for GET /api/export: query keys format (xlsx|csv,
// default xlsx), as_of, lang; a unit's user gets only its own projects.
Result<ReportText> export_file(Engine& engine, const std::map<std::string, std::string>& query,
                               const User& user);

// The wall chart of the campaign running today (else the latest started,
// else the next to start): the countdown and one row per project with a flag
// per milestone.
Result<boost::json::value> wall_json(Engine& engine);

}  // namespace luodi::server
