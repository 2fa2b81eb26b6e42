// The standing function's rules, day by day, on hand-made event histories.
#include <gtest/gtest.h>

#include "catalogue/catalogue.h"
#include "luodi/investment.h"
#include "luodi/notify.h"
#include "luodi/standing.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::default_calendar;
using testing::default_workflow;

Date d(const char* s) { return *Date::parse(s); }

// A project's events, written as a supervisor would record them.
class History {
 public:
  History(const char* stage, const char* since) {
    Event e = next(EventKind::kCreated, since);
    e.to = stage;
    e.attributes = ProjectAttributes{};
    e.attributes->unit = "甲镇";
    events_.push_back(e);
  }
  History& advance(const char* to, const char* on) {
    Event e = next(EventKind::kAdvanced, on);
    e.to = to;
    e.evidence["permit"] = "p";
    events_.push_back(e);
    return *this;
  }
  History& block(std::int64_t id, const char* category, const char* on) {
    Event e = next(EventKind::kBlocked, on);
    e.blocker = Blocker{id, category, "r", "", d(on), {}};
    events_.push_back(e);
    return *this;
  }
  History& unblock(std::int64_t id, const char* on) {
    Event e = next(EventKind::kUnblocked, on);
    e.blocker = Blocker{};
    e.blocker->id = id;
    events_.push_back(e);
    return *this;
  }
  History& plan(const char* stage, const char* due, const char* on) {
    Event e = next(EventKind::kPlanned, on);
    e.to = stage;
    e.due = d(due);
    events_.push_back(e);
    return *this;
  }
  History& instruct(std::int64_t blocker, std::int64_t id, const char* due, const char* on) {
    Event e = next(EventKind::kInstructed, on);
    e.blocker = Blocker{};
    e.blocker->id = blocker;
    e.instruction =
        Instruction{id, "text", "自然资源局", d(due), d(on), "leader", std::nullopt, ""};
    events_.push_back(e);
    return *this;
  }
  // The assignee reports instruction `id` done (luodi instruct --done).
  History& done(std::int64_t id, const char* on) {
    Event e = next(EventKind::kInstructionDone, on);
    e.instruction = Instruction{};
    e.instruction->id = id;
    events_.push_back(e);
    return *this;
  }
  // Investment reported (luodi invest): the cumulative figure.
  History& invest(double fixed_asset_wan, const char* on) {
    Event e = next(EventKind::kInvested, on);
    e.progress = Progress{d(on), fixed_asset_wan, std::nullopt};
    events_.push_back(e);
    return *this;
  }
  // The year's plan set (luodi update --plan-wan).
  History& plan_wan(double wan, const char* on) {
    Event e = next(EventKind::kUpdated, on);
    e.changes = AttributeChanges{{"plan_wan"}, {}, {}};
    e.changes->to.plan_wan = wan;
    events_.push_back(e);
    return *this;
  }
  History& drop(const char* on) {
    events_.push_back(next(EventKind::kDropped, on));
    return *this;
  }
  const std::vector<Event>& events() const { return events_; }

 private:
  Event next(EventKind kind, const char* on) {
    Event e;
    e.seq = static_cast<std::int64_t>(events_.size()) + 1;
    e.project = "P";
    e.kind = kind;
    e.on = d(on);
    return e;
  }
  std::vector<Event> events_;
};

TrackedProject stand(const History& h, const char* day, const std::vector<Campaign>& campaigns = {},
                     const Workflow& wf = default_workflow()) {
  auto t = standing_of({wf, default_calendar(), campaigns}, h.events(), d(day));
  EXPECT_TRUE(t.ok()) << t.status().message();
  return t.ok() ? *t : TrackedProject{};
}

Campaign campaign(const char* start, int days) {
  Campaign c;
  c.id = "c";
  c.start = d(start);
  c.days = days;
  const auto& wf = default_workflow();
  c.targets[*wf.find_stage("pre_review")] = *wf.find_stage("construction");
  c.durations[*wf.find_stage("construction")] = {30, Duration::Unit::kDays};
  c.durations[*wf.find_stage("site_entry")] = {30, Duration::Unit::kDays};
  return c;
}

