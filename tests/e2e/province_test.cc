// End-to-end: the province's roll-up adds up. Each city's row is its own
// report (report --city ID --format json), field by field, and the total row
// is their sums and the ratios of the sums; each city is measured against its
// own targets only (a city without targets has none, never another's). On
// PostgreSQL: three cities of one database — the example city (the default
// city, with the shared example targets), one added with a targets directory
// of its own and then targets loaded into it, and one brought in from a SQLite
// file with its whole history (luodi migrate … --city). On SQLite (one city a
// file): the province is that city. The CLI (md, csv, html, json, xlsx) and
// GET /api/province/report agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <map>

#include "support/server_process.h"
#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

namespace json = boost::json;
using testing::http_request;
using testing::run_luodi;
using testing::RunResult;
using testing::ServerProcess;
using testing::source_path;
using testing::TempDir;

constexpr const char* kAsOf = "2026-07-31";

// The cities table's figures: each is the city's headline figure of that id.
const std::vector<std::string> kFigures = {"key_projects",
                                           "active",
                                           "started",
                                           "start_ratio_percent",
                                           "overdue",
                                           "red",
                                           "blocked",
                                           "land_need_mu",
                                           "land_shortfall_mu",
                                           "land_need_unknown",
                                           "fixed_asset_ytd_wan",
                                           "domestic_target_wan",
                                           "domestic_completion_percent",
                                           "pro_rata_percent",
                                           "domestic_vs_pro_rata_points",
                                           "foreign_arrived_ytd_usd_wan",
                                           "foreign_target_usd_wan",
                                           "foreign_completion_percent"};
// … and those the total row sums.
const std::vector<std::string> kSummed = {"key_projects",
                                          "active",
                                          "started",
                                          "overdue",
                                          "red",
                                          "blocked",
                                          "land_need_mu",
                                          "land_shortfall_mu",
                                          "land_need_unknown",
                                          "fixed_asset_ytd_wan",
                                          "foreign_arrived_ytd_usd_wan"};
// The campaign's partition.
const std::vector<std::string> kParts = {"projects",  "met",    "met_late", "on_track",
                                         "recovered", "behind", "blocked",  "left"};

// A percentage as the report rounds it: half-up, two decimals.
double percent(double ratio) { return std::floor(ratio * 100.0 * 100 + 0.5 + 1e-9) / 100; }

std::optional<double> number(const json::value& v) {
  if (v.is_null()) return std::nullopt;
  return v.to_number<double>();
}

const json::object& row_of(const json::value& report, const std::string& section,
                           const std::string& id) {
  static const json::object none;
  for (const auto& r : report.at("sections").at(section).at("rows").as_array())
    if (r.at("id") == id.c_str()) return r.as_object();
  ADD_FAILURE() << "no row " << id << " in " << section;
  return none;
}

void expect_same(const std::optional<double>& got, const std::optional<double>& want,
                 const std::string& what) {
  ASSERT_EQ(got.has_value(), want.has_value()) << what;
  if (got) {
    EXPECT_NEAR(*got, *want, 1e-6) << what;
  }
}

