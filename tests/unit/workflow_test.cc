#include "luodi/workflow.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace luodi {
namespace {

using testing::default_workflow;

TEST(WorkflowTest, DefaultWorkflowMatchesTheReport) {
  const auto& wf = default_workflow();
  EXPECT_EQ(wf.id, "key-project");
  std::vector<std::string> ids;
  for (const auto& s : wf.stages) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"signed", "pre_review", "site_entry", "construction",
                                           "completion", "production"}));
  EXPECT_EQ(wf.stages[1].label.zh, "预审");
  EXPECT_EQ(wf.stages[3].label.en, "Construction start");
  // Exactly one evidence rule: construction needs the permit.
  int rules = 0;
  for (const auto& s : wf.stages) rules += static_cast<int>(s.evidence.size());
  EXPECT_EQ(rules, 1);
  ASSERT_EQ(wf.stages[3].evidence.size(), 1u);
  EXPECT_EQ(wf.stages[3].evidence[0].id, "permit");
  ASSERT_TRUE(wf.stages[1].limit);
  EXPECT_EQ(wf.stages[1].limit->unit, Duration::Unit::kWorkdays);
  EXPECT_FALSE(wf.stages.back().limit);
  for (const char* c : {"planning", "policy", "funding", "land", "environment", "other"})
    EXPECT_NE(wf.find_category(c), nullptr) << c;
  EXPECT_EQ(wf.stages[wf.start_stage].id, "site_entry");
  EXPECT_EQ(wf.find_stage("开工"), 3);
  EXPECT_EQ(wf.find_stage("Site entry"), 2);
}

TEST(WorkflowTest, AStageAddedInYamlNeedsNoCode) {
  auto wf = parse_workflow(testing::kLandSupplyWorkflowYaml, "w.yaml");
  ASSERT_TRUE(wf.ok()) << wf.status().message();
  EXPECT_EQ(wf->find_stage("供地"), 1);
  EXPECT_TRUE(wf->allows(0, 1));
  EXPECT_FALSE(wf->allows(0, 2));
}

const char* kValidTail = R"(side_states:
  cancelled: {label: {zh: 取消, en: Cancelled}}
  dropped: {label: {zh: 剔除, en: Dropped}}
blocker_categories:
  - {id: land, label: {zh: 用地, en: Land}}
)";

struct BadWorkflow {
  std::string stages_and_more;  // the part after the header
  std::string error;
};

void PrintTo(const BadWorkflow& w, std::ostream* os) { *os << w.error; }

class WorkflowErrorTest : public ::testing::TestWithParam<BadWorkflow> {};

