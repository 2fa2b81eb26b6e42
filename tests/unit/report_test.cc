// The report is a pure function of a snapshot and the targets: its figures
// are checked here on hand-made states; the formats are checked to agree.
#include "luodi/report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>

#include "report/svg_charts.h"
#include "support/test_support.h"

namespace luodi {
namespace {

Date d(const char* s) { return *Date::parse(s); }

ProjectState state(const std::string& code, int stage, ProjectStatus status, double investment,
                   const std::string& unit = "游埠镇", const std::string& leader = "王建国") {
  ProjectState p;
  p.code = code;
  p.stage = stage;
  p.status = status;
  p.attributes.name = "项目" + code;
  p.attributes.unit = unit;
  p.attributes.leader = leader;
  p.attributes.investment_wan = investment;
  p.attributes.land_need_mu = 10;
  p.attributes.land_secured_mu = 4;
  return p;
}

ProjectState with_progress(ProjectState p, const char* on, double fixed,
                           std::optional<double> foreign = {}) {
  p.progress = Progress{d(on), fixed, foreign};
  return p;
}

Deadline deadline_to(Date due, int stage) {
  Deadline dl;
  dl.due = due;
  dl.stage = stage;
  return dl;
}

TrackedProject tracked(ProjectState p, LightColor light = LightColor::kGreen, int days_left = 10) {
  Standing st;
  st.deadline = deadline_to(d("2026-07-10"), p.stage + 1);
  st.days_left = days_left;
  st.light.color = light;
  return {std::move(p), std::move(st)};
}

Targets targets() {
  auto t = parse_targets(
      "year: 2026\ndomestic_capital_wan: 255000\nforeign_capital_usd_wan: 3500\n"
      "units:\n  游埠镇:\n    domestic_capital_wan: 10000\n",
      "2026.yaml");
  EXPECT_TRUE(t.ok()) << t.status().message();
  return *t;
}

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    snap_.as_of = d("2026-06-30");
    auto blocked = state("B", 2, ProjectStatus::kBlocked, 12000, "诸葛镇", "刘志强");
    blocked.blockers.push_back(
        Blocker{7,
                "land",
                "缺用地指标",
                "自然资源局",
                d("2026-05-01"),
                {Instruction{3, "请自然资源局月底前落实", "自然资源局", d("2026-07-15"),
                             d("2026-06-10"), "刘志强", std::nullopt, ""}}});
    snap_.projects = {
        tracked(with_progress(state("A", 3, ProjectStatus::kActive, 8000), "2026-06-30", 5000, 300),
                LightColor::kRed, -5),
        tracked(with_progress(blocked, "2026-05-31", 3000), LightColor::kYellow),
        tracked(state("C", 1, ProjectStatus::kActive, 20000)),
        tracked(state("X", 2, ProjectStatus::kCancelled, 99999)),  // counted as key, not active
    };
    // 31 December: A had 1000 done; B started this year. A year ago: A had 2000 in the half-year.
    snap_.year_start = {
        with_progress(state("A", 2, ProjectStatus::kActive, 8000), "2025-12-31", 1000, 100)};
    snap_.last_year = {
        with_progress(state("A", 1, ProjectStatus::kActive, 8000), "2025-06-30", 2500)};
    // (no foreign figure: none had arrived a year before)
    snap_.last_year_start = {
        with_progress(state("A", 1, ProjectStatus::kActive, 8000), "2024-12-31", 500)};
  }

  Snapshot snap_;
};

TEST_F(ReportTest, HeadlineCountsTiersInvestmentAndTargets) {
  const Report r = build_report(testing::default_workflow(), snap_, targets(), Lang::kZh);
  EXPECT_EQ(r.headline("key_projects"), 4);
  EXPECT_EQ(r.headline("cancelled"), 1);
  EXPECT_EQ(r.headline("active"), 3);
  EXPECT_EQ(r.headline("tier_50m_100m"), 1);   // A: 8,000
  EXPECT_EQ(r.headline("tier_100m_plus"), 2);  // B and C; the cancelled X is not active
  EXPECT_EQ(r.headline("total_investment_wan"), 40000);
  EXPECT_EQ(r.headline("started"), 2);  // A (construction) and B (site entry)
  EXPECT_EQ(r.headline("start_ratio_percent"), 66.67);
  // This year: A 5000 − 1000 and B 3000 − 0; last year's half: 2500 − 500.
  EXPECT_EQ(r.headline("fixed_asset_ytd_wan"), 7000);
  EXPECT_EQ(r.headline("fixed_asset_last_year_wan"), 2000);
  EXPECT_EQ(r.headline("fixed_asset_yoy_percent"), 250);
  EXPECT_EQ(r.headline("domestic_completion_percent"), 2.75);  // 7000 / 255000
  EXPECT_EQ(r.headline("pro_rata_percent"), 50);               // six months of twelve
  EXPECT_EQ(r.headline("domestic_vs_pro_rata_points"), -47.25);
  EXPECT_EQ(r.headline("foreign_arrived_ytd_usd_wan"), 200);
  EXPECT_EQ(r.headline("foreign_completion_percent"), 5.71);  // 200 / 3500
  EXPECT_FALSE(r.headline("foreign_yoy_percent")) << "no foreign capital arrived last year";
  EXPECT_EQ(r.headline("blocked"), 1);
  EXPECT_EQ(r.headline("overdue"), 1);
  EXPECT_EQ(r.headline("red"), 1);
  EXPECT_EQ(r.headline("land_shortfall_mu"), 18);  // 6 × 3 active projects
}

