#include "luodi/stats.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace luodi {
namespace {

ProjectState project(int stage, ProjectStatus status, bool key, double inv, double need,
                     double secured) {
  ProjectState p;
  p.stage = stage;
  p.status = status;
  p.key = key;
  p.attributes.investment_wan = inv;
  p.attributes.land_need_mu = need;
  p.attributes.land_secured_mu = secured;
  return p;
}

TEST(StatsTest, CountsTheWayTheReportDoes) {
  const auto& wf = testing::default_workflow();
  std::vector<TrackedProject> ps = {
      {project(1, ProjectStatus::kActive, true, 10000, 50, 20), {}},  // pre_review
      {project(2, ProjectStatus::kBlocked, true, 20000, 30, 30),
       {}},  // site_entry, all land secured
      {project(5, ProjectStatus::kFinished, true, 5000, 10, 0), {}},    // production
      {project(2, ProjectStatus::kCancelled, true, 99999, 99, 0), {}},  // not active
      {project(3, ProjectStatus::kDropped, false, 77777, 77, 0), {}},   // off the list
      {project(0, ProjectStatus::kActive, false, 55555, 55, 0), {}},    // pipeline
  };
  Stats s = compute_stats(wf, *Date::parse("2026-06-30"), ps);
  EXPECT_EQ(s.key_projects, 4);
  EXPECT_EQ(s.cancelled, 1);
  EXPECT_EQ(s.dropped, 1);
  EXPECT_EQ(s.pipeline, 1);
  EXPECT_EQ(s.active, 3);
  EXPECT_DOUBLE_EQ(s.active_investment_wan, 35000);
  EXPECT_EQ(s.site_entry_or_later, 2);
  EXPECT_DOUBLE_EQ(s.start_ratio, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.land_need_mu, 90);
  EXPECT_DOUBLE_EQ(s.land_shortfall_mu, 40);  // 30 + 0 + 10
  EXPECT_DOUBLE_EQ(s.land_need_mu - s.land_secured_mu, s.land_shortfall_mu)
      << "the columns subtract";
  ASSERT_EQ(s.by_stage.size(), 6u);
  EXPECT_EQ(s.by_stage[1], (std::pair<std::string, int>{"pre_review", 1}));
  EXPECT_EQ(s.by_stage[2].second, 1) << "blocked counts under its stage; cancelled does not";
  EXPECT_EQ(s.by_stage[5].second, 1) << "finished counts under the final stage";
}

// 西城镇: 90 亩 secured against a known need, 10 on a project whose need was
// never recorded. The city has 100 亩 of quota; the need and the shortfall of
// the second are unknown, and the sums say so rather than drop it.
TEST(StatsTest, LandSecuredWithNoNeedRecordedCountsAndIsShownAsNeedUnknown) {
  ProjectState known = project(2, ProjectStatus::kActive, true, 1000, 120, 90);
  ProjectState unknown = project(2, ProjectStatus::kActive, true, 1000, 0, 10);
  unknown.attributes.land_need_mu.reset();
  ProjectState none = project(1, ProjectStatus::kActive, true, 1000, 0, 0);
  none.attributes.land_need_mu.reset();
  none.attributes.land_secured_mu.reset();
  const Land l = land_of(unknown.attributes);
  EXPECT_DOUBLE_EQ(l.secured, 10);
  EXPECT_DOUBLE_EQ(l.need, 0);
  EXPECT_DOUBLE_EQ(l.shortfall, 0);
  EXPECT_EQ(l.need_unknown, 1);
  EXPECT_EQ(land_of(none.attributes).need_unknown, 0) << "no land at all is not a land record";

  Stats s = compute_stats(testing::default_workflow(), *Date::parse("2026-06-30"),
                          std::vector<TrackedProject>{{known, {}}, {unknown, {}}, {none, {}}});
  EXPECT_DOUBLE_EQ(s.land_secured_mu, 100);
  EXPECT_DOUBLE_EQ(s.land_need_mu, 120);
  EXPECT_DOUBLE_EQ(s.land_shortfall_mu, 30);
  EXPECT_EQ(s.land_need_unknown, 1);
}

TEST(StatsTest, EmptyListHasNoRatio) {
  Stats s = compute_stats(testing::default_workflow(), Date{}, std::vector<TrackedProject>{});
  EXPECT_EQ(s.active, 0);
  EXPECT_EQ(s.start_ratio, 0);
}

TEST(StatsTest, DecimalSumsCarryNoBinaryNoise) {
  std::vector<TrackedProject> ps;
  for (int i = 0; i < 10; ++i)
    ps.push_back({project(1, ProjectStatus::kActive, true, 0.1, 0.1, 0), {}});
  Stats s = compute_stats(testing::default_workflow(), Date{}, ps);
  EXPECT_EQ(s.land_need_mu, 1.0);
}

}  // namespace
}  // namespace luodi
