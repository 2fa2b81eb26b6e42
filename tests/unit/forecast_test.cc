// Forecasts: the next stages' expected dates from the standard durations or
// the city's history, and a campaign project's outlook at the end.
#include "luodi/forecast.h"

#include <gtest/gtest.h>

#include "catalogue/catalogue.h"
#include "luodi/campaign.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::default_calendar;
using testing::default_workflow;

Date d(const char* s) { return *Date::parse(s); }

int stage(const char* id) { return *default_workflow().find_stage(id); }

ProjectState project(const char* at, const char* since,
                     ProjectStatus status = ProjectStatus::kActive) {
  ProjectState p;
  p.code = "P";
  p.stage = stage(at);
  p.stage_since = d(since);
  p.status = status;
  return p;
}

Event event(EventKind kind, const char* to, const char* on) {
  Event e;
  e.kind = kind;
  e.to = to;
  e.on = d(on);
  return e;
}

TEST(StageHistory, LearnsSingleStepAdvancesAndTakesMedians) {
  StageHistory h(6);
  h.learn(default_workflow(),
          {event(EventKind::kCreated, "signed", "2026-01-01"),
           event(EventKind::kAdvanced, "pre_review", "2026-01-31"),
           event(EventKind::kAdvanced, "construction", "2026-03-01")});  // skips site entry
  EXPECT_EQ(h.samples(stage("signed")), 1);
  EXPECT_EQ(*h.median(stage("signed")), 30);
  EXPECT_EQ(h.samples(stage("pre_review")), 0)
      << "a skipped stage says nothing of how long one takes";
  for (int days : {10, 50, 20, 40}) h.add(stage("signed"), days);
  EXPECT_EQ(*h.median(stage("signed")), 30);
  EXPECT_EQ(h.samples_longer(stage("signed"), 25), 3);
  EXPECT_EQ(*h.median(stage("signed"), 25), 40) << "of 30, 40 and 50";
  EXPECT_FALSE(h.median(stage("signed"), 50));
}

TEST(Forecast, StandardDurationsChainTheNextStages) {
  const ForecastRules rules{default_workflow(), default_calendar()};
  const auto f = forecast_project(rules, project("signed", "2026-03-01"), d("2026-03-10"));
  ASSERT_GE(f.next.size(), 2u);
  EXPECT_EQ(f.next[0].stage, stage("pre_review"));
  EXPECT_EQ(f.next[0].expected, d("2026-04-30")) << "signed: 60 days";
  EXPECT_EQ(catalogue::render(f.next[0].basis, Lang::kEn), "workflow limit");
  EXPECT_EQ(f.next[1].expected, default_calendar().add_workdays(d("2026-04-30"), 40))
      << "pre-review: 40 working days";
  EXPECT_FALSE(f.late);
  EXPECT_EQ(*f.reaches(stage("pre_review"), project("signed", "2026-03-01")), d("2026-04-30"));
  EXPECT_TRUE(forecast_project(rules, project("signed", "2026-03-01", ProjectStatus::kCancelled),
                               d("2026-03-10"))
                  .next.empty());
}

TEST(Forecast, TheCitysHistoryOnceItHoldsEnough) {
  StageHistory h(6);
  for (int days : {20, 30, 40, 50}) h.add(stage("signed"), days);
  ForecastRules rules{default_workflow(), default_calendar(), &h};
  EXPECT_EQ(
      catalogue::render(
          forecast_project(rules, project("signed", "2026-03-01"), d("2026-03-01")).next[0].basis,
          Lang::kEn),
      "workflow limit")
      << "four samples are not enough";
  h.add(stage("signed"), 100);
  auto f = forecast_project(rules, project("signed", "2026-03-01"), d("2026-03-01"));
  EXPECT_EQ(f.next[0].expected, d("2026-04-10")) << "the median, 40 days";
  EXPECT_EQ(catalogue::render(f.next[0].basis, Lang::kEn), "history (median of 5)");
  EXPECT_EQ(catalogue::render(f.next[0].basis, Lang::kZh), "历史中位数（5 个样本）");
  // 45 days in: like the projects that took longer (50 and 100 → 100 of the two, the upper middle).
  f = forecast_project(rules, project("signed", "2026-03-01"), d("2026-04-15"));
  EXPECT_EQ(f.next[0].expected, d("2026-03-01") + 100);
  EXPECT_EQ(catalogue::render(f.next[0].basis, Lang::kEn),
            "history (median of the 2 of 5 longer than 45 days)");
  // Longer than any: late, expected tomorrow.
  f = forecast_project(rules, project("signed", "2026-03-01"), d("2026-07-01"));
  EXPECT_TRUE(f.late);
  EXPECT_EQ(f.next[0].expected, d("2026-07-02"));
}

TEST(Forecast, ABlockedProjectDoesNotMoveUntilUnblockedThenItsClockRunsFromTheUnblocking) {
  const ForecastRules rules{default_workflow(), default_calendar()};
  const auto blocked = forecast_project(
      rules, project("signed", "2026-03-01", ProjectStatus::kBlocked), d("2026-06-01"));
  EXPECT_TRUE(blocked.blocked);
  EXPECT_TRUE(blocked.next.empty()) << "nothing is expected of a blocked project";
  // Unblocked on 06-01: the stage's 60 days run from then, not from 03-01.
  const auto resumed =
      forecast_project(rules, project("signed", "2026-03-01"), d("2026-06-10"), d("2026-06-01"));
  EXPECT_FALSE(resumed.late);
  EXPECT_EQ(resumed.next[0].expected, d("2026-07-31"));
}

