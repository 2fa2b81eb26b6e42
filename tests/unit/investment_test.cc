// Investment against the pro-rata schedule (序时进度) and the lights on it.
#include "luodi/investment.h"

#include <gtest/gtest.h>

#include "catalogue/catalogue.h"

namespace luodi {
namespace {

Date day(const char* s) { return *Date::parse(s); }

TEST(ProRata, CountsTheMonthsCompleted) {
  EXPECT_EQ(months_completed(day("2026-06-30")), 6);
  EXPECT_EQ(months_completed(day("2026-06-29")), 5);
  EXPECT_EQ(months_completed(day("2026-01-15")), 0);
  EXPECT_EQ(months_completed(day("2026-12-31")), 12);
  EXPECT_DOUBLE_EQ(pro_rata_share(day("2026-06-30")), 0.5);
  EXPECT_DOUBLE_EQ(pro_rata_share(day("2026-01-31")), 1.0 / 12);
  EXPECT_DOUBLE_EQ(pro_rata_share(day("2026-01-30")), 0);
}

TEST(ProRata, AMonthlyCurveReplacesTheStraightLine) {
  const MonthlyCurve curve{0.02, 0.05, 0.12, 0.2, 0.3, 0.42, 0.52, 0.62, 0.72, 0.82, 0.91, 1.0};
  EXPECT_DOUBLE_EQ(pro_rata_share(day("2026-06-30"), curve), 0.42);
  EXPECT_DOUBLE_EQ(pro_rata_share(day("2026-12-31"), curve), 1.0);
}

// The half-year report: 136,400 万元 of a 255,000 万元 target by 30 June is
// 53.49%, +3.49 points against the 50% schedule.
TEST(ProRata, TheHalfYearReportsYardstick) {
  auto p = investment_progress(136400, 255000, day("2026-06-30"));
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->done_share * 100, 53.49, 0.005);
  EXPECT_NEAR(p->points_ahead, 3.49, 0.005);
  EXPECT_NEAR(*p->share_of_schedule, 1.0698, 0.0001);
  EXPECT_FALSE(investment_progress(100, std::nullopt, day("2026-06-30")));
  EXPECT_FALSE(investment_progress(100, 0.0, day("2026-06-30")));
  EXPECT_FALSE(investment_progress(100, 1000.0, day("2026-01-10"))->share_of_schedule)
      << "nothing due in January";
}

// Yinchuan (2025): yellow 10–30 points behind schedule, red beyond 30.
TEST(InvestmentLight, PointsBehindTheSchedule) {
  const std::vector<InvestmentLightRule> rules{
      {LightColor::kYellow, InvestmentLightRule::Measure::kBehindPoints, 10},
      {LightColor::kRed, InvestmentLightRule::Measure::kBehindPoints, 30}};
  auto at = [&](double done) {
    return investment_light(investment_progress(done, 1000.0, day("2026-06-30")), rules);
  };
  EXPECT_EQ(at(500).color, LightColor::kGreen);   // on schedule
  EXPECT_EQ(at(400).color, LightColor::kGreen);   // 10 points behind: not beyond
  EXPECT_EQ(at(399).color, LightColor::kYellow);  // 10.1 behind
  EXPECT_EQ(at(200).color, LightColor::kYellow);  // 30 behind
  const Light red = at(150);                      // 35 behind
  EXPECT_EQ(red.color, LightColor::kRed);
  EXPECT_EQ(catalogue::render(red.reason, Lang::kEn),
            "investment 35.00 points behind schedule (15.00% done, 50.00% due)");
}

// Wuhan: yellow below 80% of the pro-rata figure, red below 60%.
TEST(InvestmentLight, ShareOfTheSchedulesFigure) {
  const std::vector<InvestmentLightRule> rules{
      {LightColor::kYellow, InvestmentLightRule::Measure::kShareOfSchedule, 0.8},
      {LightColor::kRed, InvestmentLightRule::Measure::kShareOfSchedule, 0.6}};
  auto at = [&](double done) {
    return investment_light(investment_progress(done, 1200.0, day("2026-03-31")), rules);
  };
  // 31 March: 300 of 1200 due.
  EXPECT_EQ(at(300).color, LightColor::kGreen);
  EXPECT_EQ(at(240).color, LightColor::kGreen);  // 80%: not under
  EXPECT_EQ(at(239).color, LightColor::kYellow);
  EXPECT_EQ(at(179).color, LightColor::kRed);
  EXPECT_EQ(catalogue::render(at(179).reason, Lang::kEn),
            "investment at 60% of schedule (under 60%)");
  EXPECT_EQ(investment_light(std::nullopt, rules).color, LightColor::kNone)
      << "no target: no investment light";
}

}  // namespace
}  // namespace luodi