// The province report `province` against each city's own report (by city id,
// in the database's order): each city's row is its report's figures, and the
// total row their sums and the ratios of the sums; the campaign table the same.
void expect_adds_up(const json::value& province,
                    const std::vector<std::pair<std::string, json::value>>& cities) {
  const auto& rows = province.at("sections").at("cities").at("rows").as_array();
  ASSERT_EQ(rows.size(), cities.size() + 1) << province;
  for (const auto& [id, report] : cities) {
    const json::object& row = row_of(province, "cities", id);
    const json::object& headline = report.at("headline").as_object();
    for (const auto& f : kFigures)
      expect_same(number(row.at(f)), number(headline.at(f)), id + "." + f);
  }
  const json::object& total = row_of(province, "cities", "total");
  auto sum = [&](const std::string& f, bool only_given) -> std::optional<double> {
    double s = 0;
    bool any = false;
    for (const auto& [id, report] : cities) {
      const auto v = number(report.at("headline").at(f));
      if (only_given && !v) continue;
      s += v.value_or(0);
      any = true;
    }
    return any ? std::optional<double>(s) : std::nullopt;
  };
  for (const auto& f : kSummed) expect_same(number(total.at(f)), sum(f, false), "total." + f);
  expect_same(number(total.at("domestic_target_wan")), sum("domestic_target_wan", true),
              "total.domestic_target_wan");
  expect_same(number(total.at("foreign_target_usd_wan")), sum("foreign_target_usd_wan", true),
              "total.foreign_target_usd_wan");
  EXPECT_NEAR(number(total.at("start_ratio_percent")).value(),
              percent(*sum("started", false) / *sum("active", false)), 1e-9);
  // Completion against the targets of the cities that have one; the schedule
  // each city's own, weighed by its target.
  double done = 0, target = 0, due = 0, foreign = 0, foreign_target = 0;
  for (const auto& [id, report] : cities) {
    const auto& h = report.at("headline");
    if (auto t = number(h.at("domestic_target_wan")); t && *t > 0) {
      done += number(h.at("fixed_asset_ytd_wan")).value();
      target += *t;
      due += *t * number(h.at("pro_rata_percent")).value() / 100;
    }
    if (auto t = number(h.at("foreign_target_usd_wan")); t && *t > 0) {
      foreign += number(h.at("foreign_arrived_ytd_usd_wan")).value();
      foreign_target += *t;
    }
  }
  if (target > 0) {
    EXPECT_NEAR(number(total.at("domestic_completion_percent")).value(), percent(done / target),
                1e-9);
    EXPECT_NEAR(number(total.at("pro_rata_percent")).value(), percent(due / target), 1e-9);
    EXPECT_NEAR(number(total.at("domestic_vs_pro_rata_points")).value(),
                percent(done / target) - percent(due / target), 1e-6);
  } else {
    EXPECT_TRUE(total.at("domestic_completion_percent").is_null());
  }
  if (foreign_target > 0) {
    EXPECT_NEAR(number(total.at("foreign_completion_percent")).value(),
                percent(foreign / foreign_target), 1e-9);
  }
  // The campaign's partition: each city's as its report has it, and the sums.
  std::map<std::string, double> parts;
  for (const auto& [id, report] : cities) {
    const json::object& row = row_of(province, "campaign", id);
    const auto& own = report.at("sections").at("campaign").at("rows").at(0);
    EXPECT_EQ(row.at("campaign"), own.at("campaign")) << id;
    for (const auto& p : kParts) {
      expect_same(number(row.at(p)), number(own.at(p)), id + ".campaign." + p);
      parts[p] += number(own.at(p)).value_or(0);
    }
  }
  const json::object& campaign_total = row_of(province, "campaign", "total");
  for (const auto& p : kParts)
    expect_same(number(campaign_total.at(p)), parts[p], "total.campaign." + p);
}

class ProvinceReport : public ::testing::Test {
 protected:
  void SetUp() override {
    // The workflows directory, copied: a city's own targets directory goes in it.
    std::filesystem::copy(source_path("workflows"), workflows_,
                          std::filesystem::copy_options::recursive);
  }

  std::map<std::string, std::string> env() const {
    return {{"LUODI_WORKFLOWS", workflows_}, {"LUODI_NOW", "2026-07-31T10:00"}};
  }

  RunResult cli(std::vector<std::string> args, const std::string& city = "",
                const std::string& db = "") {
    std::vector<std::string> all{"--db", db.empty() ? db_ : db};
    if (!city.empty()) all.insert(all.end(), {"--city", city});
    all.insert(all.end(), args.begin(), args.end());
    RunResult r = run_luodi(all, env());
    EXPECT_EQ(r.exit_code, 0) << ::testing::PrintToString(args) << r.out << r.err;
    return r;
  }

  // The example city (examples/xx-city/load.sh) into `db`.
  void load_example_city(const std::string& db) {
    std::string line = "LUODI_NOW=2026-07-31 LUODI_WORKFLOWS='" + workflows_ + "' LUODI_BIN='" +
                       std::string(LUODI_BINARY) + "' '" + source_path("examples/xx-city/load.sh") +
                       "' '" + db + "'";
    auto load = testing::run_shell(line, dir_.path());
    ASSERT_EQ(load.exit_code, 0) << load.out << load.err;
  }