TEST(DeadlineTest, StageLimitInCalendarDays) {
  auto t = stand(History("signed", "2026-03-01"), "2026-03-02");  // signed: 60 days
  ASSERT_TRUE(t.standing.deadline);
  EXPECT_EQ(t.standing.deadline->due, d("2026-04-30"));
  EXPECT_EQ(t.standing.deadline->source, Deadline::Source::kStage);
  EXPECT_EQ(default_workflow().stages[t.standing.deadline->stage].id, "pre_review");
  EXPECT_FALSE(t.standing.provisional);
  EXPECT_EQ(t.standing.days_left, 59);
}

TEST(DeadlineTest, WorkingDayLimitSkipsNationalDay) {
  auto t = stand(History("pre_review", "2026-09-01"), "2026-09-02");  // 40 working days
  ASSERT_TRUE(t.standing.deadline);
  EXPECT_EQ(t.standing.deadline->due, d("2026-11-02"));
  EXPECT_FALSE(t.standing.deadline->provisional);
}

TEST(DeadlineTest, WorkingDaysIntoAYearWithoutATableAreProvisional) {
  auto t = stand(History("pre_review", "2026-12-10"), "2026-12-11");
  EXPECT_EQ(t.standing.deadline->due.year(), 2027);
  EXPECT_TRUE(t.standing.provisional);
  EXPECT_FALSE(stand(History("signed", "2026-12-10"), "2026-12-11").standing.provisional)
      << "calendar days need no holiday table";
  EXPECT_FALSE(stand(History("pre_review", "2025-09-01"), "2025-09-02").standing.provisional)
      << "the calendar has 2025's table";
}

TEST(DeadlineTest, APlanReplacesTheStageLimit) {
  History h("pre_review", "2026-06-01");
  h.plan("construction", "2026-12-20", "2026-06-10");
  auto t = stand(h, "2026-06-11");
  ASSERT_EQ(t.standing.deadlines.size(), 1u);
  EXPECT_EQ(t.standing.deadline->source, Deadline::Source::kPlan);
  EXPECT_EQ(t.standing.deadline->due, d("2026-12-20"));
}

TEST(DeadlineTest, AMilestoneIsAnExtraDeadlineNeverAReprieve) {
  // Campaign 07-01 … 10-08: pre_review → construction (10-08), site entry 30 days before.
  const std::vector<Campaign> cs = {campaign("2026-07-01", 100)};
  History h("pre_review", "2026-01-05");  // 40 working days: due 2026-03-10, overdue since
  auto before = stand(h, "2026-06-30", cs);
  EXPECT_TRUE(before.standing.overdue());
  auto during = stand(h, "2026-07-01", cs);
  EXPECT_TRUE(during.standing.overdue()) << "the campaign does not erase lateness";
  EXPECT_EQ(during.standing.deadline->due, before.standing.deadline->due);
  ASSERT_EQ(during.standing.deadlines.size(), 3u);  // the limit and two milestones
  // A project on time meets the earliest deadline: the milestone, before its limit.
  History fresh("pre_review", "2026-06-29");
  auto bound = stand(fresh, "2026-07-02", cs);
  EXPECT_EQ(bound.standing.deadline->source, Deadline::Source::kStage)
      << "limit 08-25 before 09-08";
  fresh.plan("construction", "2026-12-01", "2026-07-02");
  auto planned = stand(fresh, "2026-07-03", cs);
  EXPECT_EQ(planned.standing.deadline->source, Deadline::Source::kCampaign)
      << "a plan made before a milestone does not loosen it";
  EXPECT_EQ(planned.standing.deadline->due, d("2026-09-08"));
}

// The walk over the days looks only where something may change; a campaign's
// start is such a day: its milestone (09-08) binds from then on, ahead of the
// plan (12-01), and the light turns yellow ahead of it. Every day's answer,
// and the day each light began, is the same as a walk over every day.
TEST(DeadlineTest, TheWalkLooksAtACampaignsStart) {
  const std::vector<Campaign> cs = {campaign("2026-07-01", 100)};
  History h("pre_review", "2026-06-01");
  h.plan("construction", "2026-12-01", "2026-06-01");
  const Rules rules{default_workflow(), default_calendar(), cs};
  bool yellow_seen = false;
  for (Date day = d("2026-06-01"); day <= d("2026-12-31"); day = day + 1) {
    std::vector<LightChange> skipping, daily;
    auto fast = standing_of(rules, h.events(), day, &skipping);
    auto slow = standing_of(rules, h.events(), day, &daily, nullptr, true);
    ASSERT_TRUE(fast.ok() && slow.ok());
    EXPECT_EQ(fast->standing.light.color, slow->standing.light.color) << day.str();
    EXPECT_EQ(fast->standing.light_since, slow->standing.light_since) << day.str();
    EXPECT_EQ(fast->standing.yellow_since, slow->standing.yellow_since) << day.str();
    EXPECT_EQ(skipping.size(), daily.size()) << day.str();
    yellow_seen |= slow->standing.light.color == LightColor::kYellow && day < d("2026-09-08");
  }
  EXPECT_TRUE(yellow_seen) << "the milestone turns the light yellow before its date";
}

