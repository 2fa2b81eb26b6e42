// The city's rules over time: the versions dated changes make, the merge of
// a new year's table, the refusal of a change to the past, how the changes
// are kept, and the digest's word of a load.
#include "luodi/rule_versions.h"

#include <gtest/gtest.h>

#include <filesystem>

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

// The kept form (rules.kept) answers exactly the rules the YAML parses to:
// every version's workflow, calendar and campaigns compare equal field by
// field (defaulted operator==), and a text of another key, format or shape
// is not used.
std::vector<std::string> yaml_under(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(testing::source_path(dir)))
    if (e.path().extension() == ".yaml") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

void expect_same_rules(const RuleVersions& a, const RuleVersions& b) {
  ASSERT_EQ(a.all().size(), b.all().size());
  for (size_t i = 0; i < a.all().size(); ++i) {
    const RuleVersion &x = *a.all()[i], &y = *b.all()[i];
    EXPECT_EQ(x.from, y.from) << "version " << i;
    EXPECT_TRUE(x.workflow == y.workflow) << "version " << i;
    EXPECT_TRUE(x.calendar == y.calendar) << "version " << i;
    EXPECT_TRUE(x.campaigns == y.campaigns) << "version " << i;
  }
  EXPECT_EQ(a.changes().size(), b.changes().size());
}

RuleVersions kept_and_back(const RuleVersions& rules, const std::string& key) {
  auto back = RuleVersions::decode(rules.encode(key), key, rules.changes(), {});
  EXPECT_TRUE(back.has_value());
  return back ? std::move(*back) : RuleVersions();
}

TEST(RuleVersionsTest, TheKeptFormDecodesToWhatEveryYamlParsesTo) {
  std::vector<std::string> workflows = yaml_under("workflows");
  for (const auto& f : yaml_under("tests/fuzz/seeds/workflow")) workflows.push_back(f);
  std::vector<std::string> calendars = yaml_under("workflows/calendars");
  for (const auto& f : yaml_under("tests/fuzz/seeds/calendar")) calendars.push_back(f);
  std::vector<CampaignText> campaigns;
  for (const auto& f : yaml_under("workflows/campaigns"))
    campaigns.push_back({testing::read_file(f), f});
  ASSERT_GE(workflows.size(), 2u);
  ASSERT_GE(calendars.size(), 2u);
  ASSERT_GE(campaigns.size(), 1u);
  std::vector<std::pair<std::string, std::string>> workflow_texts;
  for (const auto& f : workflows) workflow_texts.emplace_back(testing::read_file(f), f);
  workflow_texts.emplace_back(testing::kLandSupplyWorkflowYaml, "land-supply (test support)");
  int with_campaigns = 0;
  for (const auto& [text, name] : workflow_texts) {
    SCOPED_TRACE(name);
    auto wf = parse_workflow(text, name);
    ASSERT_TRUE(wf.ok()) << wf.status().message();
    // Each calendar as the city's own and as a dated change, the other
    // workflows as revisions, the campaigns read against each version.
    for (const auto& cal_file : calendars) {
      SCOPED_TRACE(cal_file);
      auto cal = parse_calendar(testing::read_file(cal_file), cal_file);
      ASSERT_TRUE(cal.ok()) << cal.status().message();
      std::vector<RuleChange> changes;
      Date on = d("2026-11-26");
      for (const auto& other : calendars) {
        RuleChange c = calendar_change("2026-11-26");
        c.on = on = on + 3;
        c.text = testing::read_file(other);
        c.name = other;
        changes.push_back(c);
      }
      for (const auto& [other, other_name] : workflow_texts) {
        RuleChange c;
        c.kind = RuleChange::Kind::kWorkflow;
        c.on = on = on + 5;
        c.text = other;
        c.name = other_name;
        changes.push_back(c);
      }
      RuleChange back_again;  // and back to its own, so that campaigns read against the latest
      back_again.kind = RuleChange::Kind::kWorkflow;
      back_again.on = on + 5;
      back_again.text = text;
      back_again.name = name;
      changes.push_back(back_again);
      std::vector<CampaignText> used = campaigns;
      auto rules = RuleVersions::build(*wf, *cal, changes, used);
      if (!rules.ok()) {
        // The campaign may not read against this workflow: without campaigns then.
        used.clear();
        rules = RuleVersions::build(*wf, *cal, changes);
      }
      ASSERT_TRUE(rules.ok()) << rules.status().message();
      ASSERT_GT(rules->all().size(), 2u);
      with_campaigns += !rules->latest().campaigns.empty();
      const std::string key = "k";
      auto back = RuleVersions::decode(rules->encode(key), key, rules->changes(), used);
      ASSERT_TRUE(back.has_value());
      expect_same_rules(*rules, *back);
      EXPECT_EQ(back->encode(key), rules->encode(key));
      // The decoded rules take a further change as the parsed ones do.
      RuleChange more = calendar_change("2027-03-01");
      auto next_parsed = rules->with(more);
      auto next_kept = back->with(more);
      ASSERT_EQ(next_parsed.ok(), next_kept.ok());
      if (next_parsed.ok()) expect_same_rules(*next_parsed, *next_kept);
    }
  }
  EXPECT_GT(with_campaigns, 0) << "some versions hold campaigns";
}