TEST_P(WorkflowErrorTest, ReportsEachProblemWithItsPosition) {
  const std::string yaml =
      "id: w\nversion: 1\nlabel: {zh: 工, en: W}\n" + GetParam().stages_and_more + kValidTail;
  auto r = parse_workflow(yaml, "w.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kBadInput);
  EXPECT_NE(r.status().message().find(GetParam().error), std::string::npos) << r.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, WorkflowErrorTest,
    ::testing::Values(
        BadWorkflow{"stages:\n  - {id: a, label: {zh: 甲, en: A}, colour: red}\n  - {id: b, label: "
                    "{zh: 乙, en: B}}\n",
                    "w.yaml:5:36: unknown key 'colour' in stage"},
        BadWorkflow{"stages:\n  - {id: a, label: {zh: 甲, en: A}}\n  - {id: a, label: {zh: 乙, en: "
                    "B}}\n",
                    "w.yaml:6:10: duplicate stage id 'a'"},
        BadWorkflow{"stages:\n  - {id: a, label: {zh: 甲, en: A}}\n  - {id: b, label: {zh: 乙, en: "
                    "B}}\ntransitions:\n  - {from: a, to: zz}\n",
                    "w.yaml:8:19: transition to unknown stage 'zz'"},
        BadWorkflow{"stages:\n  - {id: a, label: {zh: 甲, en: A}, limit: {days: -3}}\n  - {id: b, "
                    "label: {zh: 乙, en: B}}\n",
                    "w.yaml:5:50: stage 'a'.limit must be between 1 and 3650"},
        BadWorkflow{"stages:\n  - {id: a, label: {zh: 甲, en: A}, limit: {weeks: 2}}\n  - {id: b, "
                    "label: {zh: 乙, en: B}}\n",
                    "unknown key 'weeks'"},
        BadWorkflow{
            "stages:\n  - {id: a, label: {zh: 甲, en: A}, limit: {days: soon}}\n  - {id: b, "
            "label: {zh: 乙, en: B}}\n",
            "w.yaml:5:50: stage 'a'.limit.days must be a whole number"},
        BadWorkflow{"stages:\n  - {id: a, label: {zh: 甲}}\n  - {id: b, label: {zh: 乙, en: B}}\n",
                    "w.yaml:5:20: stage 'a'.label is missing 'en'"},
        BadWorkflow{"stages:\n  - {id: a}\n  - {id: b, label: {zh: 乙, en: B}}\n",
                    "w.yaml:5:5: stage 'a' is missing 'label'"},
        BadWorkflow{"stages:\n  - {id: a, label: {zh: 甲, en: A}}\n  - {id: b, label: {zh: 乙, en: "
                    "B}}\ntransitions:\n  - {from: b, to: a}\n",
                    "goes backwards"}));

TEST(WorkflowTest, CollectsEveryProblemNotJustTheFirst) {
  const std::string yaml =
      "id: w\nversion: 1\nlabel: {zh: 工, en: W}\nstages:\n"
      "  - {id: a, label: {zh: 甲, en: A}, bogus: 1}\n"
      "  - {id: a, label: {zh: 乙, en: B}}\n" +
      std::string(kValidTail);
  auto r = parse_workflow(yaml, "w.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("w.yaml:5:36: unknown key 'bogus'"), std::string::npos);
  EXPECT_NE(r.status().message().find("w.yaml:6:10: duplicate stage id 'a'"), std::string::npos);
}

// Investment rules under lights: points behind the pro-rata schedule or a
// share of its figure, each under the colour it gives.
TEST(WorkflowTest, LightsMayWeighInvestmentAgainstTheSchedule) {
  const std::string head =
      "id: w\nversion: 1\nlabel: {zh: 工, en: W}\nstages:\n  - {id: a, label: {zh: 甲, en: A}}\n"
      "  - {id: b, label: {zh: 乙, en: B}}\ntransitions:\n  - {from: a, to: b}\n" +
      std::string(kValidTail);
  auto wf = parse_workflow(
      head +
          "lights:\n  yellow: {investment_behind_points: 10, investment_share_of_schedule: 0.8}\n"
          "  red: {investment_behind_points: 30}\n",
      "w.yaml");
  ASSERT_TRUE(wf.ok()) << wf.status().message();
  using Measure = InvestmentLightRule::Measure;
  ASSERT_EQ(wf->lights.investment.size(), 3u);
  EXPECT_EQ(wf->lights.investment[0].light, LightColor::kYellow);
  EXPECT_EQ(wf->lights.investment[0].measure, Measure::kBehindPoints);
  EXPECT_EQ(wf->lights.investment[0].threshold, 10);
  EXPECT_EQ(wf->lights.investment[1].measure, Measure::kShareOfSchedule);
  EXPECT_EQ(wf->lights.investment[1].threshold, 0.8);
  EXPECT_EQ(wf->lights.investment[2].light, LightColor::kRed);
  const auto& shipped =
      default_workflow().lights.investment;  // Yinchuan's: 10 and 30 points behind
  ASSERT_EQ(shipped.size(), 2u);
  EXPECT_EQ(shipped[0].light, LightColor::kYellow);
  EXPECT_EQ(shipped[0].threshold, 10);
  EXPECT_EQ(shipped[1].light, LightColor::kRed);
  EXPECT_EQ(shipped[1].threshold, 30);

  auto bad =
      parse_workflow(head + "lights:\n  red: {investment_share_of_schedule: 60}\n", "w.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(
      bad.status().message().find("lights.red.investment_share_of_schedule must be at most 1"),
      std::string::npos)
      << bad.status().message();
  EXPECT_EQ(bad.status().message().rfind("w.yaml:", 0), 0u) << "with its position";
}

TEST(WorkflowTest, SyntaxErrorHasAPosition) {
  auto r = parse_workflow("id: w\nstages: [\n", "w.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind("w.yaml:", 0), 0u) << r.status().message();
}

}  // namespace
}  // namespace luodi