TEST(Forecast, TheDayAProjectWasLastUnblockedInItsStage) {
  const Workflow& wf = default_workflow();
  auto event = [](EventKind k, const char* on, std::string to = "") {
    Event e;
    e.kind = k;
    e.project = "P";
    e.on = d(on);
    e.to = std::move(to);
    if (k == EventKind::kCreated) e.attributes = ProjectAttributes{};
    if (k == EventKind::kBlocked) {
      e.blocker = Blocker{};
      e.blocker->id = 1;
      e.blocker->category = "land";
      e.blocker->reason = "quota";
    }
    return e;
  };
  std::vector<Event> events{event(EventKind::kCreated, "2026-03-01", "signed"),
                            event(EventKind::kBlocked, "2026-03-10"),
                            event(EventKind::kUnblocked, "2026-05-01")};
  events[2].blocker = Blocker{};
  events[2].blocker->id = 1;
  EXPECT_EQ(resumed_on(wf, events, d("2026-04-01")), std::nullopt) << "still blocked then";
  EXPECT_EQ(resumed_on(wf, events, d("2026-06-01")), d("2026-05-01"));
  events.push_back(event(EventKind::kAdvanced, "2026-05-20", "pre_review"));
  EXPECT_EQ(resumed_on(wf, events, d("2026-06-01")), std::nullopt) << "a new stage, a new clock";
}

TEST(Forecast, TheRuleChoosesWhereAStagesTimeComesFrom) {
  StageHistory h(6);
  for (int days : {20, 20, 20, 20, 20}) h.add(stage("signed"), days);
  Campaign c;
  c.durations[stage("pre_review")] = Duration{30, Duration::Unit::kDays};
  ForecastRules rules{default_workflow(), default_calendar(), &h, &c.durations};
  const ProjectState p = project("signed", "2026-03-01");
  EXPECT_EQ(forecast_project(rules, p, d("2026-03-01")).next[0].expected, d("2026-03-21"))
      << "history";
  rules.rule = ForecastRule::kCampaign;
  EXPECT_EQ(forecast_project(rules, p, d("2026-03-01")).next[0].expected, d("2026-03-31"))
      << "the campaign's";
  rules.rule = ForecastRule::kLimits;
  EXPECT_EQ(forecast_project(rules, p, d("2026-03-01")).next[0].expected, d("2026-04-30"))
      << "the 60-day limit";
  EXPECT_EQ(parse_forecast_rule("campaign"), ForecastRule::kCampaign);
  EXPECT_EQ(parse_forecast_rule("moon"), std::nullopt);
}

TEST(Forecast, TheOutlookFollowsTheStatusPartitionAndSaysWhy) {
  const ForecastRules rules{default_workflow(), default_calendar()};
  const int target = stage("pre_review");
  auto outlook = [&](const ProjectState& p, const char* day, const char* end, bool behind = false) {
    return campaign_outlook(default_workflow(), forecast_project(rules, p, d(day)), p, target,
                            d(end), behind);
  };
  const ProjectState p = project("signed", "2026-03-01");  // pre-review expected 04-30
  EXPECT_EQ(outlook(p, "2026-03-10", "2026-06-01").outlook, Outlook::kMet);
  EXPECT_EQ(outlook(p, "2026-03-10", "2026-05-01").outlook, Outlook::kMet)
      << "on track, expected by the end";
  const auto late = outlook(p, "2026-03-10", "2026-04-25");
  EXPECT_EQ(late.outlook, Outlook::kAtRisk)
      << "on track: at risk only once the expected date passes the end";
  EXPECT_EQ(late.days_after_end, 5);
  EXPECT_EQ(catalogue::render(late.reason, Lang::kEn),
            "pre_review expected 2026-04-30, 5 days after the end (2026-04-25)");
  EXPECT_EQ(outlook(p, "2026-03-10", "2026-06-01", true).outlook, Outlook::kAtRisk)
      << "behind, still in time";
  EXPECT_EQ(outlook(p, "2026-03-10", "2026-04-25", true).outlook, Outlook::kWillMiss)
      << "behind and too late";
  const auto blocked =
      outlook(project("signed", "2026-03-01", ProjectStatus::kBlocked), "2026-03-10", "2026-06-30");
  EXPECT_EQ(blocked.outlook, Outlook::kWillMiss);
  EXPECT_EQ(catalogue::render(blocked.reason, Lang::kEn), "blocked: does not move until unblocked");
  EXPECT_EQ(outlook(project("pre_review", "2026-03-01"), "2026-03-10", "2026-03-20").outlook,
            Outlook::kMet)
      << "reached";
  EXPECT_EQ(
      outlook(project("signed", "2026-03-01", ProjectStatus::kDropped), "2026-03-10", "2026-06-30")
          .outlook,
      Outlook::kWillMiss);
}

}  // namespace
}  // namespace luodi
