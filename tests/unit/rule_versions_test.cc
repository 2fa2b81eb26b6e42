// The city's rules over time: the versions dated changes make, the merge of
// a new year's table, the refusal of a change to the past, how the changes
// are kept, and the digest's word of a load.
#include "luodi/rule_versions.h"

#include <gtest/gtest.h>

#include "luodi/digest.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::default_calendar;
using testing::default_workflow;

Date d(const char* s) { return *Date::parse(s); }

constexpr const char* k2027 = R"(id: cn
years:
  - year: 2027
    holidays:
      - {name: {zh: 元旦, en: New Year}, from: 2027-01-01, to: 2027-01-03}
)";

RuleChange calendar_change(const char* on, std::string text = k2027) {
  RuleChange c;
  c.on = d(on);
  c.text = std::move(text);
  c.name = "cn-2027.yaml";
  c.years = {2027};
  c.moved = 3;
  return c;
}

TEST(RuleVersionsTest, TheRulesInForceOnADayAreThoseOfTheLastChangeOnOrBeforeIt) {
  auto rules =
      RuleVersions::build(default_workflow(), default_calendar(), {calendar_change("2026-11-26")});
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  EXPECT_TRUE(rules->dated());
  EXPECT_FALSE(rules->on(d("2026-11-25")).calendar.covers(2027)) << "the day before: as it was";
  EXPECT_TRUE(rules->on(d("2026-11-26")).calendar.covers(2027));
  EXPECT_TRUE(rules->on(d("2027-06-01")).calendar.covers(2027));
  EXPECT_TRUE(rules->on(d("2027-06-01")).calendar.covers(2026))
      << "a load adds years, keeps the others";
  EXPECT_FALSE(rules->on(d("2027-01-01")).calendar.is_workday(d("2027-01-01")));
  EXPECT_TRUE(rules->on(d("2026-11-25")).calendar.is_workday(d("2027-01-01")));
  EXPECT_EQ(&rules->on(d("1999-01-01")), &rules->on(d("2026-11-25")));
}

TEST(RuleVersionsTest, TwoChangesOnOneDayMakeOneVersionAndAnEarlierOneTakesItsPlace) {
  auto rules = RuleVersions::build(default_workflow(), default_calendar(), {});
  ASSERT_TRUE(rules.ok());
  EXPECT_FALSE(rules->dated());
  ASSERT_TRUE(rules->add(calendar_change("2026-11-26")).ok());
  ASSERT_TRUE(rules->add(calendar_change("2026-11-26")).ok());
  EXPECT_EQ(rules->changes().size(), 2u);
  EXPECT_EQ(rules->all().size(), 2u);
  EXPECT_EQ(rules->on(d("2026-11-26")).from, d("2026-11-26"));
  // A change dated before one made earlier (a revision for next month, then
  // a table today) takes its place by day; the later version inherits it.
  RuleChange revision;
  revision.kind = RuleChange::Kind::kWorkflow;
  revision.on = d("2027-01-01");
  revision.text = testing::read_file(testing::source_path("workflows/key-project.yaml"));
  revision.name = "key-project.yaml";
  auto later = RuleVersions::build(default_workflow(), default_calendar(), {revision});
  ASSERT_TRUE(later.ok()) << later.status().message();
  ASSERT_TRUE(later->add(calendar_change("2026-11-26")).ok());
  EXPECT_EQ(later->changes().front().on, d("2026-11-26"));
  EXPECT_TRUE(later->on(d("2027-02-01")).calendar.covers(2027))
      << "the revision's version has the table";
  EXPECT_FALSE(later->on(d("2026-11-25")).calendar.covers(2027));
  EXPECT_EQ(rules->add(calendar_change("2026-12-01", "id: cn\nyears: 7\n")).code(),
            ErrorCode::kBadInput);
  EXPECT_EQ(rules->changes().size(), 2u) << "a refused change is not kept";
}

