// The columns of the project spreadsheet, as import reads them and export
// writes them: English ids and the Chinese headers offices use.
#pragma once

#include <array>
#include <string_view>

namespace luodi {

enum class ColumnId {
  kCode, kName, kUnit, kLeader, kIndustry, kOrigin, kInvestment, kFixedAsset, kForeign,
  kLandNeed, kLandSecured, kStage, kStageSince, kKey, kPlan,
};

struct ColumnName {
  ColumnId column;
  std::string_view en;
  std::string_view zh;
  bool required;
};

inline constexpr std::array<ColumnName, 15> kColumns{{
    {ColumnId::kCode, "code", "项目编号", true},
    {ColumnId::kName, "name", "项目名称", true},
    {ColumnId::kUnit, "unit", "责任单位", true},
    {ColumnId::kLeader, "leader", "联系领导", false},
    {ColumnId::kIndustry, "industry", "产业", false},
    {ColumnId::kOrigin, "origin", "来源", false},
    {ColumnId::kInvestment, "investment_wan", "总投资（万元）", false},
    {ColumnId::kFixedAsset, "fixed_asset_wan", "已完成固定资产投资（万元）", false},
    {ColumnId::kForeign, "foreign_usd_wan", "外资（万美元）", false},
    {ColumnId::kLandNeed, "land_need_mu", "用地面积（亩）", false},
    {ColumnId::kLandSecured, "land_secured_mu", "已落实用地指标（亩）", false},
    {ColumnId::kStage, "stage", "阶段", false},
    {ColumnId::kStageSince, "stage_since", "阶段日期", false},
    {ColumnId::kKey, "key", "重点", false},
    {ColumnId::kPlan, "plan_wan", "年度计划投资（万元）", false},
}};

// The attribute (attribute_fields()) a column holds, if any.
const char* attribute_of(ColumnId c);

}  // namespace luodi