  // A small city's year: `n` key projects of two units spread over the
  // stages, their investment at the end of 2025 and of June, and a blocker.
  void small_city(const std::string& prefix, int n, double scale, const std::string& city,
                  const std::string& db = "") {
    const char* stages[] = {"signed", "pre_review", "site_entry", "construction"};
    for (int i = 0; i < n; ++i) {
      const std::string code = prefix + "-" + std::to_string(i + 1);
      std::vector<std::string> add{"add",
                                   code,
                                   "--name",
                                   prefix + "项目" + std::to_string(i + 1),
                                   "--unit",
                                   i % 2 ? "乙街道" : "甲镇",
                                   "--leader",
                                   i % 2 ? "李" : "王",
                                   "--investment-wan",
                                   std::to_string(static_cast<int>(8000 * scale) + 1000 * i),
                                   "--land-need-mu",
                                   std::to_string(20 + 5 * i),
                                   "--land-secured-mu",
                                   std::to_string(5 * i),
                                   "--stage",
                                   stages[i % 4],
                                   "--stage-since",
                                   "2025-0" + std::to_string(6 + i % 4) + "-10"};
      if (i % 4 == 3) add.insert(add.end(), {"--evidence", "permit=施" + code});
      cli(add, city, db);
      cli({"invest", code, "--fixed-asset-wan", std::to_string(100 * (i + 1)), "--on",
           "2025-12-31"},
          city, db);
      std::vector<std::string> june{"invest",
                                    code,
                                    "--fixed-asset-wan",
                                    std::to_string(static_cast<int>(1500 * scale) * (i + 1)),
                                    "--on",
                                    "2026-06-30"};
      if (i == 0) june.insert(june.end(), {"--foreign-arrived-usd-wan", "120"});
      cli(june, city, db);
    }
    cli({"block", prefix + "-2", "--category", "land", "--reason", "缺指标", "--on", "2026-05-20"},
        city, db);
  }

  json::value report(const std::string& city, const std::string& lang = "zh") {
    return json::parse(
        cli({"report", "--as-of", kAsOf, "--format", "json", "--lang", lang}, city).out);
  }
  json::value province(const std::string& lang = "zh") {
    return json::parse(
        cli({"report", "--province", "--as-of", kAsOf, "--format", "json", "--lang", lang}).out);
  }

  // The other formats hold the same table; the API answers the same JSON.
  void expect_every_face(const json::value& rollup, const std::vector<std::string>& names) {
    for (const char* format : {"md", "csv", "html"}) {
      const std::string text =
          cli({"report", "--province", "--as-of", kAsOf, "--format", format}).out;
      EXPECT_NE(text.find("全省合计"), std::string::npos) << format;
      for (const auto& n : names) EXPECT_NE(text.find(n), std::string::npos) << format << n;
    }
    const std::string xlsx = dir_.file("province.xlsx");
    cli({"report", "--province", "--as-of", kAsOf, "--format", "xlsx", "-o", xlsx});
    auto sheets = testing::run_shell("unzip -l '" + xlsx + "'", dir_.path());
    EXPECT_NE(sheets.out.find("xl/worksheets/sheet2.xml"), std::string::npos) << sheets.out;
    const std::string province_token =
        cli({"user", "add", "省发改委", "--role", "province"}).out.substr(0, 64);
    ServerProcess server(db_, {}, env());
    auto api = http_request(server.port(), "GET",
                            std::string("/api/province/report?as_of=") + kAsOf, "", province_token);
    ASSERT_EQ(api.status, 200) << api.body;
    EXPECT_EQ(json::parse(api.body), rollup);
    EXPECT_EQ(server.stop(), 0);
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_, "province.db"};
  std::string db_ = city_.location();
  std::string workflows_ = dir_.file("workflows");
};

// One city (a SQLite file's only one): the province's row and total are that
// city's report, every figure.
TEST_F(ProvinceReport, TheProvinceOfOneCityIsThatCitysReport) {
  load_example_city(db_);
  const json::value city = report("");
  const json::value rollup = province();
  expect_adds_up(rollup, {{"default", city}});
  const json::object& total = row_of(rollup, "cities", "total");
  for (const auto& f : kFigures)
    expect_same(number(total.at(f)), number(city.at("headline").at(f)), "total." + f);
  EXPECT_EQ(total.at("domestic_target_wan"), 255000);  // the shared example targets
  EXPECT_TRUE(row_of(rollup, "cities", "default").at("board").is_null()) << "one city: no board";
  expect_every_face(rollup, {"default"});
}

