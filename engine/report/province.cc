// The province's roll-up: one row per city of the database, from each
// city's own report (its headline and its campaign's partition, nothing
// worked out again here), and the province's totals: sums, and the ratios
// worked out from the sums. A city's drill-down is its own report (report
// --city ID).
//
// A city's investment is measured against its own targets only: those
// loaded into it (targets load FILE --city ID), else its own directory
// (workflows/targets/<city id>/<year>.yaml); the shared
// workflows/targets/<year>.yaml is the default city's alone (a SQLite
// database's one city, the example city). A city without targets has
// empty target and completion cells, and the province's target is the sum
// of the targets the cities have.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "catalogue/catalogue.h"
#include "luodi/city.h"
#include "luodi/engine.h"
#include "luodi/report.h"
#include "views/json_views.h"

namespace luodi {

namespace {

using catalogue::text;

// How the total row has a figure: the cities' sum; the sum over the cities
// that have it (a target); or worked out from the sums (a ratio, totals()).
enum class Total { kSum, kSumOfGiven, kRatio };

// The cities table's figures, each a city's headline figure of that id.
struct Figure {
  const char* id;
  Total total;
};
constexpr Figure kFigures[] = {{"key_projects", Total::kSum},
                               {"active", Total::kSum},
                               {"started", Total::kSum},
                               {"start_ratio_percent", Total::kRatio},
                               {"overdue", Total::kSum},
                               {"red", Total::kSum},
                               {"blocked", Total::kSum},
                               {"land_need_mu", Total::kSum},
                               {"land_shortfall_mu", Total::kSum},
                               {"land_need_unknown", Total::kSum},
                               {"fixed_asset_ytd_wan", Total::kSum},
                               {"domestic_target_wan", Total::kSumOfGiven},
                               {"domestic_completion_percent", Total::kRatio},
                               {"pro_rata_percent", Total::kRatio},
                               {"domestic_vs_pro_rata_points", Total::kRatio},
                               {"foreign_arrived_ytd_usd_wan", Total::kSum},
                               {"foreign_target_usd_wan", Total::kSumOfGiven},
                               {"foreign_completion_percent", Total::kRatio}};

// The campaign's partition (CampaignCounts), as the city report's campaign
// table has it in its first row (the whole campaign).
constexpr const char* kParts[] = {"projects",  "met",    "met_late", "on_track",
                                  "recovered", "behind", "blocked",  "left"};

// Amounts to 1e-6 of their unit, as the city report keeps them.
double amount(double v) { return std::round(v * 1e6) / 1e6; }

std::optional<double> number_in(const Cell& c) {
  if (const auto* d = std::get_if<double>(&c)) return *d;
  return std::nullopt;
}

// A row's cells, appended one at a time (a list of variants trips GCC's
// maybe-uninitialized check).
void put(std::vector<Cell>& row, const std::optional<double>& v) {
  Cell& c = row.emplace_back();
  if (v) c.emplace<double>(*v);
}
void put(std::vector<Cell>& row, const std::optional<std::string>& text) {
  Cell& c = row.emplace_back();
  if (text) c.emplace<std::string>(*text);
}

// One city's figures, by id, as its own report gives them (none: empty).
struct CityFigures {
  std::string id;
  std::string name;
  std::map<std::string, std::optional<double>> figure;
  std::optional<std::string> campaign;  // the campaign's label, if the city has one
  std::map<std::string, std::optional<double>> part;
  long rank = 0;