TEST(DeadlineTest, AMissedMilestoneStaysMissedAfterTheCampaignUntilPlanned) {
  const std::vector<Campaign> cs = {campaign("2026-07-01", 100)};
  History h("pre_review", "2026-06-29");
  h.plan("construction", "2027-03-01", "2026-06-30");  // a plan replaces the limit …
  auto after = stand(h, "2026-10-20", cs);
  ASSERT_TRUE(after.standing.deadline);
  EXPECT_EQ(after.standing.deadline->source, Deadline::Source::kCampaign);
  EXPECT_EQ(after.standing.deadline->due, d("2026-09-08"));
  EXPECT_EQ(after.standing.days_overdue, 42) << "overdue since the milestone, after the campaign";
  h.plan("construction", "2026-12-31",
         "2026-10-21");  // … and a new one replaces the missed milestones
  auto replanned = stand(h, "2026-10-22", cs);
  EXPECT_FALSE(replanned.standing.overdue());
  EXPECT_EQ(replanned.standing.deadline->due, d("2026-12-31"));
  h.advance("site_entry", "2026-10-23");
  auto reached = stand(h, "2026-10-24", cs);
  EXPECT_EQ(reached.standing.deadline->source, Deadline::Source::kPlan);
}

TEST(DeadlineTest, PauseShiftsWorkingDayLimitsByWorkingDays) {
  History h("pre_review", "2026-03-02");  // 40 working days
  const Date plain = stand(h, "2026-03-03").standing.deadline->due;
  h.block(1, "land", "2026-03-09").unblock(1, "2026-03-16");  // one week: 5 working days
  auto t = stand(h, "2026-03-17");
  EXPECT_EQ(t.standing.deadline->due, default_calendar().add_workdays(plain, 5));
  EXPECT_EQ(t.standing.deadline->paused_days, 5);
  EXPECT_FALSE(t.standing.paused);
}

TEST(DeadlineTest, AnOpenPauseStopsTheClock) {
  History h("signed", "2026-03-01");  // due 04-30
  h.block(1, "land", "2026-04-20");
  auto t = stand(h, "2026-04-25");
  EXPECT_TRUE(t.standing.paused);
  EXPECT_EQ(t.standing.deadline->due, d("2026-05-05"));
  EXPECT_EQ(t.standing.days_left, stand(h, "2026-04-26").standing.days_left);
  // Funding does not pause: its days count.
  History f("signed", "2026-03-01");
  f.block(1, "funding", "2026-04-20");
  EXPECT_FALSE(stand(f, "2026-04-25").standing.paused);
  EXPECT_EQ(stand(f, "2026-04-25").standing.deadline->due, d("2026-04-30"));
}

TEST(DeadlineTest, TheWorkflowSaysWhetherPlansAndMilestonesPause) {
  std::string yaml = testing::workflow_without_digests();
  const std::string from = "pause_while_blocked: true}";
  yaml.replace(yaml.find(from), from.size(), "pause_while_blocked: [stage, plan, campaign]}");
  auto wf = parse_workflow(yaml, "w.yaml");
  ASSERT_TRUE(wf.ok()) << wf.status().message();
  History h("pre_review", "2026-06-01");
  h.plan("site_entry", "2026-06-30", "2026-06-02")
      .block(1, "land", "2026-06-10")
      .unblock(1, "2026-06-20");
  EXPECT_EQ(stand(h, "2026-06-21", {}, *wf).standing.deadline->due, d("2026-07-10"));
  EXPECT_EQ(stand(h, "2026-06-21").standing.deadline->due, d("2026-06-30"))
      << "by default a plan is a fixed date";
}

