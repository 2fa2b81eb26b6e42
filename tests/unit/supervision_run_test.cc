// The engine over simulated days: a small city through the hundred-day
// campaign, one tick a day on a manual clock, against a real SQLite file.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "luodi/engine.h"
#include "support/recording_delivery.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::read_file;
using testing::source_path;
using testing::RecordingDelivery;
using testing::TempDir;

Date d(const char* s) { return *Date::parse(s); }

Source file_source(const std::string& rel) { return {read_file(source_path(rel)), rel}; }


class SupervisionRun : public ::testing::Test {
 protected:
  void SetUp() override {
    set_day("2026-06-30");
    auto e = Engine::create(db_, {testing::workflow_without_digests(), "key-project.yaml"},
                            file_source("workflows/calendars/cn-2026.yaml"), clock_);
    ASSERT_TRUE(e.ok()) << e.status().message();
    engine_ = std::move(e).value();
  }

  void set_day(const char* day) { clock_.set(*parse_local(std::string(day) + "T09:00")); }
  void set_day(Date day) { set_day(day.str().c_str()); }

  void add(const char* code, const char* unit, const char* leader, const char* stage, const char* since) {
    NewProject p;
    p.code = code;
    p.attributes.name = std::string("项目") + code;
    p.attributes.unit = unit;
    p.attributes.leader = leader;
    p.stage = stage;
    p.stage_since = d(since);
    ASSERT_TRUE(engine_->add(p, "t").ok());
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

  TickReport tick() {
    auto r = engine_->tick(&delivery_, false);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r.value() : TickReport{};
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
  add("A", "游埠镇", "王建国", "signed", "2026-06-20");      // target site_entry, via pre_review
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
      ASSERT_TRUE(engine_->advance("A", r).ok());
    }
    if (day == d("2026-08-15")) reopen();  // a restart changes nothing
    TickReport report = tick();
    for (const auto& n : report.emitted) {
      seen.emplace_back(day.str(), n.key, n.recipient);
      first_day_of.emplace(n.key, day.str());
      // The engine never missed a day; only the campaign's end moves due dates
      // into the past.
      if (day <= d("2026-10-08")) {
        EXPECT_FALSE(n.catch_up) << n.key << " on " << day.str();
      }
    }
  }
  std::set<std::pair<std::string, std::string>> unique;
  for (const auto& [day, key, who] : seen)
    EXPECT_TRUE(unique.insert({key, who}).second) << key << " to " << who << " twice";

  // A: its pre_review milestone (end − 30 days) governed until it was reached
  // on 08-01, before its countdown began (09-01): no reminder about it.
  for (const auto& [day, key, who] : seen) EXPECT_NE(key.rfind("A|signed|2026-09-08|", 0), 0u) << key;
  // A then B: the site_entry target on the end date, counted down.
  for (const char* code : {"A", "B"}) {
    const std::string k = std::string(code) + "|pre_review|2026-10-08|";
    EXPECT_EQ(first_day_of[k + "before-7"], "2026-10-01") << code;
    EXPECT_EQ(first_day_of[k + "before-3"], "2026-10-05") << code;
    EXPECT_EQ(first_day_of[k + "before-1"], "2026-10-07") << code;
    EXPECT_EQ(first_day_of[k + "due"], "2026-10-08") << code;
  }
  // B went quiet after 06-29: a staleness reminder 20 working days later.
  EXPECT_EQ(first_day_of["B|pre_review|2026-06-29|stale"],
            engine_->calendar().add_workdays(d("2026-06-29"), 20).str());
  // After the campaign the stage limits govern again: B's 40 working days from
  // 06-29 ended long ago, so on 10-09 it gets one catch-up, the most severe.
  const std::string b_limit = engine_->calendar().add_workdays(d("2026-06-29"), 40).str();
  EXPECT_EQ(first_day_of["B|pre_review|" + b_limit + "|escalate-leader"], "2026-10-09");
  auto outbox = engine_->outbox(std::string("skipped"));
  ASSERT_TRUE(outbox.ok());
  EXPECT_FALSE(outbox->empty()) << "the stale countdown was recorded as skipped";
  // C was never in the campaign and is nowhere near its limit: it only hears
  // that it has gone quiet.
  for (const auto& [day, key, who] : seen) {
    if (key.rfind("C|", 0) == 0) {
      EXPECT_EQ(key.substr(key.size() - 6), "|stale") << key;
    }
  }
  EXPECT_EQ(first_day_of["C|construction|2026-06-30|stale"],
            engine_->calendar().add_workdays(d("2026-06-30"), 20).str());

