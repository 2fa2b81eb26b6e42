// The engine over simulated days: a small city through the hundred-day
// campaign, one tick a day on a manual clock, against a real SQLite file.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "luodi/engine.h"
#include "support/recording_delivery.h"
#include "support/requests.h"
#include "support/test_support.h"
#include "support/tick_collector.h"

namespace luodi {
namespace {

using testing::read_file;
using testing::RecordingDelivery;
using testing::source_path;
using testing::TempDir;

Date d(const char* s) { return *Date::parse(s); }

Source file_source(const std::string& rel) { return {read_file(source_path(rel)), rel}; }

class SupervisionRun : public ::testing::Test {
 protected:
  void SetUp() override {
    set_day("2026-06-30");
    auto e = Engine::create(db_, {testing::workflow_without_digests(), "key-project.yaml"},
                            file_source("workflows/calendars/cn.yaml"), clock_);
    ASSERT_TRUE(e.ok()) << e.status().message();
    engine_ = std::move(e).value();
  }

  void set_day(const char* day) { clock_.set(*parse_local(std::string(day) + "T09:00")); }
  void set_day(Date day) { set_day(day.str().c_str()); }

  void add(const char* code, const char* unit, const char* leader, const char* stage,
           const char* since) {
    NewProject p;
    p.code = code;
    p.attributes.name = std::string("项目") + code;
    p.attributes.unit = unit;
    p.attributes.leader = leader;
    p.stage = stage;
    p.on = d(since);
    if (std::string(stage) == "construction") p.evidence["permit"] = "330781";
    ASSERT_TRUE(engine_->execute(added(p, "t")).ok());
  }

  void contacts() {
    for (Contact c : {Contact{"游埠镇招商办", Role::kUnit, "游埠镇", "stdout"},
                      Contact{"女埠街道招商办", Role::kUnit, "女埠街道", "stdout"},
                      Contact{"督查科", Role::kSupervisor, "", "stdout"},
                      Contact{"王建国", Role::kLeader, "", "stdout"}})
      ASSERT_TRUE(engine_->add_contact(c).ok());
  }

  void reopen() {
    engine_.reset();
    auto e = Engine::open(db_, clock_);
    ASSERT_TRUE(e.ok()) << e.status().message();
    engine_ = std::move(e).value();
  }

  testing::CollectedTick tick() {
    auto r = testing::collect_tick(*engine_, &delivery_, false);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r.value() : testing::CollectedTick{};
  }