TEST(DeadlineTest, ClosedAndPipelineProjectsHaveNone) {
  History h("signed", "2026-03-01");
  h.drop("2026-03-02");
  auto t = stand(h, "2026-03-03");
  EXPECT_TRUE(t.standing.deadlines.empty());
  EXPECT_EQ(t.standing.light.color, LightColor::kNone);
}

TEST(LightTest, ColoursByTheWorkflowsRules) {
  History h("signed", "2026-03-01");  // due 04-30
  EXPECT_EQ(stand(h, "2026-04-22").standing.light.color, LightColor::kGreen);
  EXPECT_EQ(stand(h, "2026-04-23").standing.light.color, LightColor::kYellow) << "7 days left";
  auto late = stand(h, "2026-05-01").standing;
  EXPECT_EQ(late.light.color, LightColor::kRed);
  EXPECT_EQ(catalogue::render(late.light.reason, Lang::kEn), "overdue by 1 days");
  EXPECT_EQ(late.light_since, d("2026-05-01"));
  EXPECT_EQ(late.escalation, "unit");
  EXPECT_EQ(stand(h, "2026-05-04").standing.escalation, "supervisor");
  EXPECT_EQ(stand(h, "2026-05-10").standing.escalation, "leader");
}

TEST(LightTest, YellowForTwoWeeksTurnsRedWhoeverLooked) {
  // The case: blocked on funding from 03-02; nobody looks on 03-24.
  History h("construction", "2026-03-02");
  h.block(1, "funding", "2026-03-02");
  EXPECT_EQ(stand(h, "2026-03-08").standing.light.color, LightColor::kGreen);
  EXPECT_EQ(stand(h, "2026-03-09").standing.light.color, LightColor::kYellow) << "blocked 7 days";
  EXPECT_EQ(stand(h, "2026-03-22").standing.light.color, LightColor::kYellow);
  for (const char* day : {"2026-03-23", "2026-03-24", "2026-03-25", "2026-04-10"})
    EXPECT_EQ(stand(h, day).standing.light.color, LightColor::kRed) << day << ": red stays red";
  std::vector<LightChange> history;
  ASSERT_TRUE(standing_of({default_workflow(), default_calendar(), {}}, h.events(), d("2026-04-10"),
                          &history)
                  .ok());
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1].on, d("2026-03-09"));
  EXPECT_EQ(history[1].light, LightColor::kYellow);
  EXPECT_EQ(history[2].on, d("2026-03-23"));
  EXPECT_EQ(history[2].light, LightColor::kRed);
}

TEST(LightTest, NextCheckIsTheNextThresholdDate) {
  History h("signed", "2026-03-01");  // due 04-30
  auto next = [&](const char* today) {
    auto t = stand(h, today);
    return next_light_check(default_workflow(), t.project, t.standing.deadline, d(today),
                            t.standing.yellow_since);
  };
  EXPECT_EQ(*next("2026-03-02"), d("2026-04-23"));
  EXPECT_EQ(*next("2026-04-23"), d("2026-05-01"));
  EXPECT_FALSE(next("2026-05-01")) << "red is as far as it goes";
}

// Yinchuan's rules: yellow beyond 10 points behind the pro-rata schedule,
// red beyond 30.
Workflow with_investment_rules() {
  Workflow wf = default_workflow();
  wf.lights.investment = {{LightColor::kYellow, InvestmentLightRule::Measure::kBehindPoints, 10},
                          {LightColor::kRed, InvestmentLightRule::Measure::kBehindPoints, 30}};
  return wf;
}