TEST_F(ReportTest, ForeignCapitalYearOnYear) {
  snap_.last_year = {
      with_progress(state("A", 1, ProjectStatus::kActive, 8000), "2025-06-30", 2500, 180)};
  snap_.last_year_start = {
      with_progress(state("A", 1, ProjectStatus::kActive, 8000), "2024-12-31", 500, 80)};
  const Report r = build_report(testing::default_workflow(), snap_, targets(), Lang::kZh);
  EXPECT_EQ(r.headline("foreign_arrived_last_year_usd_wan"), 100);  // 180 − 80
  EXPECT_EQ(r.headline("foreign_yoy_percent"), 100);                // 200 against 100
}

TEST_F(ReportTest, WithoutLastYearOrTargetsThoseFiguresAreEmpty) {
  snap_.last_year.clear();
  const Report r = build_report(testing::default_workflow(), snap_, std::nullopt, Lang::kEn);
  EXPECT_FALSE(r.headline("fixed_asset_yoy_percent"));
  EXPECT_FALSE(r.headline("fixed_asset_last_year_wan"));
  EXPECT_FALSE(r.headline("domestic_completion_percent"));
  EXPECT_EQ(r.headline("fixed_asset_ytd_wan"), 7000);
  EXPECT_EQ(r.section("headline")->columns[1].label, "Value");
}

TEST_F(ReportTest, SectionsByUnitLeaderBlockedAndFunnel) {
  const Report r = build_report(testing::default_workflow(), snap_, targets(), Lang::kZh);
  const Table* units = r.section("units");
  ASSERT_TRUE(units);
  ASSERT_EQ(units->row_ids, (std::vector<std::string>{"游埠镇", "诸葛镇"}));
  const auto& you = units->rows[0];
  EXPECT_EQ(std::get<double>(you[units->column("projects")]), 2);  // A and C
  EXPECT_EQ(std::get<double>(you[units->column("red")]), 1);
  EXPECT_EQ(std::get<double>(you[units->column("overdue")]), 1);
  EXPECT_EQ(std::get<double>(you[units->column("fixed_asset_ytd_wan")]), 4000);
  EXPECT_EQ(std::get<double>(you[units->column("domestic_completion_percent")]), 40);
  EXPECT_TRUE(
      std::holds_alternative<std::monostate>(units->rows[1][units->column("domestic_target_wan")]));

  const Table* leaders = r.section("leaders");
  ASSERT_EQ(leaders->row_ids, (std::vector<std::string>{"刘志强", "王建国"}));
  EXPECT_EQ(std::get<double>(leaders->rows[0][leaders->column("open_instructions")]), 1);
  EXPECT_EQ(std::get<double>(leaders->rows[0][leaders->column("yellow")]), 1);

  const Table* blocked = r.section("blocked");
  ASSERT_EQ(blocked->rows.size(), 1u);
  EXPECT_EQ(std::get<double>(blocked->rows[0][blocked->column("days_blocked")]), 60);
  EXPECT_EQ(std::get<std::string>(blocked->rows[0][blocked->column("latest_instruction")]),
            "请自然资源局月底前落实");
  EXPECT_EQ(std::get<std::string>(blocked->rows[0][blocked->column("category")]), "用地指标");

  const Table* funnel = r.section("funnel");
  EXPECT_EQ(std::get<double>(funnel->rows[0][funnel->column("reached")]), 3);
  EXPECT_EQ(std::get<double>(funnel->rows[2][funnel->column("reached")]), 2);  // site entry
  EXPECT_EQ(std::get<double>(funnel->rows[3][funnel->column("reached")]), 1);  // construction
  const Table* lights = r.section("lights");
  EXPECT_EQ(lights->row_ids, (std::vector<std::string>{"red", "yellow", "green"}));
  EXPECT_EQ(std::get<double>(lights->rows[2][1]), 1);
  EXPECT_FALSE(r.section("campaign")) << "no campaign had started";
}

