#include "luodi/targets.h"

#include "common/yaml_reader.h"

namespace luodi {

namespace {

// The two amounts of a target, from a map already checked for unknown keys.
Target target_of(yaml::Reader& r, const YAML::Node& n, const std::string& what) {
  Target t;
  if (n["domestic_capital_wan"])
    t.domestic_capital_wan = r.amount(n["domestic_capital_wan"], what + ".domestic_capital_wan");
  if (n["foreign_capital_usd_wan"])
    t.foreign_capital_usd_wan =
        r.amount(n["foreign_capital_usd_wan"], what + ".foreign_capital_usd_wan");
  return t;
}

}  // namespace

Result<Targets> parse_targets(std::string_view text, const std::string& file) {
  yaml::Reader r(file);
  auto root = r.parse(text);
  if (!root) return r.status();
  Targets t;
  if (!r.check_map(*root,
                   {"year", "issued_by", "domestic_capital_wan", "foreign_capital_usd_wan", "units",
                    "schedule"},
                   "targets"))
    return r.status();
  if (r.require(*root, "year", "targets"))
    if (auto y = r.integer((*root)["year"], "year")) {
      if (*y < 2000 || *y > 2100) r.error((*root)["year"], "year must be between 2000 and 2100");
      t.year = static_cast<int>(*y);
    }
  if ((*root)["issued_by"]) t.issued_by = r.string((*root)["issued_by"], "issued_by").value_or("");
  t.city = target_of(r, *root, "targets");
  if (const auto units = (*root)["units"]) {
    if (!units.IsMap()) {
      r.error(units, "units must map each responsible unit to its targets");
    } else {
      for (const auto& entry : units) {
        const std::string unit = entry.first.Scalar();
        const std::string what = "units." + unit;
        if (r.check_map(entry.second, {"domestic_capital_wan", "foreign_capital_usd_wan"}, what))
          t.units[unit] = target_of(r, entry.second, what);
      }
    }
  }
  if (const auto s = (*root)["schedule"]) {
    if (!s.IsSequence() || s.size() != 12) {
      r.error(s,
              "schedule must list 12 cumulative shares of the year's target, one per month (e.g. "
              "0.05, 0.12, … 1)");
    } else {
      MonthlyCurve curve{};
      double before = 0;
      for (size_t i = 0; i < 12; ++i) {
        auto v = r.amount(s[i], "schedule[" + std::to_string(i + 1) + "]");
        if (!v) continue;
        if (*v > 1)
          r.error(s[i],
                  "schedule[" + std::to_string(i + 1) + "] is a share of the year: at most 1");
        if (*v < before)
          r.error(s[i], "schedule[" + std::to_string(i + 1) + "] falls below the month before");
        curve[i] = before = *v;
      }
      if (r.ok() && curve[11] != 1.0)
        r.error(s[11], "schedule[12] must be 1: the whole target by December");
      t.schedule = curve;
    }
  }
  if (!r.ok()) return r.status();
  return t;
}

}  // namespace luodi