  TempDir dir_;
  std::string db_ = dir_.file("city.db");
  ManualClock clock_;
  std::unique_ptr<Engine> engine_;
  RecordingDelivery delivery_;
};

TEST_F(SupervisionRun, TheHundredDayCampaignDayByDay) {
  ASSERT_TRUE(engine_->add_campaign(file_source("workflows/campaigns/hundred-day-2026.yaml")).ok());
  contacts();
  add("A", "游埠镇", "王建国", "signed", "2026-06-20");        // target site_entry, via pre_review
  add("B", "女埠街道", "王建国", "pre_review", "2026-06-29");  // target site_entry
  add("C", "游埠镇", "李卫东", "construction", "2026-06-30");  // no target: its own limit

  // Campaign status before it starts is a preview.
  auto preview = engine_->campaign("hundred-day-2026");
  ASSERT_TRUE(preview.ok());
  EXPECT_FALSE(preview->started);
  EXPECT_EQ(preview->counts.projects, 2);

  // (day, key, recipient) of every notification, in the order they came.
  std::vector<std::tuple<std::string, std::string, std::string>> seen;
  std::map<std::string, std::string> first_day_of;  // key → day
  for (Date day = d("2026-07-01"); day <= d("2026-10-12"); day = day + 1) {
    set_day(day);
    if (day == d("2026-08-01")) {
      AdvanceRequest r;
      r.to = "pre_review";
      ASSERT_TRUE(engine_->execute(at("A", r)).ok());
    }
    if (day == d("2026-08-15")) reopen();  // a restart changes nothing
    testing::CollectedTick report = tick();
    for (const auto& n : report.emitted) {
      seen.emplace_back(day.str(), n.key, n.recipient);
      first_day_of.emplace(n.key, day.str());
      // The engine never missed a day, and a campaign never moves a due date
      // later (its milestones are extra deadlines): nothing is ever caught up.
      EXPECT_FALSE(n.catch_up) << n.key << " on " << day.str();
    }
  }
  std::set<std::pair<std::string, std::string>> unique;
  for (const auto& [day, key, who] : seen)
    EXPECT_TRUE(unique.insert({key, who}).second) << key << " to " << who << " twice";

  // The binding deadline is the earliest unmet one. A: its stage limits (60
  // days of signed, then 40 working days of pre_review from 08-01) came before
  // its milestones (pre_review on 09-08, site_entry on 10-08).
  const auto& cal = engine_->calendar();
  const std::string a_limit = cal.add_workdays(d("2026-08-01"), 40).str();
  const std::string b_limit = cal.add_workdays(d("2026-06-29"), 40).str();
  for (const auto& [code, due] : {std::pair{"A", a_limit}, std::pair{"B", b_limit}}) {
    const std::string k = std::string(code) + "|pre_review|" + due + "|";
    const Date at = *Date::parse(due);
    EXPECT_EQ(first_day_of[k + "before-7"], (at - 7).str()) << code;
    EXPECT_EQ(first_day_of[k + "before-1"], (at - 1).str()) << code;
    EXPECT_EQ(first_day_of[k + "due"], due) << code;
    EXPECT_EQ(first_day_of[k + "escalate-leader"], (at + 10).str()) << code;
  }
  for (const auto& [day, key, who] : seen)
    EXPECT_EQ(key.find("|2026-10-08|"), std::string::npos) << key;
  // B went quiet after 06-29: a staleness reminder 20 working days later.
  EXPECT_EQ(first_day_of["B|pre_review|2026-06-29|stale"],
            cal.add_workdays(d("2026-06-29"), 20).str());
  auto outbox = engine_->outbox(std::string("skipped"));
  ASSERT_TRUE(outbox.ok());
  EXPECT_TRUE(outbox->empty()) << "no backlog to collapse";
  // C was never in the campaign and is nowhere near its limit: it only hears
  // that it has gone quiet.
  for (const auto& [day, key, who] : seen) {
    if (key.rfind("C|", 0) == 0) {
      EXPECT_EQ(key.substr(key.size() - 6), "|stale") << key;
    }
  }
  EXPECT_EQ(first_day_of["C|construction|2026-06-30|stale"],
            cal.add_workdays(d("2026-06-30"), 20).str());

  // The light history is the standing function's, day by day.
  auto lights = engine_->light_history("B");
  ASSERT_TRUE(lights.ok());
  std::vector<std::pair<std::string, LightColor>> changes;
  for (const auto& c : *lights) changes.emplace_back(c.on.str(), c.light);
  ASSERT_GE(changes.size(), 3u);
  EXPECT_EQ(changes[0], std::make_pair(std::string("2026-06-29"), LightColor::kGreen));
  EXPECT_EQ(changes[1], std::make_pair((*Date::parse(b_limit) - 7).str(), LightColor::kYellow));
  EXPECT_EQ(changes[2], std::make_pair((*Date::parse(b_limit) + 1).str(), LightColor::kRed));

  // Escalation reached the leader's directory entry.
  bool leader_told = false;
  for (const auto& n : delivery_.delivered)
    leader_told |= n.recipient == "王建国" && n.role == Role::kLeader;
  EXPECT_TRUE(leader_told);

  set_day("2026-10-08");
  auto status = engine_->campaign("hundred-day-2026");
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(status->started);
  EXPECT_EQ(status->day, 100);
  EXPECT_EQ(status->counts.projects, 2);
  EXPECT_EQ(status->counts.met, 0);
  EXPECT_EQ(status->counts.behind, 0) << "A met its interim milestone; the end is today";
  ASSERT_FALSE(status->burndown.empty());
  EXPECT_EQ(status->burndown.back().date, d("2026-10-08"));
  EXPECT_EQ(status->burndown.back().planned, 3) << "A: pre_review and site_entry; B: site_entry";
  EXPECT_EQ(status->burndown.back().met, 1) << "A reached pre_review";
}

TEST_F(SupervisionRun, ExactlyOnceAcrossATickAgainAndARestart) {
  contacts();
  add("P", "游埠镇", "王建国", "signed", "2026-05-10");  // due 07-09
  set_day("2026-07-02");
  testing::CollectedTick first = tick();
  ASSERT_EQ(first.emitted.size(), 2u);
  EXPECT_EQ(first.emitted[0].key, "P|signed|2026-07-09|before-7");
  EXPECT_EQ(first.emitted[0].state, "sent");
  EXPECT_EQ(first.emitted[1].key, "P|signed|2026-05-10|stale")
      << "recorded at a stage entered on 05-10";
  EXPECT_TRUE(tick().emitted.empty()) << "a second tick at the same moment adds nothing";
  reopen();
  EXPECT_TRUE(tick().emitted.empty()) << "nor does a restart";
  EXPECT_EQ(delivery_.delivered.size(), 2u);
}

TEST_F(SupervisionRun, CatchUpAfterTenDaysDownSendsTheLatestOfEachSeries) {
  contacts();
  add("P", "游埠镇", "王建国", "signed", "2026-05-10");  // due 07-09
  add("Q", "游埠镇", "王建国", "signed", "2026-05-20");  // due 07-19
  set_day("2026-07-01");
  tick();
  set_day("2026-07-13");  // down from 07-02 to 07-12
  testing::CollectedTick report = tick();
  std::map<std::string, std::vector<Notification>> by_project;
  for (const auto& n : report.emitted) by_project[n.project].push_back(n);
  // P, 4 days overdue: one catch-up of its unit's series (before-7, before-3,
  // before-1, due, overdue-3 → overdue-3) and the supervisors' escalation, its own series.
  ASSERT_EQ(by_project["P"].size(), 2u) << "one catch-up per series, not the backlog";
  EXPECT_EQ(by_project["P"][0].rule, "overdue-3");
  EXPECT_EQ(by_project["P"][1].rule, "escalate-supervisor");
  EXPECT_EQ(by_project["P"][1].role, Role::kSupervisor);
  for (const auto& n : by_project["P"]) {
    EXPECT_TRUE(n.catch_up);
    EXPECT_NE(n.message.find("【补发】"), std::string::npos);
  }
  ASSERT_EQ(by_project["Q"].size(), 1u);
  EXPECT_EQ(by_project["Q"][0].rule, "before-7");
  EXPECT_TRUE(by_project["Q"][0].catch_up) << "07-12 was missed";
  auto skipped = engine_->outbox(std::string("skipped"));
  ASSERT_EQ(skipped->size(), 1u) << "one row records what P's catch-up collapsed";
  EXPECT_NE(skipped->front().message.find("4 reminder(s)"), std::string::npos)
      << skipped->front().message;
  // What was skipped never fires later.
  set_day("2026-07-14");
  for (const auto& n : tick().emitted) EXPECT_NE(n.rule, "due") << n.key;
}

TEST_F(SupervisionRun, MovingAProjectMakesItsPendingRemindersObsolete) {
  contacts();
  add("P", "游埠镇", "王建国", "signed", "2026-05-10");  // due 07-09
  set_day("2026-07-02");
  auto report = engine_->tick(nullptr, false);  // nothing delivered: rows stay pending
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(engine_->outbox(std::string("pending"))->size(), 2u);  // before-7 and stale
  AdvanceRequest r;
  r.to = "pre_review";
  ASSERT_TRUE(engine_->execute(at("P", r)).ok());
  auto pending = engine_->outbox(std::string("pending"));
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().rule, "stale") << "staleness is not about the deadline";
  EXPECT_EQ(engine_->outbox(std::string("obsolete"))->size(), 1u);
}

TEST_F(SupervisionRun, DryRunWritesNothingAndUnreachableRecipientsWait) {
  add("P", "游埠镇", "王建国", "signed", "2026-05-10");
  set_day("2026-07-02");
  auto dry = testing::collect_tick(*engine_, &delivery_, true);
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->emitted.size(), 2u);  // before-7 and stale
  EXPECT_TRUE(engine_->outbox(std::nullopt)->empty());
  testing::CollectedTick real = tick();
  ASSERT_EQ(real.emitted.size(), 2u);
  EXPECT_EQ(real.emitted[0].state, "no_channel");
  EXPECT_EQ(real.emitted[0].recipient, "游埠镇");
  ASSERT_EQ(real.warnings.size(), 1u);
  EXPECT_NE(real.warnings[0].find("unit '游埠镇' has no directory entry"), std::string::npos);
  EXPECT_TRUE(delivery_.delivered.empty());
}

