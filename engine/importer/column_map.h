// A city's own header words for luodi's columns (import --columns MAP.yaml):
//   项目代码: code
//   建设单位: unit
//   用地情况（亩）/需求: land_need_mu      # a header on two rows: parent/child
#pragma once

#include <string>
#include <vector>

#include "luodi/status.h"
#include "luodi/workflow.h"

namespace luodi {

struct ColumnWord {
  std::string header;  // as the city writes it
  std::string field;   // a column id (ColumnName::en) or an evidence id of the workflow
};
using ColumnMap = std::vector<ColumnWord>;

// The map in the YAML file at `path`: a mapping of header words to column
// ids. BadInput "PATH:LINE:COL: …" for a file that is not one (a syntax
// error, a header or field that is not text, a field luodi does not import,
// a header twice), every problem listed; "cannot read PATH" when it cannot
// be read.
Result<ColumnMap> read_column_map(const std::string& path, const Workflow& wf);

}  // namespace luodi