TEST(RuleVersionsTest, EveryFieldOfTheRulesSurvivesTheKeptForm) {
  // Each field away from its default, so that one the codec leaves out fails.
  Workflow wf = default_workflow();
  wf.id = "w";
  wf.version = 7;
  wf.label = {"甲", "A"};
  wf.stages[0].limit = Duration{12, Duration::Unit::kWorkdays};
  wf.stages[1].limit = Duration{30, Duration::Unit::kDays};
  wf.stages[1].evidence = {{"permit", {"许可", "Permit"}}, {"plan", {"规划", "Plan"}}};
  wf.extra_transitions = {{0, 2}, {3, 1}};
  wf.cancelled_label = {"撤", "Gone"};
  wf.dropped_label = {"弃", "Dropped"};
  wf.blocker_categories = {{"land", {"地", "Land"}, {true, false, true}},
                           {"money", {"钱", "Money"}, {false, true, false}}};
  wf.start_stage = 2;
  wf.lights.yellow_days_left = 3;
  wf.lights.yellow_blocked_days = 4;
  wf.lights.red_days_overdue = 5;
  wf.lights.red_blocked_days = 6;
  wf.lights.red_yellow_days = 7;
  wf.lights.investment = {
      {LightColor::kRed, InvestmentLightRule::Measure::kShareOfSchedule, 0.1 + 0.2},
      {LightColor::kYellow, InvestmentLightRule::Measure::kBehindPoints, 10}};
  wf.reminders.before_due = {9, 4, 1};
  wf.reminders.on_due = true;
  wf.reminders.overdue_every = 2;
  wf.reminders.supervisor_after = 8;
  wf.reminders.leader_after = 15;
  wf.reminders.stale_workdays = 11;
  wf.digests.schedule = {{"m", {"月", "Monthly"}, DigestRule::Every::kMonth, 3, 17 * 60 + 5}};
  wf.digests.report_link = "https://example.org/#/report";
  WorkCalendar cal = default_calendar();
  cal.id = "c";
  cal.weekend = {5, 7};
  cal.years[2031].year = 2031;
  cal.years[2031].holidays = {{{"节", "Feast"}, d("2031-05-01"), d("2031-05-03")}};
  cal.years[2031].makeup_workdays = {d("2031-04-26")};
  auto rules = RuleVersions::build(wf, cal, {});
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  RuleVersions back = kept_and_back(*rules, "k");
  ASSERT_EQ(back.all().size(), 1u);
  EXPECT_TRUE(back.latest().workflow == wf);
  EXPECT_TRUE(back.latest().calendar == cal);
  // A campaign's every field, through a version that holds it.
  const std::string text =
      testing::read_file(testing::source_path("workflows/campaigns/hundred-day-2026.yaml"));
  auto with_campaign = RuleVersions::build(default_workflow(), default_calendar(), {},
                                           {{text, "hundred-day-2026.yaml"}});
  ASSERT_TRUE(with_campaign.ok()) << with_campaign.status().message();
  Campaign c = with_campaign->latest().campaigns.at(0);
  c.id = "x";
  c.label = {"百日", "Hundred"};
  c.start = d("2026-03-02");
  c.days = 77;
  c.key_only = !c.key_only;
  c.units = {"甲街道", "乙镇"};
  c.targets = {{0, 2}, {1, 3}};
  c.durations = {{2, Duration{40, Duration::Unit::kWorkdays}}, {3, Duration{9, {}}}};
  const_cast<RuleVersion&>(with_campaign->latest()).campaigns = {c};
  RuleVersions campaign_back = kept_and_back(*with_campaign, "k");
  ASSERT_EQ(campaign_back.latest().campaigns.size(), 1u);
  EXPECT_TRUE(campaign_back.latest().campaigns[0] == c);
}

TEST(RuleVersionsTest, AKeptFormOfAnotherKeyFormatOrShapeIsNotUsed) {
  auto rules = RuleVersions::build(default_workflow(), default_calendar(), {});
  ASSERT_TRUE(rules.ok());
  const std::string kept = rules->encode("revision 0");
  EXPECT_TRUE(RuleVersions::decode(kept, "revision 0", {}, {}).has_value());
  EXPECT_FALSE(RuleVersions::decode(kept, "revision 1", {}, {}).has_value());
  std::string other_format = kept;
  other_format.replace(other_format.find('['), 2, "[" + std::to_string(kRulesCodecFormat + 1));
  EXPECT_FALSE(RuleVersions::decode(other_format, "revision 0", {}, {}).has_value());
  EXPECT_FALSE(RuleVersions::decode("{", "revision 0", {}, {}).has_value());
  EXPECT_FALSE(RuleVersions::decode("[1]", "revision 0", {}, {}).has_value());
  EXPECT_FALSE(
      RuleVersions::decode(kept.substr(0, kept.size() / 2), "revision 0", {}, {}).has_value());
  // A field of the wrong kind (a stage's id a number) is refused, not guessed.
  std::string wrong = kept;
  const auto at = wrong.find("\"signed\"");
  ASSERT_NE(at, std::string::npos);
  wrong.replace(at, 8, "17");
  EXPECT_FALSE(RuleVersions::decode(wrong, "revision 0", {}, {}).has_value());
  // The key names every text the rules come from.
  const std::string a = kept_rules_key("1", {"wf", "cal"}, {{"c", "c.yaml"}}, {"c"});
  EXPECT_EQ(a, kept_rules_key("1", {"wf", "cal"}, {{"c", "c.yaml"}}, {"c"}));
  EXPECT_NE(a, kept_rules_key("2", {"wf", "cal"}, {{"c", "c.yaml"}}, {"c"}));
  EXPECT_NE(a, kept_rules_key("1", {"wf ", "cal"}, {{"c", "c.yaml"}}, {"c"}));
  EXPECT_NE(a, kept_rules_key("1", {"wf", "cal"}, {{"c2", "c.yaml"}}, {"c"}));
  EXPECT_NE(a, kept_rules_key("1", {"wf", "cal"}, {{"c", "c.yaml"}}, {"d"}));
  EXPECT_NE(a, kept_rules_key("1", {"wfc", "al"}, {{"c", "c.yaml"}}, {"c"}));
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