TEST_F(SupervisionRun, LandBlockersPauseTheClockOtherBlockersDoNot) {
  add("P", "游埠镇", "王建国", "signed", "2026-05-01");  // due 06-30
  add("Q", "游埠镇", "王建国", "signed", "2026-05-01");
  BlockRequest land;
  land.category = "land";
  land.reason = "quota";
  land.on = d("2026-05-10");
  BlockRequest funding = land;
  funding.category = "funding";
  set_day("2026-05-20");
  ASSERT_TRUE(engine_->execute(at("P", land)).ok());
  ASSERT_TRUE(engine_->execute(at("Q", funding)).ok());
  UnblockRequest done;
  done.on = d("2026-05-20");
  ASSERT_TRUE(engine_->execute(at("P", done)).ok());
  ASSERT_TRUE(engine_->execute(at("Q", done)).ok());
  auto due_of = [&](const char* code) {
    return engine_->tracked_project(code)->standing.deadline->due;
  };
  EXPECT_EQ(due_of("P"), d("2026-07-10")) << "10 days blocked on land are added back";
  EXPECT_EQ(due_of("Q"), d("2026-06-30"));
  EXPECT_TRUE(engine_->verify()->differences.empty());
}

TEST_F(SupervisionRun, APlanOverridesTheLimitAndIsClearedByTheMove) {
  add("P", "游埠镇", "王建国", "signed", "2026-05-01");
  PlanRequest plan;
  plan.due = d("2026-07-05");  // never before the day it is given (today, 06-30)
  plan.note = "市长现场办公会要求";
  ASSERT_TRUE(engine_->execute(at("P", plan)).ok());
  auto st = engine_->tracked_project("P")->standing;
  EXPECT_EQ(st.deadline->due, d("2026-07-05"));
  EXPECT_EQ(st.deadline->source, Deadline::Source::kPlan);
  AdvanceRequest r;
  r.to = "pre_review";
  ASSERT_TRUE(engine_->execute(at("P", r)).ok());
  EXPECT_FALSE(engine_->project("P")->plan) << "reached: the plan is done";
  EXPECT_EQ(engine_->execute(at("P", cleared_plan())).status().code(), ErrorCode::kRefused);
  plan.stage = "signed";
  EXPECT_EQ(engine_->execute(at("P", plan)).status().code(), ErrorCode::kRefused)
      << "a stage behind";
  EXPECT_TRUE(engine_->verify()->differences.empty());
}