// A project that did 300 万元 last year plans 1200 this year (set on 01-05);
// 700 is reported on 05-20, so 400 (33.3%) this year. Its deadline light
// stays green (due 2027-05-25).
TEST(LightTest, InvestmentBehindTheScheduleMakesTheLightWorse) {
  const Workflow wf = with_investment_rules();
  History h("construction", "2025-12-01");
  h.invest(300, "2025-12-20").plan_wan(1200, "2026-01-05").invest(700, "2026-05-20");
  EXPECT_EQ(stand(h, "2026-05-31", {}, wf).standing.light.color, LightColor::kGreen)
      << "8.3 points behind";
  const Light june = stand(h, "2026-06-30", {}, wf).standing.light;
  EXPECT_EQ(june.color, LightColor::kYellow);
  EXPECT_EQ(catalogue::render(june.reason, Lang::kEn),
            "due 2027-05-25, 329 days left; investment 16.67 points behind schedule (33.33% done, "
            "50.00% due)")
      << "both reasons";
  EXPECT_EQ(stand(h, "2026-08-31", {}, wf).standing.light.color, LightColor::kRed)
      << "33.3 points behind";
  Workflow without = default_workflow();
  without.lights.investment.clear();
  EXPECT_EQ(stand(h, "2026-08-31", {}, without).standing.light.color, LightColor::kGreen)
      << "no rules on investment";
  History unplanned("construction", "2025-12-01");
  unplanned.invest(300, "2025-12-20");
  EXPECT_EQ(stand(unplanned, "2026-08-31", {}, wf).standing.light.color, LightColor::kGreen)
      << "no plan, no judging";

  // The walk skips to each month's end, and agrees with the day-by-day walk.
  const Rules rules{wf, default_calendar(), {}};
  std::vector<LightChange> fast, daily;
  ASSERT_TRUE(standing_of(rules, h.events(), d("2027-01-10"), &fast).ok());
  ASSERT_TRUE(standing_of(rules, h.events(), d("2027-01-10"), &daily, nullptr, true).ok());
  ASSERT_EQ(fast.size(), daily.size());
  for (size_t i = 0; i < fast.size(); ++i) {
    EXPECT_EQ(fast[i].on, daily[i].on);
    EXPECT_EQ(fast[i].light, daily[i].light);
    EXPECT_EQ(fast[i].reason, daily[i].reason);
  }
  const std::vector<std::pair<const char*, LightColor>> expected = {
      {"2025-12-01", LightColor::kGreen},
      {"2026-02-28", LightColor::kYellow},  // 16.7 points behind: nothing reported yet
      {"2026-04-30", LightColor::kRed},     // 33.3 behind
      {"2026-05-20", LightColor::kGreen},   // 400 reported: on schedule
      {"2026-06-30", LightColor::kYellow},
      {"2026-08-31", LightColor::kRed},
      {"2027-01-01", LightColor::kGreen},  // a new year starts at nought
  };
  ASSERT_EQ(fast.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(fast[i].on, d(expected[i].first)) << i;
    EXPECT_EQ(fast[i].light, expected[i].second) << expected[i].first;
  }
  auto t = stand(h, "2026-06-10", {}, wf);
  EXPECT_EQ(next_light_check(wf, t.project, t.standing.deadline, d("2026-06-10"),
                             t.standing.yellow_since),
            d("2026-06-30"))
      << "the tick looks again when the schedule steps";
}

TEST(InstructionDeadlineTest, ListedButNotBinding) {
  History h("construction", "2026-03-02");
  h.block(1, "policy", "2026-03-03").instruct(1, 1, "2026-03-20", "2026-03-04");
  auto t = stand(h, "2026-03-25");
  ASSERT_EQ(t.standing.deadlines.size(), 2u);
  const auto& in = t.standing.deadlines[0];
  EXPECT_EQ(in.source, Deadline::Source::kInstruction);
  EXPECT_EQ(in.assignee, "自然资源局");
  EXPECT_FALSE(in.met);
  EXPECT_EQ(t.standing.deadline->source, Deadline::Source::kStage);
}

// A deadline met after its date keeps its lateness: the milestone due 09-08
// reached on 10-06 is met 28 days late, on every later day.
TEST(LatenessTest, AMilestoneMetLateStaysLate) {
  const std::vector<Campaign> cs = {campaign("2026-07-01", 100)};
  History h("pre_review", "2026-06-29");
  auto missed = stand(h, "2026-09-20", cs);
  for (const auto& dl : missed.standing.deadlines) {
    if (dl.source != Deadline::Source::kCampaign || dl.due != d("2026-09-08")) continue;
    EXPECT_TRUE(dl.late);
    EXPECT_EQ(dl.days_late, 12) << "unmet: days past due on the day asked";
    EXPECT_FALSE(dl.met_on);
  }
  h.advance("site_entry", "2026-10-06");
  for (const char* day : {"2026-10-07", "2026-12-01"}) {
    auto t = stand(h, day, cs);
    const Deadline* m = nullptr;
    for (const auto& dl : t.standing.deadlines)
      if (dl.source == Deadline::Source::kCampaign &&
          default_workflow().stages[dl.stage].id == "site_entry")
        m = &dl;
    ASSERT_TRUE(m) << day;
    EXPECT_TRUE(m->met);
    EXPECT_EQ(m->met_on, d("2026-10-06"));
    EXPECT_TRUE(m->late) << day;
    EXPECT_EQ(m->days_late, 28) << day;
  }
  // One met on time is not late.
  History on_time("pre_review", "2026-06-29");
  on_time.advance("site_entry", "2026-09-01");
  for (const auto& dl : stand(on_time, "2026-09-20", cs).standing.deadlines) {
    if (!dl.met) continue;
    EXPECT_EQ(dl.met_on, d("2026-09-01"));
    EXPECT_FALSE(dl.late);
    EXPECT_EQ(dl.days_late, 0);
  }
}

