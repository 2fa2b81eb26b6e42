#include "luodi/campaign.h"

#include <gtest/gtest.h>

#include "luodi/engine.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::default_calendar;
using testing::default_workflow;
using testing::read_file;
using testing::source_path;

Date d(const char* s) { return *Date::parse(s); }

const Campaign& hundred_days() {
  static const Campaign c = [] {
    const std::string path = source_path("workflows/campaigns/hundred-day-2026.yaml");
    auto r = parse_campaign(read_file(path), path, default_workflow());
    if (!r.ok()) throw std::runtime_error(r.status().message());
    return r.value();
  }();
  return c;
}

TEST(CampaignTest, HundredDaysFromJulyFirst) {
  const Campaign& c = hundred_days();
  EXPECT_EQ(c.id, "hundred-day-2026");
  EXPECT_EQ(c.end(), d("2026-10-08"));
  EXPECT_EQ(c.day(d("2026-06-30")), 0);
  EXPECT_EQ(c.day(d("2026-07-01")), 1);
  EXPECT_EQ(c.day(d("2026-10-08")), 100);
  EXPECT_EQ(c.day(d("2026-12-01")), 100);
  EXPECT_TRUE(c.running(d("2026-10-08")));
  EXPECT_FALSE(c.running(d("2026-10-09")));
}

TEST(CampaignTest, SchedulesBackwardsFromTheEnd) {
  const auto& wf = default_workflow();
  const Campaign& c = hundred_days();
  // One stage from its target: the target on the end date.
  auto one = schedule_backwards(c, default_calendar(), *wf.find_stage("site_entry"));
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(wf.stages[(*one)[0].stage].id, "construction");
  EXPECT_EQ((*one)[0].due, d("2026-10-08"));
  // Two stages: the intermediate milestone is the end − the last stage's duration.
  auto two = schedule_backwards(c, default_calendar(), *wf.find_stage("signed"));
  ASSERT_TRUE(two);
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ(wf.stages[(*two)[0].stage].id, "pre_review");
  EXPECT_EQ((*two)[0].due, d("2026-10-08") - 30);
  EXPECT_EQ((*two)[1].due, d("2026-10-08"));
  // No target from construction: not in the campaign.
  EXPECT_FALSE(schedule_backwards(c, default_calendar(), *wf.find_stage("construction")));
}

TEST(CampaignTest, SchedulesForwardsFromTheStartAtTheStandardPace) {
  const auto& wf = default_workflow();
  const Campaign& c = hundred_days();
  // Signed → site entry: pre-review 20 working days after 07-01, site entry 30 days after that.
  auto two = schedule_forwards(c, default_calendar(), *wf.find_stage("signed"));
  ASSERT_TRUE(two);
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ(wf.stages[(*two)[0].stage].id, "pre_review");
  EXPECT_EQ((*two)[0].due, default_calendar().add_workdays(d("2026-07-01"), 20));
  EXPECT_EQ((*two)[1].due, (*two)[0].due + 30);
  // Site entry → construction (45 days): by 08-15, well before the end.
  auto one = schedule_forwards(c, default_calendar(), *wf.find_stage("site_entry"));
  ASSERT_TRUE(one);
  EXPECT_EQ((*one)[0].due, d("2026-08-15"));
  // Completion → production (60 days): never after the end.
  Campaign short_one = c;
  short_one.days = 30;
  EXPECT_EQ(
      (*schedule_forwards(short_one, default_calendar(), *wf.find_stage("completion")))[0].due,
      short_one.end());
  EXPECT_FALSE(schedule_forwards(c, default_calendar(), *wf.find_stage("construction")));
}

TEST(CampaignTest, ScopeIsOpenKeyProjects) {
  ProjectState p;
  p.attributes.unit = "游埠镇";
  EXPECT_TRUE(hundred_days().in_scope(p));
  p.key = false;
  EXPECT_FALSE(hundred_days().in_scope(p));
  p.key = true;
  p.status = ProjectStatus::kCancelled;
  EXPECT_FALSE(hundred_days().in_scope(p));
}

TEST(CampaignTest, ErrorsHaveTheirPositions) {
  const std::string bad = R"(id: c
label: {zh: 攻坚, en: Push}
start: 2026-07-01
days: 100
targets:
  - {from: signed, to: construction}
  - {from: pre_review, to: nowhere}
durations:
  site_entry: {weeks: 3}
)";
  auto r = parse_campaign(bad, "c.yaml", default_workflow());
  ASSERT_FALSE(r.ok());
  const std::string& m = r.status().message();
  EXPECT_NE(m.find("c.yaml:7:28: target.to names unknown stage 'nowhere'"), std::string::npos) << m;
  EXPECT_NE(m.find("c.yaml:9:16: unknown key 'weeks' in duration"), std::string::npos) << m;
  EXPECT_NE(m.find("needs a duration for site_entry"), std::string::npos) << m;
}

}  // namespace
}  // namespace luodi

