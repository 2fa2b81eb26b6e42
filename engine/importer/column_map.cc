#include "importer/column_map.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "common/yaml_reader.h"
#include "importer/columns.h"
#include "importer/field_values.h"
#include "importer/problems.h"

namespace luodi {

Result<ColumnMap> read_column_map(const std::string& path, const Workflow& wf) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::BadInput("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  yaml::Reader reader(path);
  auto root = reader.parse(text.str());
  if (!root) return reader.status();
  std::vector<std::string> fields;
  for (const auto& c : sheet_columns()) fields.emplace_back(c.en);
  for (const auto& stage : wf.stages)
    for (const auto& e : stage.evidence) fields.push_back(e.id);
  std::string field_list;
  for (const auto& f : fields) field_list += (field_list.empty() ? "" : ", ") + f;
  Problems problems;
  auto at = [&](const YAML::Node& n) {
    const std::string p = reader.position(n.Mark());
    return Where{p, p};
  };
  if (!root->IsMap()) {
    problems.add(at(*root), Message("import_map_not_mapping"));
    return problems.status();
  }
  ColumnMap out;
  std::set<std::string> seen;
  for (const auto& kv : *root) {
    if (!kv.first.IsScalar() || field::trim(kv.first.Scalar()).empty() || !kv.second.IsScalar() ||
        field::trim(kv.second.Scalar()).empty()) {
      problems.add(at(kv.first), Message("import_map_bad_entry"));
      continue;
    }
    const std::string header = field::trim(kv.first.Scalar());
    const std::string id = field::trim(kv.second.Scalar());
    if (std::find(fields.begin(), fields.end(), id) == fields.end()) {
      problems.add(at(kv.second), Message("import_map_unknown_field",
                                          {arg("field", id), arg("fields", field_list)}));
      continue;
    }
    if (!seen.insert(header).second) {
      problems.add(at(kv.first), Message("import_map_duplicate", {arg("header", header)}));
      continue;
    }
    out.push_back({header, id});
  }
  if (!problems.empty()) return problems.status();
  return out;
}

}  // namespace luodi
