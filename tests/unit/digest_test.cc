// Digests (周调度, 月通报): the schedule from YAML against the 2026 calendar,
// what each reader gets, and "once per period" through the engine's outbox.
#include "luodi/digest.h"

#include <gtest/gtest.h>

#include <cstdio>

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

const DigestRule& rule(const char* id) {
  for (const auto& r : testing::default_workflow().digests.schedule)
    if (r.id == id) return r;
  throw std::runtime_error(std::string("no digest ") + id);
}

TEST(DigestScheduleTest, TheDefaultWorkflowHasAWeeklyAndAMonthlyDigest) {
  const auto& w = rule("weekly");
  EXPECT_EQ(w.every, DigestRule::Every::kWeek);
  EXPECT_EQ(w.weekday, 1u);
  EXPECT_EQ(w.at_minutes, 9 * 60);
  EXPECT_EQ(w.label.zh, "周调度");
  EXPECT_EQ(rule("monthly").every, DigestRule::Every::kMonth);
}

TEST(DigestScheduleTest, WeeklyGoesOutOnTheFirstWorkingDayFromItsWeekday) {
  const auto& cal = testing::default_calendar();
  auto p = digest_period(rule("weekly"), cal, d("2026-08-05"));  // a Wednesday
  ASSERT_TRUE(p);
  EXPECT_EQ(p->id, "2026-W32");
  EXPECT_EQ(p->send_on, d("2026-08-03"));
  // National Day: Monday 5 October is a holiday (1–7 October); Thursday the 8th is the first
  // working day.
  EXPECT_FALSE(digest_period(rule("weekly"), cal, d("2026-10-07"))) << "not yet sent that week";
  p = digest_period(rule("weekly"), cal, d("2026-10-08"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->id, "2026-W41");
  EXPECT_EQ(p->send_on, d("2026-10-08"));
  // ISO weeks across the new year: 2026-12-31 is in 2026-W53.
  EXPECT_EQ(digest_period(rule("weekly"), cal, d("2026-12-31"))->id, "2026-W53");
}

TEST(DigestScheduleTest, MonthlyGoesOutOnTheMonthsFirstWorkingDay) {
  const auto& cal = testing::default_calendar();
  auto p = digest_period(rule("monthly"), cal, d("2026-08-20"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->id, "2026-08");
  EXPECT_EQ(p->send_on, d("2026-08-03")) << "1–2 August is a weekend";
  EXPECT_FALSE(digest_period(rule("monthly"), cal, d("2026-10-05")))
      << "October's first working day is the 8th";
  EXPECT_EQ(digest_period(rule("monthly"), cal, d("2026-10-08"))->send_on, d("2026-10-08"));
}

TEST(DigestScheduleTest, DueFromItsTimeOnTheSendDayAndAfterAGap) {
  const auto& w = rule("weekly");
  const DigestPeriod p{"2026-W32", d("2026-08-03")};
  EXPECT_FALSE(digest_due(w, p, d("2026-08-03"), 8 * 60 + 59));
  EXPECT_TRUE(digest_due(w, p, d("2026-08-03"), 9 * 60));
  EXPECT_TRUE(digest_due(w, p, d("2026-08-05"), 0)) << "a catch-up later in the week";
  EXPECT_EQ(digest_key(w, p), "digest:weekly:2026-W32");
  EXPECT_EQ(digest_attachment_path("/var/luodi/wang.jsonl", "digest:weekly:2026-W32"),
            "/var/luodi/luodi-weekly-2026-W32.html");
  EXPECT_EQ(digest_attachment_path("out.jsonl", "digest:monthly:2026-08"),
            "./luodi-monthly-2026-08.html");
}

TEST(DigestScheduleTest, BadSchedulesAreReportedWhereTheyAre) {
  std::string text = testing::workflow_without_digests() +
                     "digests:\n"
                     "  schedule:\n"
                     "    - {id: weekly, every: week, weekday: funday}\n"
                     "    - {id: monthly, every: year, at: \"25:00\"}\n";
  auto wf = parse_workflow(text, "w.yaml");
  ASSERT_FALSE(wf.ok());
  const std::string msg = wf.status().message();
  EXPECT_NE(msg.find("weekday must be monday"), std::string::npos) << msg;
  EXPECT_NE(msg.find("every must be week or month"), std::string::npos) << msg;
  EXPECT_NE(msg.find("at must be HH:MM"), std::string::npos) << msg;
  EXPECT_NE(msg.find("w.yaml:"), std::string::npos) << msg;
}

Deadline deadline_to(Date due, int stage) {
  Deadline dl;
  dl.due = due;
  dl.stage = stage;
  return dl;
}

TrackedProject tracked(const char* code, const char* unit, const char* leader, LightColor light,
                       int days_left, ProjectStatus status = ProjectStatus::kActive) {
  TrackedProject t;
  t.project.code = code;
  t.project.attributes.name = std::string("项目") + code;
  t.project.attributes.unit = unit;
  t.project.attributes.leader = leader;
  t.project.status = status;
  t.project.stage = 1;
  t.standing.deadline = deadline_to(d("2026-08-10"), 2);
  t.standing.days_left = days_left;
  t.standing.light.color = light;
  return t;
}

TEST(DigestMessageTest, EachReaderGetsTheirOwnProjects) {
  std::vector<TrackedProject> ps = {
      tracked("A", "游埠镇", "王建国", LightColor::kRed, -4),
      tracked("B", "女埠街道", "刘志强", LightColor::kYellow, 2),
      tracked("C", "游埠镇", "刘志强", LightColor::kGreen, 20, ProjectStatus::kBlocked),
  };
  ps[2].project.blockers.push_back(
      Blocker{5,
              "land",
              "缺指标",
              "自然资源局",
              d("2026-07-01"),
              {Instruction{9, "月底前落实指标", "自然资源局", d("2026-08-07"), d("2026-07-20"),
                           "刘志强", std::nullopt, ""}}});
  Deadline instruction = deadline_to(d("2026-08-07"), 1);
  instruction.source = Deadline::Source::kInstruction;
  instruction.instruction = 9;
  ps[2].standing.deadlines.push_back(instruction);
  const auto& wf = testing::default_workflow();
  const DigestPeriod p{"2026-W32", d("2026-08-03")};
  const auto text = [&](Contact c) {
    return digest_message(wf, rule("weekly"), p, c, ps, std::nullopt, d("2026-08-03"));
  };

  const std::string all = text({"督查科", Role::kSupervisor, "", "stdout"});
  EXPECT_NE(all.find("【周调度 2026-W32】全市重点项目 3 个"), std::string::npos) << all;
  EXPECT_NE(all.find("红灯 1 个"), std::string::npos);
  EXPECT_NE(all.find("黄灯 1 个"), std::string::npos);
  EXPECT_NE(all.find("逾期 1 个"), std::string::npos);
  EXPECT_NE(all.find("A 项目A（游埠镇，预审，逾期 4 天）"), std::string::npos) << all;

  const std::string liu = text({"刘志强", Role::kLeader, "", "stdout"});
  EXPECT_NE(liu.find("刘志强联系项目重点项目 2 个"), std::string::npos) << liu;
  EXPECT_EQ(liu.find(" A 项目A"), std::string::npos) << "not his project";
  EXPECT_NE(liu.find("受阻 1 个"), std::string::npos);
  EXPECT_NE(liu.find("批示即将到期 1 条"), std::string::npos) << liu;
  EXPECT_NE(liu.find("月底前落实指标"), std::string::npos);

  const std::string unit = text({"女埠街道招商办", Role::kUnit, "女埠街道", "stdout"});
  EXPECT_NE(unit.find("女埠街道重点项目 1 个"), std::string::npos) << unit;
  EXPECT_NE(unit.find("黄灯 1 个"), std::string::npos);
  EXPECT_NE(unit.find("红灯 0 个"), std::string::npos);
}

// A supervisor's digest of a large city lists the first 50 projects of a
// section and counts the rest ("还有 N 项", with the report's link when the
// server's address is known); the counts stay whole.
TEST(DigestMessageTest, ALongSectionListsFiftyAndCountsTheRest) {
  std::vector<TrackedProject> ps;
  std::vector<std::string> codes;
  for (int i = 0; i < 120; ++i) {
    char code[8];
    std::snprintf(code, sizeof code, "R%03d", i);
    codes.emplace_back(code);
  }
  for (int i = 0; i < 120; ++i)
    ps.push_back(tracked(codes[static_cast<std::size_t>(i)].c_str(), "游埠镇", "王建国",
                         i < 70 ? LightColor::kRed : LightColor::kYellow, -4));
  const auto& wf = testing::default_workflow();
  const DigestPeriod p{"2026-W32", d("2026-08-03")};
  const Contact supervisor{"督查科", Role::kSupervisor, "", "stdout"};
  DigestWriter linked(wf, supervisor, d("2026-08-03"),
                      "https://dc.example/#/report?as_of=2026-08-03");
  DigestWriter plain(wf, supervisor, d("2026-08-03"));
  for (const auto& t : ps) {
    linked.add(t);
    plain.add(t);
  }
  const std::string text = linked.text(rule("weekly"), p, std::nullopt);
  EXPECT_NE(text.find("全市重点项目 120 个"), std::string::npos) << text;
  EXPECT_NE(text.find("红灯 70 个"), std::string::npos) << "the count stays whole";
  EXPECT_NE(text.find("黄灯 50 个"), std::string::npos);
  EXPECT_NE(text.find("逾期 120 个"), std::string::npos);
  EXPECT_NE(text.find(" R049 "), std::string::npos);
  EXPECT_EQ(text.find(" R050 "), std::string::npos) << "the red list stops at 50";
  EXPECT_NE(text.find(" R070 "), std::string::npos) << "the yellow list has its own 50";
  EXPECT_NE(text.find("  …还有 20 项，见 https://dc.example/#/report?as_of=2026-08-03\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  …还有 70 项，见 "), std::string::npos) << "overdue: 120 - 50";
  std::size_t lines = 0;
  for (std::size_t at = text.find("  · "); at != std::string::npos; at = text.find("  · ", at + 1))
    ++lines;
  EXPECT_EQ(lines, 50u + 50u + 50u) << "red, yellow, overdue: 50 each";
  const std::string without = plain.text(rule("weekly"), p, std::nullopt);
  EXPECT_NE(without.find("  …还有 20 项\n"), std::string::npos) << without;
  EXPECT_EQ(without.find("见 "), std::string::npos) << "no address, no link";
  EXPECT_EQ(without,
            digest_message(wf, rule("weekly"), p, supervisor, ps, std::nullopt, d("2026-08-03")))
      << "the list form writes the same";
  // Fifty or fewer: every project listed, nothing more said.
  ps.resize(50);
  const std::string fifty =
      digest_message(wf, rule("weekly"), p, supervisor, ps, std::nullopt, d("2026-08-03"));
  EXPECT_NE(fifty.find(" R049 "), std::string::npos);
  EXPECT_EQ(fifty.find("还有"), std::string::npos) << fifty;
}

class DigestRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    at("2026-07-31T10:00");
    const std::string wf = source_path("workflows/key-project.yaml");
    const std::string cal = source_path("workflows/calendars/cn.yaml");
    auto e = Engine::create(db_, {read_file(wf), wf}, {read_file(cal), cal}, clock_);
    ASSERT_TRUE(e.ok()) << e.status().message();
    engine_ = std::move(e).value();
    NewProject p;
    p.code = "Y1";
    p.attributes.name = "游埠项目";
    p.attributes.unit = "游埠镇";
    p.attributes.leader = "王建国";
    p.attributes.investment_wan = 8000;
    p.stage = "pre_review";
    p.on = d("2026-06-01");
    ASSERT_TRUE(engine_->execute(added(p, "t")).ok());
    for (Contact c : {Contact{"游埠镇招商办", Role::kUnit, "游埠镇", "stdout"},
                      Contact{"督查科", Role::kSupervisor, "", "stdout"},
                      Contact{"王建国", Role::kLeader, "", "stdout"}})
      ASSERT_TRUE(engine_->add_contact(c).ok());
  }

  void at(const char* when) { clock_.set(*parse_local(when)); }

  std::vector<Notification> digests() {
    auto r = testing::collect_tick(*engine_, &delivery_, false);
    EXPECT_TRUE(r.ok()) << r.status().message();
    std::vector<Notification> out;
    for (const auto& n : r->emitted)
      if (n.key.rfind("digest:", 0) == 0) out.push_back(n);
    return out;
  }

  TempDir dir_;
  std::string db_ = dir_.file("city.db");
  ManualClock clock_;
  std::unique_ptr<Engine> engine_;
  RecordingDelivery delivery_;
};

