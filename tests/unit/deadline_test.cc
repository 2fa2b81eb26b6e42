#include "luodi/deadline.h"

#include <gtest/gtest.h>

#include "luodi/notify.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::default_calendar;
using testing::default_workflow;

Date d(const char* s) { return *Date::parse(s); }

ProjectState at(const char* stage, const char* since) {
  ProjectState p;
  p.code = "P";
  p.stage = *default_workflow().find_stage(stage);
  p.stage_since = p.created_on = p.last_event_on = d(since);
  return p;
}

std::optional<Deadline> due(const ProjectState& p, const char* today,
                            const std::vector<Milestone>& m = {}) {
  return deadline_of(default_workflow(), default_calendar(), p, m, d(today));
}

TEST(DeadlineTest, StageLimitInCalendarDays) {
  auto dl = due(at("signed", "2026-03-01"), "2026-03-02");  // signed: 60 days
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->due, d("2026-04-30"));
  EXPECT_EQ(dl->source, Deadline::Source::kLimit);
  EXPECT_EQ(default_workflow().stages[dl->stage].id, "pre_review");
  EXPECT_FALSE(dl->provisional);
}

TEST(DeadlineTest, WorkingDayLimitSkipsNationalDay) {
  // pre_review: 40 working days. From Sep 1: Sep has 20 working days after the
  // 1st (Sep 20 is a make-up day, Sep 25 falls in Mid-Autumn), then Oct 1–7 off.
  auto dl = due(at("pre_review", "2026-09-01"), "2026-09-02");
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->due, default_calendar().add_workdays(d("2026-09-01"), 40));
  EXPECT_EQ(default_calendar().workdays_between(d("2026-09-02"), dl->due), 40);
  EXPECT_EQ(dl->due, d("2026-11-02"));
  EXPECT_FALSE(dl->provisional);
}

TEST(DeadlineTest, WorkingDaysIntoAYearWithoutATableAreProvisional) {
  auto dl = due(at("pre_review", "2026-12-10"), "2026-12-11");
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->due.year(), 2027);
  EXPECT_TRUE(dl->provisional);
  auto days = due(at("signed", "2026-12-10"), "2026-12-11");
  EXPECT_FALSE(days->provisional) << "calendar days need no holiday table";
}

TEST(DeadlineTest, PlanBeatsMilestoneBeatsLimit) {
  ProjectState p = at("pre_review", "2026-06-01");
  std::vector<Milestone> m = {{"c", 2, d("2026-08-15")}, {"c", 3, d("2026-10-08")}};
  auto from_campaign = due(p, "2026-07-02", m);
  EXPECT_EQ(from_campaign->source, Deadline::Source::kCampaign);
  EXPECT_EQ(from_campaign->due, d("2026-08-15")) << "the first milestone ahead";
  p.plan = Plan{d("2026-07-20"), 2, ""};
  auto planned = due(p, "2026-07-02", m);
  EXPECT_EQ(planned->source, Deadline::Source::kPlan);
  EXPECT_EQ(planned->due, d("2026-07-20"));
  p.plan.reset();
  p.stage = 2;  // past the first milestone
  EXPECT_EQ(due(p, "2026-07-02", m)->due, d("2026-10-08"));
}

TEST(DeadlineTest, PausingBlockersAddTheirDaysBack) {
  ProjectState p = at("signed", "2026-03-01");  // due 04-30
  p.paused_days = 10;
  EXPECT_EQ(due(p, "2026-04-01")->due, d("2026-05-10"));
  p.paused_since = d("2026-04-20");
  auto paused = due(p, "2026-04-25");
  EXPECT_TRUE(paused->paused);
  EXPECT_EQ(paused->due, d("2026-05-15")) << "the clock stands still while paused";
  EXPECT_EQ(paused->due - d("2026-04-25"), due(p, "2026-04-26")->due - d("2026-04-26"));
}

TEST(DeadlineTest, ClosedAndPipelineProjectsHaveNone) {
  ProjectState p = at("signed", "2026-03-01");
  for (auto s : {ProjectStatus::kCancelled, ProjectStatus::kDropped, ProjectStatus::kFinished}) {
    p.status = s;
    EXPECT_FALSE(due(p, "2026-03-02")) << to_string(s);
  }
  p.status = ProjectStatus::kActive;
  p.key = false;
  EXPECT_FALSE(due(p, "2026-03-02")) << "a pipeline project is still being negotiated";
}

Light light(const ProjectState& p, const char* today, std::optional<Date> yellow_since = {}) {
  return light_of(default_workflow(), p, due(p, today), d(today), yellow_since);
}

