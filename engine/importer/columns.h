// The columns of the project spreadsheet, as import reads them and export
// writes them: English ids and the Chinese headers offices use. The
// attributes' columns come from their declaration (attribute_fields()).
#pragma once

#include <string_view>
#include <vector>

#include "luodi/project.h"

namespace luodi {

struct ColumnName {
  std::string_view en;
  std::string_view zh;
  bool required;
  const AttributeField* attribute;  // the attribute it holds, if any
  // The forms of a header on two rows that name it: the merged parent and
  // its child, joined by '/' ("用地情况（亩）/需求"). Import only.
  std::vector<std::string_view> joined;
};

// The code, the attributes of the first spreadsheet, the stage, its date,
// the key list, then the attributes added since (plan_wan …).
const std::vector<ColumnName>& sheet_columns();

}  // namespace luodi
