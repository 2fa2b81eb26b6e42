#include "importer/columns.h"

namespace luodi {

const std::vector<ColumnName>& sheet_columns() {
  static const std::vector<ColumnName> columns = [] {
    std::vector<ColumnName> out = {{"code", "项目编号", true, nullptr}};
    for (const AttributeField& f : attribute_fields()) {
      out.push_back({f.name, f.header_zh, f.required, &f});
      // The first spreadsheet's attributes end here; its stage columns follow.
      if (f.name == "land_secured_mu") {
        out.push_back({"stage", "阶段", false, nullptr});
        out.push_back({"stage_since", "阶段日期", false, nullptr});
        out.push_back({"key", "重点", false, nullptr});
      }
    }
    return out;
  }();
  return columns;
}

}  // namespace luodi