  double value(const std::string& f) const {
    const auto it = figure.find(f);
    return it == figure.end() ? 0 : it->second.value_or(0);
  }
  bool has(const std::string& f) const {
    const auto it = figure.find(f);
    return it != figure.end() && it->second.has_value();
  }
};

CityFigures figures_of(const CityRecord& city, const Report& r) {
  CityFigures c{city.id, city.shown(), {}, {}, {}, 0};
  for (const Figure& f : kFigures) c.figure[f.id] = r.headline(f.id);
  if (const Table* t = r.section("campaign"); t && !t->rows.empty()) {
    const auto& whole = t->rows.front();
    if (const auto* label = std::get_if<std::string>(&whole[0])) c.campaign = *label;
    for (const char* p : kParts) {
      const int col = t->column(p);
      c.part[p] = col < 0 ? std::nullopt : number_in(whole[static_cast<size_t>(col)]);
    }
  }
  return c;
}

// The province's figures: sums, and the ratios of the sums. A target and
// what it measures are summed over the cities that have that target.
std::map<std::string, std::optional<double>> totals(const std::vector<CityFigures>& cities) {
  std::map<std::string, std::optional<double>> t;
  auto sum = [&](const std::string& f, bool only_given) -> std::optional<double> {
    double s = 0;
    bool any = false;
    for (const auto& c : cities) {
      if (only_given && !c.has(f)) continue;
      s += c.value(f);
      any = true;
    }
    return any ? std::optional<double>(amount(s)) : std::nullopt;
  };
  for (const Figure& f : kFigures)
    if (f.total != Total::kRatio) t[f.id] = sum(f.id, f.total == Total::kSumOfGiven);
  const double active = t["active"].value_or(0);
  t["start_ratio_percent"] = active > 0 ? views::percent(t["started"].value_or(0) / active) : 0.0;
  // Completed against the targets of the cities that have one; the schedule
  // is each city's own, weighted by its target.
  auto against = [&](const char* done, const char* target,
                     const char* schedule) -> std::pair<std::optional<double>, double> {
    double d = 0, whole = 0, due = 0;
    for (const auto& c : cities) {
      if (!c.has(target) || c.value(target) <= 0) continue;
      d += c.value(done);
      whole += c.value(target);
      if (schedule) due += c.value(target) * c.value(schedule) / 100;
    }
    if (whole <= 0) return {std::nullopt, 0};
    return {views::percent(d / whole), due / whole};
  };
  const auto [domestic, pro_rata] =
      against("fixed_asset_ytd_wan", "domestic_target_wan", "pro_rata_percent");
  t["domestic_completion_percent"] = domestic;
  t["pro_rata_percent"] = domestic ? std::optional<double>(views::percent(pro_rata)) : std::nullopt;
  t["domestic_vs_pro_rata_points"] =
      domestic ? std::optional<double>(amount(*domestic - *t["pro_rata_percent"])) : std::nullopt;
  t["foreign_completion_percent"] =
      against("foreign_arrived_ytd_usd_wan", "foreign_target_usd_wan", nullptr).first;
  return t;
}

// The 红黑榜 of the cities: by start ratio, then fewer red projects, then
// the database's order; of two or more, the first is on the red list
// (红榜), the last on the black list (黑榜).
void rank(std::vector<CityFigures>& cities) {
  std::vector<CityFigures*> order;
  for (auto& c : cities) order.push_back(&c);
  auto ratio = [](const CityFigures* c) {
    const double active = c->value("active");
    return active > 0 ? c->value("started") / active : 0.0;
  };
  std::stable_sort(order.begin(), order.end(), [&](const CityFigures* a, const CityFigures* b) {
    if (ratio(a) != ratio(b)) return ratio(a) > ratio(b);
    return a->value("red") < b->value("red");
  });
  for (size_t i = 0; i < order.size(); ++i) order[i]->rank = static_cast<long>(i) + 1;
}

std::optional<std::string> board(long rank, size_t cities, Lang lang) {
  if (cities < 2) return std::nullopt;  // one city is no ranking
  if (rank == 1) return text("board_red", lang);
  if (rank == static_cast<long>(cities)) return text("board_black", lang);
  return std::nullopt;
}

Table cities_table(const std::vector<CityFigures>& cities, Lang lang) {
  Table t;
  t.id = "cities";
  t.title = text("section_cities", lang);
  t.columns.push_back({"city", text("city", lang)});
  for (const Figure& f : kFigures) t.columns.push_back({f.id, text(f.id, lang)});
  t.columns.push_back({"rank", text("rank", lang)});
  t.columns.push_back({"board", text("board", lang)});
  for (const auto& c : cities) {
    std::vector<Cell> row;
    put(row, c.name);
    for (const Figure& f : kFigures) put(row, c.figure.at(f.id));
    put(row, static_cast<double>(c.rank));
    put(row, board(c.rank, cities.size(), lang));
    t.rows.push_back(std::move(row));
    t.row_ids.push_back(c.id);
  }
  const auto total = totals(cities);
  std::vector<Cell> row;
  put(row, text("province_total", lang));
  for (const Figure& f : kFigures) put(row, total.at(f.id));
  row.resize(t.columns.size());  // no rank, no board
  t.rows.push_back(std::move(row));
  t.row_ids.push_back("total");
  return t;
}

Table campaign_table(const std::vector<CityFigures>& cities, Lang lang) {
  Table t;
  t.id = "campaign";
  t.title = text("section_cities_campaign", lang);
  t.columns.push_back({"city", text("city", lang)});
  t.columns.push_back({"campaign", text("campaign", lang)});
  for (const char* p : kParts) t.columns.push_back({p, text(p, lang)});
  std::map<std::string, double> sum;
  bool any = false;
  for (const auto& c : cities) {
    std::vector<Cell> row;
    put(row, c.name);
    put(row, c.campaign);
    for (const char* p : kParts) {
      const auto it = c.part.find(p);
      const std::optional<double> v = it == c.part.end() ? std::nullopt : it->second;
      put(row, v);
      if (v) sum[p] += *v;
    }
    any |= c.campaign.has_value();
    t.rows.push_back(std::move(row));
    t.row_ids.push_back(c.id);
  }
  std::vector<Cell> row;
  put(row, text("province_total", lang));
  put(row, std::optional<std::string>());
  for (const char* p : kParts) put(row, any ? std::optional<double>(sum[p]) : std::nullopt);
  t.rows.push_back(std::move(row));
  t.row_ids.push_back("total");
  return t;
}

}  // namespace

std::string targets_dir_of_city(const std::string& targets_dir, const std::string& city) {
  const std::string own = targets_dir + "/" + city;
  if (std::filesystem::is_directory(own)) return own;
  return city == kDefaultCity ? targets_dir : std::string();
}

Result<Report> province_report(const std::string& db, const Clock& clock, Date as_of,
                               const std::string& targets_dir, Lang lang) {
  Report out;
  out.as_of = as_of;
  out.lang = lang;
  out.title = text("province_title", lang, {arg("date", as_of.str())});
  for (const char* note : {"note_province_rows", "note_province_targets", "note_province_rank"})
    out.notes.push_back(text(note, lang));
  std::vector<CityFigures> cities;
  {
    LUODI_ASSIGN_OR_RETURN(auto any, Engine::open(db, clock));
    LUODI_ASSIGN_OR_RETURN(auto records, any->cities());
    for (const auto& city : records) {
      LUODI_ASSIGN_OR_RETURN(auto engine, Engine::open(db, clock, city.id));
      LUODI_ASSIGN_OR_RETURN(
          Report r, report_of(*engine, as_of, "", targets_dir_of_city(targets_dir, city.id), lang));
      cities.push_back(figures_of(city, r));
    }
  }
  rank(cities);
  out.sections.push_back(cities_table(cities, lang));
  out.sections.push_back(campaign_table(cities, lang));
  return out;
}

}  // namespace luodi