TEST_F(DigestRunTest, OncePerPeriodAndReaderAcrossTicksAndARestart) {
  at("2026-08-03T08:30");  // Monday, before 09:00: the weekly is not due; the monthly neither
  EXPECT_TRUE(digests().empty());
  at("2026-08-03T09:05");
  auto first = digests();
  ASSERT_EQ(first.size(), 6u) << "weekly and monthly, to each of three readers";
  for (const auto& n : first) {
    EXPECT_FALSE(n.catch_up);
    EXPECT_EQ(n.due, d("2026-08-03"));
    EXPECT_EQ(n.state, "sent");
  }
  EXPECT_TRUE(digests().empty()) << "a tick again sends nothing";
  engine_.reset();
  auto reopened = Engine::open(db_, clock_);
  ASSERT_TRUE(reopened.ok());
  engine_ = std::move(reopened).value();
  at("2026-08-05T09:05");
  EXPECT_TRUE(digests().empty()) << "nor a restart later in the week";
  at("2026-08-10T09:01");
  auto next = digests();
  ASSERT_EQ(next.size(), 3u) << "next Monday: the weekly only";
  EXPECT_EQ(next[0].key, "digest:weekly:2026-W33");
}

TEST_F(DigestRunTest, AfterAGapTheCurrentPeriodGoesOutOnceAsACatchUp) {
  at("2026-08-05T15:00");  // the server was down on Monday
  auto sent = digests();
  ASSERT_EQ(sent.size(), 6u);
  for (const auto& n : sent) EXPECT_TRUE(n.catch_up) << n.key;
  EXPECT_NE(sent[0].message.find("报告："), std::string::npos) << "where to read the report";
}

