// The province's roll-up: one row per city of the database, from each
// city's own report (its headline), and the province's totals. A city's
// drill-down is its own report (report --city ID).
#include <cmath>
#include <filesystem>

#include "catalogue/catalogue.h"
#include "luodi/engine.h"
#include "luodi/report.h"

namespace luodi {

namespace {

// The columns of the roll-up: each city's headline figure of that id.
constexpr const char* kFigures[] = {"key_projects",
                                    "started",
                                    "start_ratio_percent",
                                    "overdue",
                                    "red",
                                    "blocked",
                                    "land_shortfall_mu",
                                    "fixed_asset_ytd_wan",
                                    "domestic_target_wan",
                                    "domestic_completion_percent"};

double round2(double x) { return std::round(x * 100) / 100; }

}  // namespace

std::string targets_dir_of_city(const std::string& targets_dir, const std::string& city) {
  const std::string own = targets_dir + "/" + city;
  return std::filesystem::is_directory(own) ? own : targets_dir;
}

Result<Report> province_report(const std::string& db, const Clock& clock, Date as_of,
                               const std::string& targets_dir, Lang lang) {
  Report out;
  out.as_of = as_of;
  out.lang = lang;
  out.title = lang == Lang::kZh ? "各市重点项目推进情况汇总（截至 " + as_of.str() + "）"
                                : "Key projects by city (as of " + as_of.str() + ")";
  out.notes.push_back(
      lang == Lang::kZh
          ? "每市一行，取自该市报告的主要指标；合计行的开工率和完成内资任务数按全省总数计算。"
          : "One row per city, from the headline of its own report; the total row's ratios are "
            "worked out from the province's sums.");
  Table t;
  t.id = "cities";
  t.title = lang == Lang::kZh ? "各市推进情况" : "Cities";
  t.columns.push_back({"city", catalogue::text("city", lang)});
  for (const char* f : kFigures) t.columns.push_back({f, catalogue::text(f, lang)});
  std::vector<double> total(std::size(kFigures), 0);
  double active = 0;  // the start ratio's denominator: key projects not cancelled
  {
    LUODI_ASSIGN_OR_RETURN(auto any, Engine::open(db, clock));
    LUODI_ASSIGN_OR_RETURN(auto cities, any->cities());
    for (const auto& city : cities) {
      LUODI_ASSIGN_OR_RETURN(auto engine, Engine::open(db, clock, city.id));
      LUODI_ASSIGN_OR_RETURN(
          Report r, report_of(*engine, as_of, "", targets_dir_of_city(targets_dir, city.id), lang));
      std::vector<Cell> row(1 + std::size(kFigures));
      row[0].emplace<std::string>(city.shown());
      for (std::size_t i = 0; i < std::size(kFigures); ++i) {
        const auto v = r.headline(kFigures[i]);
        if (v) row[i + 1].emplace<double>(*v);
        if (v) total[i] += *v;
      }
      active += r.headline("active").value_or(0);
      t.rows.push_back(std::move(row));
      t.row_ids.push_back(city.id);
    }
  }
  // Ratios of the sums, not sums of the ratios.
  auto at = [&](const char* id) {
    for (std::size_t i = 0; i < std::size(kFigures); ++i)
      if (std::string_view(kFigures[i]) == id) return i;
    return std::size_t{0};
  };
  total[at("start_ratio_percent")] = active > 0 ? round2(100 * total[at("started")] / active) : 0;
  const double target = total[at("domestic_target_wan")];
  total[at("domestic_completion_percent")] =
      target > 0 ? round2(100 * total[at("fixed_asset_ytd_wan")] / target) : 0;
  std::vector<Cell> sum(1 + total.size());
  sum[0].emplace<std::string>(catalogue::text("province_total", lang));
  for (std::size_t i = 0; i < total.size(); ++i) sum[i + 1].emplace<double>(round2(total[i]));
  t.rows.push_back(std::move(sum));
  t.row_ids.push_back("total");
  out.sections.push_back(std::move(t));
  return out;
}

}  // namespace luodi