// Three cities, one brought in from SQLite, each with targets of its own.
TEST_F(ProvinceReport, ThreeCitiesOneMigratedEachWithItsOwnTargetsAddUp) {
  if (!testing::e2e_on_postgres()) GTEST_SKIP() << "a SQLite file holds one city";
  load_example_city(db_);
  cli({"city", "add", "suzhou", "--name", "宿州市"});
  small_city("SZ", 6, 1.0, "suzhou");
  // Without targets of its own, suzhou has none: never the example city's.
  {
    const json::value own = report("suzhou");
    EXPECT_TRUE(own.at("headline").at("domestic_target_wan").is_null()) << own.at("headline");
    const json::value rollup = province();
    EXPECT_TRUE(row_of(rollup, "cities", "suzhou").at("domestic_target_wan").is_null());
    EXPECT_TRUE(row_of(rollup, "cities", "suzhou").at("domestic_completion_percent").is_null());
    EXPECT_EQ(row_of(rollup, "cities", "total").at("domestic_target_wan"), 255000);
    expect_adds_up(rollup, {{"default", report("")}, {"suzhou", own}});
  }
  // Its own directory, workflows/targets/suzhou/.
  std::filesystem::create_directories(workflows_ + "/targets/suzhou");
  testing::write_file(workflows_ + "/targets/suzhou/2026.yaml",
                      "year: 2026\ndomestic_capital_wan: 80000\n");
  EXPECT_EQ(report("suzhou").at("headline").at("domestic_target_wan"), 80000);
  // Targets loaded into it come first: 90,000 on a monthly schedule of its own.
  testing::write_file(dir_.file("suzhou-2026.yaml"),
                      "year: 2026\ndomestic_capital_wan: 90000\nforeign_capital_usd_wan: 600\n"
                      "schedule: [0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]\n");
  EXPECT_NE(cli({"targets", "load", dir_.file("suzhou-2026.yaml")}, "suzhou")
                .out.find("loaded into city suzhou"),
            std::string::npos);
  EXPECT_EQ(report("suzhou").at("headline").at("domestic_target_wan"), 90000);
  EXPECT_EQ(report("").at("headline").at("domestic_target_wan"), 255000) << "the default's own";
  // A city kept in a SQLite file, with targets loaded into it, joins the province.
  const std::string file = dir_.file("yiwu.db");
  cli({"init"}, "", file);
  small_city("YW", 5, 2.0, "", file);
  testing::write_file(dir_.file("yiwu-2026.yaml"),
                      "year: 2026\ndomestic_capital_wan: 120000\nforeign_capital_usd_wan: 300\n");
  cli({"targets", "load", dir_.file("yiwu-2026.yaml")}, "", file);
  const json::value before =
      json::parse(cli({"report", "--as-of", kAsOf, "--format", "json"}, "", file).out);
  cli({"migrate", "--from", file, "--to", db_, "--city", "yiwu"});
  const json::value yiwu = report("yiwu");
  EXPECT_EQ(yiwu.at("headline"), before.at("headline")) << "the same city after the move";
  EXPECT_EQ(yiwu.at("headline").at("domestic_target_wan"), 120000);
  // The province: each city its own report, the total their sums.
  const json::value rollup = province();
  expect_adds_up(rollup, {{"default", report("")}, {"suzhou", report("suzhou")}, {"yiwu", yiwu}});
  EXPECT_EQ(row_of(rollup, "cities", "total").at("domestic_target_wan"), 255000 + 90000 + 120000);
  EXPECT_EQ(row_of(rollup, "cities", "total").at("foreign_target_usd_wan"), 3500 + 600 + 300);
  // In English too, the same figures.
  expect_adds_up(province("en"), {{"default", report("", "en")},
                                  {"suzhou", report("suzhou", "en")},
                                  {"yiwu", report("yiwu", "en")}});
  // Ranked as the 红黑榜: by start ratio, then fewer red; first 红榜, last 黑榜.
  std::vector<json::object> cities;
  for (const auto& r : rollup.at("sections").at("cities").at("rows").as_array())
    if (r.at("id") != "total") cities.push_back(r.as_object());
  std::stable_sort(cities.begin(), cities.end(), [](const json::object& a, const json::object& b) {
    auto ratio = [](const json::object& r) {
      return r.at("started").to_number<double>() / r.at("active").to_number<double>();
    };
    if (ratio(a) != ratio(b)) return ratio(a) > ratio(b);
    return a.at("red").to_number<double>() < b.at("red").to_number<double>();
  });
  for (size_t i = 0; i < cities.size(); ++i)
    EXPECT_EQ(cities[i].at("rank").to_number<double>(), static_cast<double>(i + 1));
  EXPECT_EQ(cities.front().at("board"), "红榜");
  EXPECT_TRUE(cities[1].at("board").is_null());
  EXPECT_EQ(cities.back().at("board"), "黑榜");
  expect_every_face(rollup, {"宿州市", "全省合计"});
}

}  // namespace
}  // namespace luodi