// Served with --public-url, a digest links to the dashboard's report on its
// day; without one it names the CLI command that writes it.
TEST_F(DigestRunTest, ADigestLinksToTheDashboardsReportWhenThePublicUrlIsKnown) {
  at("2026-08-03T09:05");
  engine_->link_to("https://luodi.example");
  auto sent = digests();
  ASSERT_FALSE(sent.empty());
  for (const auto& n : sent) {
    EXPECT_NE(n.message.find("报告：https://luodi.example/#/report?as_of=2026-08-03\n"),
              std::string::npos)
        << n.message;
    EXPECT_EQ(n.message.find("luodi report"), std::string::npos) << n.message;
  }
  engine_->link_to("");
  at("2026-08-10T09:05");
  auto next = digests();
  ASSERT_FALSE(next.empty());
  EXPECT_NE(next[0].message.find("报告：luodi report --as-of 2026-08-10 --format html"),
            std::string::npos)
      << next[0].message;
}

TEST_F(DigestRunTest, TheDigestAfterAHolidayTableIsLoadedSaysSo) {
  at("2026-08-05T15:00");
  const std::string table =
      "id: cn\nyears:\n  - year: 2027\n    holidays:\n"
      "      - {name: {zh: 元旦, en: New Year}, from: 2027-01-01, to: 2027-01-03}\n";
  auto loaded = engine_->load_calendar({table, "cn-2027.yaml"}, false);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  at("2026-08-10T09:05");  // the next Monday's weekly
  auto sent = digests();
  ASSERT_FALSE(sent.empty());
  for (const auto& n : sent)
    EXPECT_NE(n.message.find("2027 年节假日安排已载入：" + std::to_string(loaded->moved.size()) +
                             " 个期限调整"),
              std::string::npos)
        << n.key << "\n"
        << n.message;
  at("2026-08-17T09:05");
  for (const auto& n : digests())
    EXPECT_EQ(n.message.find("节假日安排已载入"), std::string::npos)
        << "said once, in the week after";
}

}  // namespace
}  // namespace luodi