  // Lights kept their dated history.
  auto lights = engine_->light_history("B");
  ASSERT_TRUE(lights.ok());
  std::vector<std::pair<std::string, LightColor>> changes;
  for (const auto& c : *lights) changes.emplace_back(c.on.str(), c.light);
  ASSERT_GE(changes.size(), 2u);
  EXPECT_EQ(changes[0], std::make_pair(std::string("2026-10-01"), LightColor::kYellow));
  EXPECT_EQ(changes[1], std::make_pair(std::string("2026-10-09"), LightColor::kRed));

  // Escalation reached the leader's directory entry.
  bool leader_told = false;
  for (const auto& n : delivery_.delivered) leader_told |= n.recipient == "王建国" && n.role == Role::kLeader;
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
  TickReport first = tick();
  ASSERT_EQ(first.emitted.size(), 1u);
  EXPECT_EQ(first.emitted[0].key, "P|signed|2026-07-09|before-7");
  EXPECT_EQ(first.emitted[0].state, "sent");
  EXPECT_TRUE(tick().emitted.empty()) << "a second tick at the same moment adds nothing";
  reopen();
  EXPECT_TRUE(tick().emitted.empty()) << "nor does a restart";
  EXPECT_EQ(delivery_.delivered.size(), 1u);
}

TEST_F(SupervisionRun, CatchUpAfterTenDaysDownSendsOnlyTheMostSevere) {
  contacts();
  add("P", "游埠镇", "王建国", "signed", "2026-05-10");  // due 07-09
  add("Q", "游埠镇", "王建国", "signed", "2026-05-20");  // due 07-19
  set_day("2026-07-01");
  tick();
  set_day("2026-07-13");  // down from 07-02 to 07-12
  TickReport report = tick();
  std::map<std::string, std::vector<Notification>> by_project;
  for (const auto& n : report.emitted) by_project[n.project].push_back(n);
  ASSERT_EQ(by_project["P"].size(), 1u) << "one catch-up, not the backlog";
  EXPECT_TRUE(by_project["P"][0].catch_up);
  EXPECT_EQ(by_project["P"][0].rule, "escalate-supervisor") << "4 days overdue";
  EXPECT_EQ(by_project["P"][0].role, Role::kSupervisor);
  EXPECT_NE(by_project["P"][0].message.find("【补发】"), std::string::npos);
  ASSERT_EQ(by_project["Q"].size(), 1u);
  EXPECT_EQ(by_project["Q"][0].rule, "before-7");
  EXPECT_TRUE(by_project["Q"][0].catch_up) << "07-12 was missed";
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
  ASSERT_EQ(engine_->outbox(std::string("pending"))->size(), 1u);
  AdvanceRequest r;
  r.to = "pre_review";
  ASSERT_TRUE(engine_->advance("P", r).ok());
  EXPECT_TRUE(engine_->outbox(std::string("pending"))->empty());
  EXPECT_EQ(engine_->outbox(std::string("obsolete"))->size(), 1u);
}

