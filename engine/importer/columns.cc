#include "importer/columns.h"

#include <map>

namespace luodi {

namespace {

// Headers on two rows as units draw them: a merged parent over its children.
const std::map<std::string_view, std::vector<std::string_view>>& joined_forms() {
  static const std::map<std::string_view, std::vector<std::string_view>> forms = {
      {"investment_wan", {"投资情况（万元）/总投资", "投资（万元）/总投资"}},
      {"fixed_asset_wan",
       {"投资情况（万元）/已完成", "投资情况（万元）/已完成固定资产投资",
        "投资情况（万元）/累计完成", "投资（万元）/已完成"}},
      {"foreign_usd_wan", {"投资情况（万元）/外资（万美元）", "投资情况/外资（万美元）"}},
      {"land_need_mu",
       {"用地情况（亩）/需求", "用地情况（亩）/用地需求", "用地情况（亩）/需求面积",
        "用地（亩）/需求", "用地情况/需求（亩）"}},
      {"land_secured_mu",
       {"用地情况（亩）/已落实", "用地情况（亩）/已落实指标", "用地（亩）/已落实",
        "用地情况/已落实（亩）"}},
      {"plan_wan",
       {"投资情况（万元）/年度计划", "投资情况（万元）/年度计划投资", "投资（万元）/年度计划"}},
      {"stage", {"推进情况/阶段", "进展情况/阶段"}},
      {"stage_since", {"推进情况/阶段日期", "进展情况/阶段日期"}},
  };
  return forms;
}

std::vector<std::string_view> joined_of(std::string_view en) {
  auto it = joined_forms().find(en);
  return it == joined_forms().end() ? std::vector<std::string_view>{} : it->second;
}

}  // namespace

const std::vector<ColumnName>& sheet_columns() {
  static const std::vector<ColumnName> columns = [] {
    std::vector<ColumnName> out = {{"code", "项目编号", true, nullptr, joined_of("code")}};
    for (const AttributeField& f : attribute_fields()) {
      out.push_back({f.name, f.header_zh, f.required, &f, joined_of(f.name)});
      // The first spreadsheet's attributes end here; its stage columns follow.
      if (f.name == "land_secured_mu") {
        out.push_back({"stage", "阶段", false, nullptr, joined_of("stage")});
        out.push_back({"stage_since", "阶段日期", false, nullptr, joined_of("stage_since")});
        out.push_back({"key", "重点", false, nullptr, joined_of("key")});
      }
    }
    return out;
  }();
  return columns;
}

}  // namespace luodi
