// Small formatting helpers shared by the commands.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "common/json_text.h"
#include "luodi/city.h"
#include "luodi/lang.h"
#include "luodi/report.h"
#include "luodi/status.h"

namespace luodi::cli {

// The whole of a regular file, as bytes; BadInput when it cannot be read.
Result<std::string> read_input_file(const std::string& path);

// Writes `bytes` to `path` whole or not at all (a temporary file, renamed).
Status write_output_file(const std::string& path, const std::string& bytes);
// … written a piece at a time by `write`; nothing is left behind when it fails.
Status write_output_file(const std::string& path,
                         const std::function<Status(const TextSink&)>& write);

// Writes `report` as an Excel workbook at `path`, whole or not at all.
Status write_workbook(const Report& report, const std::string& path);

// The repository's workflows/ (or $LUODI_WORKFLOWS), where the defaults live.
std::string workflows_dir();

// 589200 → "589200", 1369.28 → "1369.28", none → "".
std::string amount_text(const std::optional<double>& v);

// Under a command that shows city names: one line on `err` when any of
// `cities` has no name yet (it shows as its id), saying how to name it;
// nothing when all have names.
void hint_unnamed_cities(std::ostream& err, const std::vector<CityRecord>& cities, Lang lang);

inline void print_json(std::ostream& out, const boost::json::value& v) {
  out << to_json_text(v) << '\n';
}

}  // namespace luodi::cli