TEST_F(SupervisionRun, DryRunWritesNothingAndUnreachableRecipientsWait) {
  add("P", "游埠镇", "王建国", "signed", "2026-05-10");
  set_day("2026-07-02");
  auto dry = engine_->tick(&delivery_, true);
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->emitted.size(), 1u);
  EXPECT_TRUE(engine_->outbox(std::nullopt)->empty());
  TickReport real = tick();
  ASSERT_EQ(real.emitted.size(), 1u);
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
  ASSERT_TRUE(engine_->block("P", land).ok());
  ASSERT_TRUE(engine_->block("Q", funding).ok());
  UnblockRequest done;
  done.on = d("2026-05-20");
  ASSERT_TRUE(engine_->unblock("P", done).ok());
  ASSERT_TRUE(engine_->unblock("Q", done).ok());
  auto due_of = [&](const char* code) {
    auto st = engine_->standing(*engine_->project(code));
    return st->deadline->due;
  };
  EXPECT_EQ(due_of("P"), d("2026-07-10")) << "10 days blocked on land are added back";
  EXPECT_EQ(due_of("Q"), d("2026-06-30"));
  EXPECT_TRUE(engine_->verify()->differences.empty());
}

TEST_F(SupervisionRun, APlanOverridesTheLimitAndIsClearedByTheMove) {
  add("P", "游埠镇", "王建国", "signed", "2026-05-01");
  PlanRequest plan;
  plan.due = d("2026-06-05");
  plan.note = "市长现场办公会要求";
  ASSERT_TRUE(engine_->plan("P", plan).ok());
  auto st = engine_->standing(*engine_->project("P"));
  EXPECT_EQ(st->deadline->due, d("2026-06-05"));
  EXPECT_EQ(st->deadline->source, Deadline::Source::kPlan);
  AdvanceRequest r;
  r.to = "pre_review";
  ASSERT_TRUE(engine_->advance("P", r).ok());
  EXPECT_FALSE(engine_->project("P")->plan) << "reached: the plan is done";
  EXPECT_EQ(engine_->clear_plan("P", {}).code(), ErrorCode::kRefused);
  plan.stage = "signed";
  EXPECT_EQ(engine_->plan("P", plan).code(), ErrorCode::kRefused) << "a stage behind";
  EXPECT_TRUE(engine_->verify()->differences.empty());
}

TEST_F(SupervisionRun, AnInstructionWithADueDateIsChasedAtItsAssignee) {
  contacts();
  ASSERT_TRUE(engine_->add_contact({"自然资源局", Role::kUnit, "自然资源局", "stdout", "json"}).ok());
  add("P", "游埠镇", "王建国", "signed", "2026-06-20");
  BlockRequest land;
  land.category = "land";
  land.reason = "缺用地指标";
  auto blocker = engine_->block("P", land);
  ASSERT_TRUE(blocker.ok());
  InstructRequest in;
  in.blocker = *blocker;
  in.text = "请自然资源局两周内报省厅";
  in.assignee = "自然资源局";
  in.due = d("2026-07-14");
  in.by = "王建国";
  auto id = engine_->instruct("P", in);
  ASSERT_TRUE(id.ok()) << id.status().message();
  in.blocker = 999;
  EXPECT_EQ(engine_->instruct("P", in).status().code(), ErrorCode::kNotFound);
  auto p = engine_->project("P");
  ASSERT_EQ(p->blockers.at(0).instructions.size(), 1u);
  EXPECT_EQ(p->blockers[0].instructions[0].by, "王建国");
  EXPECT_TRUE(engine_->verify()->differences.empty());

  set_day("2026-07-07");
  bool reminded = false;
  for (const auto& n : tick().emitted)
    reminded |= n.rule == "instruction-" + std::to_string(*id) + "-before-7" && n.recipient == "自然资源局";
  EXPECT_TRUE(reminded);
  // Resolving the blocker closes its instructions: nothing more to chase.
  UnblockRequest done;
  ASSERT_TRUE(engine_->unblock("P", done).ok());
  set_day("2026-07-14");
  for (const auto& n : tick().emitted) EXPECT_EQ(n.rule.rfind("instruction-", 0), std::string::npos) << n.key;
  auto history = engine_->history("P");
  bool recorded = false;
  for (const auto& e : *history) recorded |= e.kind == EventKind::kInstructed && e.instruction->id == *id;
  EXPECT_TRUE(recorded);
}

}  // namespace
}  // namespace luodi