// An instruction closed after its due date stays late; an open one past its
// due date turns the project red from the day after, lists it as overdue
// (kind instruction) and is a day the tick looks again.
TEST(LatenessTest, AnInstructionPastItsDueDate) {
  History h("construction", "2026-03-02");  // 540 days
  h.block(1, "policy", "2026-03-03").instruct(1, 1, "2026-03-20", "2026-03-04");
  auto due_day = stand(h, "2026-03-20");
  EXPECT_NE(due_day.standing.light.color, LightColor::kRed);
  EXPECT_FALSE(due_day.standing.overdue());
  EXPECT_EQ(next_light_check(default_workflow(), due_day.project, due_day.standing.deadline,
                             d("2026-03-20"), due_day.standing.yellow_since),
            d("2026-03-21"));
  auto late = stand(h, "2026-03-25");
  EXPECT_EQ(late.standing.light.color, LightColor::kRed);
  EXPECT_NE(catalogue::render(late.standing.light.reason, Lang::kEn)
                .find("instruction overdue by 5 days"),
            std::string::npos)
      << catalogue::render(late.standing.light.reason, Lang::kEn);
  EXPECT_FALSE(late.standing.deadline->late) << "the stage limit is not late";
  EXPECT_EQ(late.standing.days_overdue, 0);
  ASSERT_TRUE(late.standing.overdue());
  ASSERT_TRUE(late.standing.instruction_overdue);
  EXPECT_EQ(late.standing.listed()->source, Deadline::Source::kInstruction);
  const OverdueRow row = overdue_row(late);
  EXPECT_EQ(row.kind, "instruction");
  EXPECT_EQ(row.binding.due, d("2026-03-20"));
  EXPECT_EQ(row.days_overdue, 5);
  // Done 41 days late: met late, and the light no longer red for it.
  h.done(1, "2026-04-30");
  auto closed = stand(h, "2026-05-10");
  const auto& in = closed.standing.deadlines.front();
  ASSERT_EQ(in.source, Deadline::Source::kInstruction);
  EXPECT_TRUE(in.met);
  EXPECT_EQ(in.met_on, d("2026-04-30"));
  EXPECT_TRUE(in.late);
  EXPECT_EQ(in.days_late, 41);
  EXPECT_FALSE(closed.standing.instruction_overdue);
  EXPECT_EQ(catalogue::render(closed.standing.light.reason, Lang::kEn).find("instruction"),
            std::string::npos);
  // Every day's light is the daily walk's.
  History open("construction", "2026-03-02");
  open.block(1, "policy", "2026-03-03").instruct(1, 1, "2026-03-05", "2026-03-04");
  const std::vector<Campaign> none;
  const Rules rules{default_workflow(), default_calendar(), none};
  for (Date day = d("2026-03-02"); day <= d("2026-04-30"); day = day + 1) {
    std::vector<LightChange> skipping, daily;
    auto fast = standing_of(rules, open.events(), day, &skipping);
    auto slow = standing_of(rules, open.events(), day, &daily, nullptr, true);
    ASSERT_TRUE(fast.ok() && slow.ok());
    EXPECT_EQ(fast->standing.light.color, slow->standing.light.color) << day.str();
    EXPECT_EQ(fast->standing.light_since, slow->standing.light_since) << day.str();
  }
  EXPECT_EQ(stand(open, "2026-03-06").standing.light_since, d("2026-03-06"));
}