namespace luodi {
namespace {

Event move(EventKind kind, const char* on, const char* to) {
  Event e;
  e.kind = kind;
  e.on = *Date::parse(on);
  e.to = to;
  return e;
}

TEST(WallFlagTest, AStageIsReachedOnItsFirstMoveThereOrBeyond) {
  const auto& wf = testing::default_workflow();
  const std::vector<Event> history = {
      move(EventKind::kCreated, "2026-03-01", "pre_review"),
      move(EventKind::kBlocked, "2026-04-01", "blocked"),
      move(EventKind::kAdvanced, "2026-07-20", "construction"),  // skips site entry
      move(EventKind::kAdvanced, "2026-09-01", "completion"),
  };
  EXPECT_EQ(reached_on(wf, history, 1), Date::parse("2026-03-01")) << "created there";
  EXPECT_EQ(reached_on(wf, history, 2), Date::parse("2026-07-20"))
      << "a skip reaches what it skips";
  EXPECT_EQ(reached_on(wf, history, 4), Date::parse("2026-09-01"));
  EXPECT_EQ(reached_on(wf, history, 5), std::nullopt);
}

TEST(WallFlagTest, RedWhenMetOnTimeBlackWhenThePassedDueCameFirst) {
  const Date due = *Date::parse("2026-08-31");
  EXPECT_EQ(milestone_flag(due, Date::parse("2026-08-31"), *Date::parse("2026-09-10")), Flag::kRed);
  EXPECT_EQ(milestone_flag(due, std::nullopt, *Date::parse("2026-08-31")), Flag::kPending)
      << "still today";
  EXPECT_EQ(milestone_flag(due, std::nullopt, *Date::parse("2026-09-01")), Flag::kBlack);
  EXPECT_EQ(milestone_flag(due, Date::parse("2026-09-05"), *Date::parse("2026-09-10")),
            Flag::kBlack)
      << "reached, but late";
  EXPECT_EQ(to_string(Flag::kBlack), "black");
}

// The campaign's partition keeps lateness: a milestone met late makes a
// project that reached its target met_late (not met), and one still on its
// way recovered (not on_track); a milestone missed now is behind.
TEST(CampaignPartitionTest, AMilestoneMetLateIsNeverForgotten) {
  const auto& wf = testing::default_workflow();
  const int pre = *wf.find_stage("pre_review"), site = *wf.find_stage("site_entry"),
            build = *wf.find_stage("construction");
  // Milestones: site entry by 09-08, construction by 10-08.
  auto project = [&](std::vector<Event> history, const char* day) {
    CampaignProject cp;
    for (const auto& e : history)
      if (e.on <= *Date::parse(day) &&
          (e.kind == EventKind::kCreated || e.kind == EventKind::kAdvanced))
        cp.project.stage = *wf.find_stage(e.to);
    cp.start_stage = pre;
    cp.target_stage = build;
    cp.milestones = {{"c", site, *Date::parse("2026-09-08")},
                     {"c", build, *Date::parse("2026-10-08")}};
    judge_campaign_project(wf, cp, history, *Date::parse(day));
    CampaignCounts c;
    count_campaign_project(c, cp);
    return std::pair{cp, c};
  };
  const Event created = move(EventKind::kCreated, "2026-06-01", "pre_review");
  const Event late_entry = move(EventKind::kAdvanced, "2026-10-06", "site_entry");  // 28 days late
  {
    auto [cp, c] = project({created, late_entry}, "2026-10-07");
    EXPECT_TRUE(cp.late);
    EXPECT_FALSE(cp.behind);
    EXPECT_EQ(cp.reached_on[0], Date::parse("2026-10-06"));
    EXPECT_EQ(c.recovered, 1) << "met late, none missed now";
    EXPECT_EQ(c.on_track, 0);
  }
  {
    auto [cp, c] = project({created, late_entry}, "2026-09-20");
    EXPECT_TRUE(cp.behind);
    EXPECT_EQ(c.behind, 1) << "missed, as of the day asked";
  }
  {
    auto [cp, c] =
        project({created, late_entry, move(EventKind::kAdvanced, "2026-10-08", "construction")},
                "2026-10-10");
    EXPECT_EQ(c.met_late, 1);
    EXPECT_EQ(c.met, 0);
  }
  {
    auto [cp, c] =
        project({created, move(EventKind::kAdvanced, "2026-09-01", "site_entry")}, "2026-09-20");
    EXPECT_FALSE(cp.late);
    EXPECT_EQ(c.on_track, 1);
    const CampaignCounts d2 =
        project({created, move(EventKind::kAdvanced, "2026-09-01", "site_entry"),
                 move(EventKind::kAdvanced, "2026-10-01", "construction")},
                "2026-10-10")
            .second;
    EXPECT_EQ(d2.met, 1);
    EXPECT_EQ(d2.met_late, 0);
  }
}

}  // namespace
}  // namespace luodi