TEST_F(SupervisionRun, AnInstructionWithADueDateIsChasedAtItsAssignee) {
  contacts();
  ASSERT_TRUE(
      engine_->add_contact({"自然资源局", Role::kUnit, "自然资源局", "stdout", "json"}).ok());
  add("P", "游埠镇", "王建国", "signed", "2026-06-20");
  BlockRequest land;
  land.category = "land";
  land.reason = "缺用地指标";
  auto blocker = engine_->execute(at("P", land));
  ASSERT_TRUE(blocker.ok());
  InstructRequest in;
  in.blocker = *blocker->id;
  in.text = "请自然资源局两周内报省厅";
  in.assignee = "自然资源局";
  in.due = d("2026-07-14");
  in.by = "王建国";
  auto id = engine_->execute(at("P", in));
  ASSERT_TRUE(id.ok()) << id.status().message();
  in.blocker = 999;
  EXPECT_EQ(engine_->execute(at("P", in)).status().code(), ErrorCode::kNotFound);
  auto p = engine_->project("P");
  ASSERT_EQ(p->blockers.at(0).instructions.size(), 1u);
  EXPECT_EQ(p->blockers[0].instructions[0].by, "王建国");
  EXPECT_TRUE(engine_->verify()->differences.empty());

  set_day("2026-07-07");
  bool reminded = false;
  for (const auto& n : tick().emitted)
    reminded |= n.rule == "instruction-" + std::to_string(*id->id) + "-before-7" &&
                n.recipient == "自然资源局";
  EXPECT_TRUE(reminded);
  // Resolving the blocker closes its instructions: nothing more to chase.
  UnblockRequest done;
  ASSERT_TRUE(engine_->execute(at("P", done)).ok());
  set_day("2026-07-14");
  for (const auto& n : tick().emitted)
    EXPECT_EQ(n.rule.rfind("instruction-", 0), std::string::npos) << n.key;
  auto history = engine_->history("P");
  bool recorded = false;
  for (const auto& e : *history)
    recorded |= e.kind == EventKind::kInstructed && e.instruction->id == *id->id;
  EXPECT_TRUE(recorded);
}

}  // namespace
}  // namespace luodi