// An open instruction past its due date, as the standing lists it, is a row
// of the blocked section after its blocker's, and counts at its leader.
TEST_F(ReportTest, AnOverdueInstructionIsListedWithItsBlocker) {
  TrackedProject& b = snap_.projects[1];
  b.project.blockers[0].instructions[0].due = d("2026-06-20");
  Deadline late = deadline_to(d("2026-06-20"), b.project.stage);
  late.source = Deadline::Source::kInstruction;
  late.instruction = 3;
  late.assignee = "自然资源局";
  late.late = true;
  late.days_late = 10;
  b.standing.deadlines = {late};
  for (Lang lang : {Lang::kZh, Lang::kEn}) {
    const Report r = build_report(testing::default_workflow(), snap_, targets(), lang);
    const Table* blocked = r.section("blocked");
    ASSERT_EQ(blocked->row_ids, (std::vector<std::string>{"B#7", "B#7/instruction/3"}));
    const auto& row = blocked->rows[1];
    EXPECT_EQ(std::get<std::string>(row[blocked->column("kind")]),
              lang == Lang::kZh ? "批示逾期" : "instruction overdue");
    EXPECT_EQ(std::get<std::string>(row[blocked->column("instruction_assignee")]), "自然资源局");
    EXPECT_EQ(std::get<std::string>(row[blocked->column("instruction_due")]), "2026-06-20");
    EXPECT_EQ(std::get<double>(row[blocked->column("instruction_days_overdue")]), 10);
    EXPECT_EQ(std::get<std::string>(row[blocked->column("latest_instruction")]),
              "请自然资源局月底前落实");
    EXPECT_TRUE(std::holds_alternative<std::monostate>(
        blocked->rows[0][blocked->column("instruction_due")]));
    const Table* leaders = r.section("leaders");
    EXPECT_EQ(std::get<double>(leaders->rows[0][leaders->column("overdue_instructions")]), 1);
    EXPECT_EQ(std::get<double>(leaders->rows[1][leaders->column("overdue_instructions")]), 0);
  }
  // Reported done (met, however late): no longer listed.
  b.standing.deadlines[0].met = true;
  const Report r = build_report(testing::default_workflow(), snap_, targets(), Lang::kZh);
  EXPECT_EQ(r.section("blocked")->row_ids, (std::vector<std::string>{"B#7"}));
  EXPECT_EQ(
      std::get<double>(
          r.section("leaders")->rows[0][r.section("leaders")->column("overdue_instructions")]),
      0);
}

// The 红黑榜: start ratio first (诸葛镇 1 of 1, 游埠镇 1 of 2), then investment
// against the pro-rata schedule (50% on 30 June) of the unit's target.
TEST_F(ReportTest, UnitsRankedByStartRatioThenInvestmentAgainstTheSchedule) {
  const Report r = build_report(testing::default_workflow(), snap_, targets(), Lang::kEn);
  const Table* ranking = r.section("units_ranking");
  ASSERT_TRUE(ranking);
  ASSERT_EQ(ranking->row_ids, (std::vector<std::string>{"诸葛镇", "游埠镇"}));
  const auto& you = ranking->rows[1];
  EXPECT_EQ(std::get<double>(you[ranking->column("rank")]), 2);
  EXPECT_EQ(std::get<double>(you[ranking->column("start_ratio_percent")]), 50);
  EXPECT_EQ(std::get<double>(you[ranking->column("pro_rata_percent")]), 50);
  EXPECT_EQ(std::get<double>(you[ranking->column("domestic_vs_pro_rata_points")]), -10)
      << "4000 of 10000";
  EXPECT_EQ(std::get<std::string>(you[ranking->column("light")]), "green")
      << "10 points behind is not beyond 10";
  EXPECT_TRUE(std::holds_alternative<std::monostate>(ranking->rows[0][ranking->column("light")]))
      << "no target";

  auto with_target = [&](const char* wan) {
    auto t = parse_targets(
        std::string("year: 2026\nunits:\n  游埠镇:\n    domestic_capital_wan: ") + wan + "\n",
        "t.yaml");
    EXPECT_TRUE(t.ok());
    const Report again = build_report(testing::default_workflow(), snap_, *t, Lang::kEn);
    const Table* ranked = again.section("units_ranking");
    return std::make_pair(std::get<std::string>(ranked->rows[1][ranked->column("light")]),
                          std::get<std::string>(ranked->rows[1][ranked->column("light_reason")]));
  };
  EXPECT_EQ(with_target("20000").first, "yellow") << "30 points behind";
  const auto red = with_target("25000");
  EXPECT_EQ(red.first, "red") << "34 points behind";
  EXPECT_EQ(red.second, "investment 34.00 points behind schedule (16.00% done, 50.00% due)");

  // Equal start ratios: the unit nearer its schedule ranks first.
  snap_.projects.push_back(tracked(state("D", 0, ProjectStatus::kActive, 100, "诸葛镇")));
  snap_.projects.push_back(tracked(
      with_progress(state("E", 3, ProjectStatus::kActive, 100, "兰江街道"), "2026-06-30", 9000)));
  snap_.projects.push_back(tracked(state("F", 0, ProjectStatus::kActive, 100, "兰江街道")));
  auto t = parse_targets(
      "year: 2026\nunits:\n  游埠镇:\n    domestic_capital_wan: 10000\n  兰江街道:\n    "
      "domestic_capital_wan: 10000\n",
      "t.yaml");
  ASSERT_TRUE(t.ok());
  const Report tied = build_report(testing::default_workflow(), snap_, *t, Lang::kEn);
  EXPECT_EQ(tied.section("units_ranking")->row_ids,
            (std::vector<std::string>{"兰江街道", "游埠镇", "诸葛镇"}))
      << "all at 50%: 兰江 is 40 points ahead, 游埠 10 behind, 诸葛 has no target";
}