TEST(RuleVersionsTest, ARevisedWorkflowGovernsFromItsDayAndCampaignsReadAgainstEach) {
  std::string revised = testing::read_file(testing::source_path("workflows/key-project.yaml"));
  const std::string pre = "  - id: pre_review\n";
  const auto at = revised.find(pre);
  ASSERT_NE(at, std::string::npos);
  revised.insert(
      at, "  - id: land_supply\n    label: {zh: 供地, en: Land supply}\n    limit: {days: 30}\n");
  RuleChange c;
  c.kind = RuleChange::Kind::kWorkflow;
  c.on = d("2026-12-01");
  c.text = revised;
  c.name = "revised.yaml";
  const std::string campaign =
      testing::read_file(testing::source_path("workflows/campaigns/hundred-day-2026.yaml"));
  auto rules = RuleVersions::build(default_workflow(), default_calendar(), {c},
                                   {{campaign, "hundred-day-2026.yaml"}});
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  const Workflow& before = rules->on(d("2026-11-30")).workflow;
  const Workflow& after = rules->on(d("2026-12-01")).workflow;
  EXPECT_FALSE(before.find_stage("land_supply"));
  EXPECT_EQ(after.find_stage("land_supply"), 1);
  EXPECT_EQ(after.find_stage("pre_review"), 2);
  EXPECT_EQ(stage_renumbering(before, after), (std::vector<int>{0, 2, 3, 4, 5, 6}));
  EXPECT_EQ(stage_renumbering(after, before), (std::vector<int>{0, -1, 1, 2, 3, 4, 5}));
  EXPECT_EQ(stage_layout(after),
            "signed,land_supply,pre_review,site_entry,construction,completion,production");
  // The campaign's stages, numbered by each version's workflow.
  ASSERT_EQ(rules->on(d("2026-11-30")).campaigns.size(), 1u);
  ASSERT_EQ(rules->on(d("2026-12-01")).campaigns.size(), 1u);
  const auto& old_targets = rules->on(d("2026-11-30")).campaigns[0].targets;
  const auto& new_targets = rules->on(d("2026-12-01")).campaigns[0].targets;
  ASSERT_FALSE(old_targets.empty());
  EXPECT_EQ(new_targets.begin()->second,
            stage_renumbering(before, after)[old_targets.begin()->second]);
}

TEST(RuleVersionsTest, AMergeReplacesTheYearsOfTheTableAndKeepsTheWeekend) {
  auto loaded = parse_calendar(k2027, "cn-2027.yaml");
  ASSERT_TRUE(loaded.ok());
  auto merged = merge_calendar(default_calendar(), *loaded, "cn-2027.yaml");
  ASSERT_TRUE(merged.ok());
  EXPECT_TRUE(merged->covers(2026) && merged->covers(2027));
  auto other = parse_calendar("id: x\nweekend: [sunday]\nyears: []\n", "x.yaml");
  ASSERT_TRUE(other.ok()) << other.status().message();
  auto refused = merge_calendar(default_calendar(), *other, "x.yaml");
  EXPECT_EQ(refused.status().code(), ErrorCode::kBadInput);
  EXPECT_NE(refused.status().message().find("x.yaml:1:1"), std::string::npos);
}

TEST(RuleVersionsTest, TheFirstDifferenceBeforeADayIsFound) {
  const WorkCalendar& base = default_calendar();
  WorkCalendar changed = base;
  changed.years[2026].holidays.back().to = d("2026-10-08");
  EXPECT_EQ(first_difference(base, changed, d("2026-11-26")), d("2026-10-08"));
  EXPECT_EQ(first_difference(base, changed, d("2026-10-08")), std::nullopt)
      << "the day itself is not before";
  WorkCalendar renamed = base;
  renamed.years[2026].holidays.back().name.zh = "国庆";
  EXPECT_EQ(first_difference(base, renamed, d("2026-12-01")), d("2026-10-01"));
  EXPECT_EQ(first_difference(base, base, d("2026-12-31")), std::nullopt);
}

TEST(RuleVersionsTest, ChangesAreKeptAndReadBackWhole) {
  std::vector<RuleChange> changes{calendar_change("2026-11-26"), calendar_change("2026-12-02")};
  changes[1].loaded_at = "2026-12-02T09:00:00+08:00";
  auto back = decode_rule_changes(encode_rule_changes(changes));
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[1].on, d("2026-12-02"));
  EXPECT_EQ((*back)[1].text, k2027);
  EXPECT_EQ((*back)[1].name, "cn-2027.yaml");
  EXPECT_EQ((*back)[1].loaded_at, "2026-12-02T09:00:00+08:00");
  EXPECT_EQ((*back)[1].years, std::vector<int>{2027});
  EXPECT_EQ((*back)[1].moved, 3);
  EXPECT_FALSE(decode_rule_changes("{").ok());
  EXPECT_FALSE(decode_rule_changes("[{\"kind\": \"moon\"}]").ok());
}

TEST(RuleVersionsTest, TheDigestAfterALoadSaysSo) {
  const DigestRule* weekly = nullptr;
  for (const auto& r : default_workflow().digests.schedule)
    if (r.id == "weekly") weekly = &r;
  ASSERT_NE(weekly, nullptr);
  const auto& cal = default_calendar();
  const std::vector<RuleChange> changes{calendar_change("2026-11-26")};
  // Loaded on Thursday 26 November: the digest of the next week says so, the one after does not.
  auto next = digest_period(*weekly, cal, d("2026-11-30"));
  ASSERT_TRUE(next);
  EXPECT_EQ(rule_change_notices(changes, *weekly, *next, cal, d("2026-11-30")),
            "2027 年节假日安排已载入：3 个期限调整\n");
  auto later = digest_period(*weekly, cal, d("2026-12-07"));
  ASSERT_TRUE(later);
  EXPECT_EQ(rule_change_notices(changes, *weekly, *later, cal, d("2026-12-07")), "");
}

}  // namespace
}  // namespace luodi