// While a pausing blocker is open, days overdue stand still: paused working
// days before the due date move it by working days, paused days after it by
// calendar days; the count resumes when the blocker is resolved.
TEST(LatenessTest, DaysOverdueStandStillWhilePaused) {
  History h("pre_review", "2026-01-05");  // 40 working days
  const Date due = stand(h, "2026-03-11").standing.deadline->due;
  const int frozen = d("2026-04-01") - due;  // days overdue when the land blocker opens
  ASSERT_GT(frozen, 0);
  h.block(1, "land", "2026-04-01");
  for (const char* day : {"2026-04-01", "2026-04-02", "2026-05-19", "2026-06-30", "2026-07-31"}) {
    auto t = stand(h, day);
    ASSERT_TRUE(t.standing.deadline);
    EXPECT_EQ(t.standing.days_overdue, frozen) << day;
  }
  h.unblock(1, "2026-08-01");
  EXPECT_EQ(stand(h, "2026-08-01").standing.days_overdue, frozen);
  EXPECT_EQ(stand(h, "2026-08-11").standing.days_overdue, frozen + 10) << "counting again after";
  // Paused before the due date: working days, as before.
  History early("pre_review", "2026-03-02");
  const Date plain = stand(early, "2026-03-03").standing.deadline->due;  // 2026-04-28
  early.block(1, "land", "2026-04-20");  // 6 working days before the due date, then past it
  auto t = stand(early, "2026-05-20");
  EXPECT_EQ(t.standing.days_overdue, 0) << "paused before it passed: never overdue while paused";
  EXPECT_GT(t.standing.deadline->due, d("2026-05-20"));
  EXPECT_EQ(t.standing.deadline->due,
            default_calendar().add_workdays(plain, t.standing.deadline->paused_days))
      << "moved by the working days paused";
}

std::vector<ReminderSeries> series_of(const History& h, const char* day) {
  auto t = stand(h, day);
  return reminder_series(default_workflow(), default_calendar(), t.project, t.standing.deadline,
                         t.standing.deadlines);
}

TEST(ReminderTest, CountdownDueDayOverdueSeriesAndTheLadder) {
  History h("signed", "2026-03-01");  // due 04-30
  auto series = series_of(h, "2026-05-12");
  ASSERT_EQ(series.size(), 4u);
  const auto& dl = series[0];
  EXPECT_EQ(dl.id, "deadline");
  EXPECT_EQ(*dl.fire_of("before-7"), d("2026-04-23"));
  EXPECT_EQ(*dl.fire_of("due"), d("2026-04-30"));
  EXPECT_EQ(*dl.fire_of("overdue-9"), d("2026-05-09"));
  auto all = dl.backlog(std::nullopt, d("2026-05-12"));
  EXPECT_EQ(all.count, 8) << "3 before, the due day, overdue-3, -6, -9, -12";
  EXPECT_EQ(all.first->rule, "before-7");
  EXPECT_EQ(all.last->rule, "overdue-12");
  auto since = dl.backlog(d("2026-05-03"), d("2026-05-12"));
  EXPECT_EQ(since.count, 3);
  EXPECT_EQ(since.first->rule, "overdue-6");
  EXPECT_EQ(*dl.next_after(d("2026-05-12")), d("2026-05-15"));
  EXPECT_EQ(series[1].fixed[0].role, Role::kSupervisor);
  EXPECT_EQ(series[1].fixed[0].fire, d("2026-05-03"));
  EXPECT_EQ(series[2].fixed[0].role, Role::kLeader);
  EXPECT_EQ(series[3].id, "stale");
  Reminder due_day{"due", Role::kUnit, d("2026-04-30"), d("2026-04-30"), ""};
  EXPECT_EQ(reminder_key(default_workflow(), stand(h, "2026-05-12").project, due_day),
            "P|signed|2026-04-30|due");
}

TEST(ReminderTest, AFarBacklogIsCountedNotListed) {
  History h("signed", "2026-03-01");
  auto series = series_of(h, "2199-12-31");
  auto b = series[0].backlog(std::nullopt, d("2199-12-31"));
  EXPECT_GT(b.count, 20000);
  EXPECT_EQ(b.last->fire, d("2026-04-30") + (d("2199-12-31") - d("2026-04-30")) / 3 * 3);
}

TEST(ReminderTest, PausedClockCallsForNoneButStalenessStillCounts) {
  History h("signed", "2026-03-01");
  h.block(1, "land", "2026-03-05");
  auto series = series_of(h, "2026-06-01");
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].id, "stale");
  EXPECT_EQ(series[0].fixed[0].fire, default_calendar().add_workdays(d("2026-03-05"), 20));
}

}  // namespace
}  // namespace luodi