TEST_F(ReportTest, FormatsCarryTheSameNumbers) {
  const Report r = build_report(testing::default_workflow(), snap_, targets(), Lang::kZh);
  const std::string md = render_markdown(r), csv = render_csv(r), html = render_html(r);
  const boost::json::value json = boost::json::parse(render_json(r));
  const auto& headline = json.at("headline").as_object();
  EXPECT_EQ(headline.at("fixed_asset_ytd_wan").to_number<double>(), 7000);
  EXPECT_TRUE(headline.at("fixed_asset_yoy_percent").is_number());
  EXPECT_NE(md.find("| 本年完成固定资产投入 | 7000 | 万元 |"), std::string::npos) << md;
  EXPECT_NE(csv.find("本年完成固定资产投入,7000,万元\r\n"), std::string::npos);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u) << "a BOM, for Excel";
  EXPECT_NE(html.find("<td class=\"num\">7000</td>"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  // Self-contained: nothing fetched (the SVG namespace is a name, not a fetch).
  for (const char* fetch : {"src=", "href=", "@import", "url("})
    EXPECT_EQ(html.find(fetch), std::string::npos) << fetch;
}

// Phones (issue 27): the page scales to the screen, every table scrolls in
// its own box, a long cell wraps with its dates whole, a short one does not
// wrap, and the charts scale down (viewBox) with their labels inside them.
TEST_F(ReportTest, HtmlKeepsDatesAndNamesWholeOnAPhone) {
  snap_.projects[0].project.attributes.name = "某某产业园基础设施建设项目（2026-07-07 开工）";
  const std::string html =
      render_html(build_report(testing::default_workflow(), snap_, targets(), Lang::kZh));
  EXPECT_NE(html.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"),
            std::string::npos);
  size_t tables = 0, wrapped = 0;
  for (size_t at = html.find("<table>"); at != std::string::npos;
       at = html.find("<table>", at + 1)) {
    ++tables;
    wrapped += html.compare(at - 20, 20, "<div class=\"scroll\">") == 0;
  }
  EXPECT_GT(tables, 0u);
  EXPECT_EQ(wrapped, tables) << "every table in a scroll box";
  EXPECT_NE(html.find("<td class=\"wrap\">某某产业园基础设施建设项目（<span "
                      "class=\"nowrap\">2026-07-07</span> 开工）</td>"),
            std::string::npos);
  EXPECT_NE(html.find("th,td{white-space:nowrap}"), std::string::npos);
  EXPECT_NE(html.find("viewBox=\"0 0 "), std::string::npos);
  // A bar chart's label column is as wide as its longest label.
  const std::string chart =
      svg::bar_chart("t", {{"一个很长很长的阶段名称", 3, "#000"}, {"b", 1, "#000"}});
  EXPECT_NE(
      chart.find("<text x=\"138.0\" y=\"48.0\" text-anchor=\"end\">一个很长很长的阶段名称</text>"),
      std::string::npos)
      << chart;
}

TEST_F(ReportTest, ATextCellWithPipesOrCommasStaysOneCell) {
  snap_.projects[0].project.attributes.name = "A|B, \"C\"";
  const Report r = build_report(testing::default_workflow(), snap_, targets(), Lang::kEn);
  EXPECT_NE(render_markdown(r).find("A\\|B, \"C\""), std::string::npos);
  EXPECT_NE(render_csv(r).find("\"A|B, \"\"C\"\"\""), std::string::npos);
  EXPECT_NE(render_html(r).find("A|B, &quot;C&quot;"), std::string::npos);
}

// A monthly schedule in the targets replaces months ÷ 12: on 30 June 40% is
// due, so 游埠镇's 4000 of 10000 is on schedule and the city's headline says so.
TEST_F(ReportTest, TheTargetsMonthlyScheduleReplacesTheStraightLine) {
  auto t = parse_targets(
      "year: 2026\ndomestic_capital_wan: 255000\n"
      "schedule: [0.02, 0.05, 0.12, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]\n"
      "units:\n  游埠镇:\n    domestic_capital_wan: 10000\n",
      "2026.yaml");
  ASSERT_TRUE(t.ok()) << t.status().message();
  const Report r = build_report(testing::default_workflow(), snap_, *t, Lang::kEn);
  const Table* head = r.section("headline");
  const auto at = std::find(head->row_ids.begin(), head->row_ids.end(), "pro_rata_percent") -
                  head->row_ids.begin();
  EXPECT_EQ(std::get<double>(head->rows[static_cast<size_t>(at)][1]), 40);
  const Table* ranking = r.section("units_ranking");
  const auto& you = ranking->rows[1];
  EXPECT_EQ(std::get<double>(you[ranking->column("pro_rata_percent")]), 40);
  EXPECT_EQ(std::get<double>(you[ranking->column("domestic_vs_pro_rata_points")]), 0);

  for (const char* bad :
       {"schedule: [0.1, 0.2]\n",
        "schedule: [0.1, 0.2, 0.3, 0.4, 0.5, 0.4, 0.7, 0.8, 0.9, 1, 1, 1]\n",
        "schedule: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99]\n"}) {
    auto wrong = parse_targets(std::string("year: 2026\n") + bad, "t.yaml");
    ASSERT_FALSE(wrong.ok()) << bad;
    EXPECT_EQ(wrong.status().message().rfind("t.yaml:2:", 0), 0u) << wrong.status().message();
  }
}

TEST(TargetsTest, ErrorsNameTheirPlace) {
  auto bad = parse_targets(
      "year: 2026\ndomestic_capital_wan: -5\nunits:\n  乡镇:\n    domestc: 1\n", "t.yaml");
  ASSERT_FALSE(bad.ok());
  const std::string msg = bad.status().message();
  EXPECT_NE(msg.find("t.yaml:2:23: "), std::string::npos) << msg;
  EXPECT_NE(msg.find("t.yaml:5:5: "), std::string::npos) << msg;
  EXPECT_FALSE(parse_targets("domestic_capital_wan: 1\n", "t.yaml").ok()) << "the year is required";
  EXPECT_FALSE(parse_targets("year: [\n", "t.yaml").ok());
}

// A city reads its own targets only: its own directory when it has one, the
// shared one for the default city alone, none for another city.
TEST(TargetsTest, ACityReadsItsOwnTargetsAndNeverAnothersCitys) {
  testing::TempDir dir;
  const std::string shared = dir.file("targets");
  std::filesystem::create_directories(shared + "/suzhou");
  testing::write_file(shared + "/2026.yaml", "year: 2026\ndomestic_capital_wan: 255000\n");
  testing::write_file(shared + "/suzhou/2026.yaml", "year: 2026\ndomestic_capital_wan: 80000\n");
  EXPECT_EQ(targets_dir_of_city(shared, "default"), shared);
  EXPECT_EQ(targets_dir_of_city(shared, "suzhou"), shared + "/suzhou");
  EXPECT_EQ(targets_dir_of_city(shared, "yiwu"), "");
  auto of = [&](const std::string& city) {
    auto t = load_targets("", targets_dir_of_city(shared, city), 2026);
    EXPECT_TRUE(t.ok()) << t.status().message();
    return t.ok() && *t ? (*t)->city.domestic_capital_wan : std::nullopt;
  };
  EXPECT_EQ(of("default"), 255000);
  EXPECT_EQ(of("suzhou"), 80000);
  EXPECT_EQ(of("yiwu"), std::nullopt) << "never the shared (default city's) targets";
}

}  // namespace
}  // namespace luodi
