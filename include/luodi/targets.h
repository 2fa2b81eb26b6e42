// Annual investment targets (任务数), from YAML: workflows/targets/<year>.yaml.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "luodi/investment.h"
#include "luodi/status.h"

namespace luodi {

struct Target {
  std::optional<double> domestic_capital_wan;     // fixed-asset investment completed, 万元
  std::optional<double> foreign_capital_usd_wan;  // foreign capital arrived, 万美元
};

struct Targets {
  int year = 0;
  std::string issued_by;
  Target city;
  std::map<std::string, Target> units;  // by responsible unit, where given
  // The year's schedule month by month (`schedule:`, twelve cumulative
  // shares, rising to 1), when the targets give one; else months ÷ 12.
  std::optional<MonthlyCurve> schedule;
};

// Every problem is reported as file:line:col.
Result<Targets> parse_targets(std::string_view yaml_text, const std::string& file_name);

// Reads `file` (which must hold targets for `year`), or when `file` is empty
// `dir`/<year>.yaml if there is one (none, or `dir` empty: no targets).
Result<std::optional<Targets>> load_targets(const std::string& file, const std::string& dir,
                                            int year);

}  // namespace luodi