TEST(LightTest, ColoursByTheWorkflowsRules) {
  ProjectState p = at("signed", "2026-03-01");  // due 04-30
  EXPECT_EQ(light(p, "2026-04-22").color, LightColor::kGreen);
  EXPECT_EQ(light(p, "2026-04-23").color, LightColor::kYellow) << "7 days left";
  EXPECT_EQ(light(p, "2026-04-30").color, LightColor::kYellow) << "due today";
  auto late = light(p, "2026-05-01");
  EXPECT_EQ(late.color, LightColor::kRed);
  EXPECT_EQ(late.reason, "overdue by 1 days");
  p.blockers.push_back({1, "funding", "loan", "", d("2026-03-10"), {}});
  p.status = ProjectStatus::kBlocked;
  EXPECT_EQ(light(p, "2026-03-16").color, LightColor::kGreen);
  EXPECT_EQ(light(p, "2026-03-17").color, LightColor::kYellow) << "blocked 7 days";
  EXPECT_EQ(light(p, "2026-04-09").color, LightColor::kRed) << "blocked 30 days";
  p.status = ProjectStatus::kCancelled;
  EXPECT_EQ(light(p, "2026-04-09").color, LightColor::kNone);
}

TEST(LightTest, YellowForTwoPeriodsTurnsRed) {
  ProjectState p = at("signed", "2026-03-01");
  p.blockers.push_back({1, "funding", "loan", "", d("2026-03-10"), {}});
  p.status = ProjectStatus::kBlocked;
  auto l = light(p, "2026-03-30", d("2026-03-17"));
  EXPECT_EQ(l.color, LightColor::kYellow) << "13 days yellow";
  EXPECT_TRUE(l.yellow_rules_hold);
  l = light(p, "2026-03-31", d("2026-03-17"));
  EXPECT_EQ(l.color, LightColor::kRed) << "14 days yellow";
  EXPECT_TRUE(l.yellow_rules_hold);
  EXPECT_NE(l.reason.find("yellow since 2026-03-17"), std::string::npos);
}

TEST(LightTest, NextCheckIsTheNextThresholdDate) {
  ProjectState p = at("signed", "2026-03-01");  // due 04-30
  auto next = [&](const char* today) {
    return next_light_check(default_workflow(), p, due(p, today), d(today), std::nullopt);
  };
  EXPECT_EQ(*next("2026-03-02"), d("2026-04-23"));
  EXPECT_EQ(*next("2026-04-23"), d("2026-05-01"));
  EXPECT_FALSE(next("2026-05-01")) << "red is as far as it goes";
}

TEST(ReminderTest, CountdownDueDayOverdueSeriesAndTheLadder) {
  ProjectState p = at("signed", "2026-03-01");  // due 04-30
  p.last_event_on = d("2026-04-29");
  const auto& wf = default_workflow();
  auto dl = due(p, "2026-05-12");
  auto rs = reminders_up_to(wf, default_calendar(), p, dl, d("2026-05-12"));
  std::map<std::string, std::pair<Date, Role>> by_rule;
  for (const auto& r : rs) by_rule[r.rule] = {r.fire, r.role};
  EXPECT_EQ(by_rule.at("before-7").first, d("2026-04-23"));
  EXPECT_EQ(by_rule.at("before-3").first, d("2026-04-27"));
  EXPECT_EQ(by_rule.at("before-1").first, d("2026-04-29"));
  EXPECT_EQ(by_rule.at("due").first, d("2026-04-30"));
  EXPECT_EQ(by_rule.at("overdue-3").first, d("2026-05-03"));
  EXPECT_EQ(by_rule.at("overdue-9").first, d("2026-05-09"));
  EXPECT_FALSE(by_rule.count("overdue-15")) << "not yet";
  EXPECT_EQ(by_rule.at("escalate-supervisor"), std::make_pair(d("2026-05-03"), Role::kSupervisor));
  EXPECT_EQ(by_rule.at("escalate-leader"), std::make_pair(d("2026-05-10"), Role::kLeader));
  EXPECT_FALSE(by_rule.count("stale")) << "20 working days have not passed";
  EXPECT_EQ(*next_reminder_after(wf, default_calendar(), p, dl, d("2026-05-12")), d("2026-05-15"));
  Reminder due_day{"due", Role::kUnit, d("2026-04-30"), d("2026-04-30"), 0, ""};
  EXPECT_EQ(reminder_key(wf, p, due_day), "P|signed|2026-04-30|due");
  EXPECT_EQ(escalation_of(wf, 2), "unit");
  EXPECT_EQ(escalation_of(wf, 3), "supervisor");
  EXPECT_EQ(escalation_of(wf, 10), "leader");
}

TEST(ReminderTest, PausedClockCallsForNoneButStalenessStillCounts) {
  ProjectState p = at("signed", "2026-03-01");
  p.paused_since = d("2026-03-05");
  p.last_event_on = d("2026-03-05");
  auto rs = reminders_up_to(default_workflow(), default_calendar(), p, due(p, "2026-06-01"), d("2026-06-01"));
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].rule, "stale");
  EXPECT_EQ(rs[0].fire, default_calendar().add_workdays(d("2026-03-05"), 20));
}

}  // namespace
}  // namespace luodi
