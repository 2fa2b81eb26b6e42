#include "luodi/campaign.h"

#include <gtest/gtest.h>

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
