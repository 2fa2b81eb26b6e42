#include "exporter/project_export.h"

#include <map>
#include <set>

#include "importer/columns.h"

namespace luodi {

namespace {

std::string industry_text(const std::string& id, Lang lang) {
  if (lang == Lang::kEn) return id;
  if (id == "primary") return "一产";
  if (id == "secondary") return "二产";
  if (id == "tertiary") return "三产";
  return id;
}

Cell amount(const std::optional<double>& v) { return v ? Cell(*v) : Cell{}; }

// The evidence last given for each key, from the project's history.
Result<std::map<std::string, std::string>> evidence_of(Engine& engine, const std::string& code,
                                                       Date as_of) {
  LUODI_ASSIGN_OR_RETURN(auto events, engine.history(code));
  std::map<std::string, std::string> out;
  for (const auto& e : events)
    if (e.on <= as_of)
      for (const auto& [k, v] : e.evidence) out[k] = v;
  return out;
}

}  // namespace

Result<Report> export_projects(Engine& engine, const ExportOptions& o) {
  const Date as_of = o.as_of.value_or(engine.today());
  const Workflow& wf = engine.workflow_on(as_of);
  Report r;
  r.as_of = as_of;
  r.lang = o.lang;
  r.title = o.lang == Lang::kZh
                ? std::to_string(as_of.year()) + "年重点项目推进情况表（截至 " + as_of.str() + "）"
                : "Key projects as of " + as_of.str();
  std::vector<Column> columns;
  for (const auto& c : sheet_columns())
    columns.push_back({std::string(c.en), std::string(o.lang == Lang::kZh ? c.zh : c.en)});
  std::vector<const EvidenceDef*> evidence;
  for (const auto& stage : wf.stages)
    for (const auto& e : stage.evidence) {
      evidence.push_back(&e);
      columns.push_back({e.id, o.lang == Lang::kZh ? e.label.zh : e.id});
    }
  // A project's row.
  auto row_of = [&wf, &engine, o, as_of,
                 evidence](const ProjectState& p) -> Result<std::vector<Cell>> {
    const auto& a = p.attributes;
    const StageDef& stage = wf.stages[p.stage];
    std::vector<Cell> row;
    for (const ColumnName& c : sheet_columns()) {
      if (const AttributeField* f = c.attribute) {
        if (f->amount) {
          row.push_back(amount(a.*f->amount));
        } else {
          row.push_back(f->name == "industry" ? industry_text(a.industry, o.lang) : a.*f->text);
        }
      } else if (c.en == "code") {
        row.push_back(p.code);
      } else if (c.en == "stage") {
        row.push_back(o.lang == Lang::kZh ? stage.label.zh : stage.id);
      } else if (c.en == "stage_since") {
        row.push_back(p.stage_since.str());
      } else {  // key
        row.push_back(std::string(p.key ? (o.lang == Lang::kZh ? "是" : "yes")
                                        : (o.lang == Lang::kZh ? "否" : "no")));
      }
    }
    LUODI_ASSIGN_OR_RETURN(auto given, evidence_of(engine, p.code, as_of));
    for (const auto* e : evidence) {
      auto it = given.find(e->id);
      row.push_back(it == given.end() ? Cell{} : Cell(it->second));
    }
    return row;
  };
  // A sheet of the projects `q` lists, their rows worked out as it is written.
  auto sheet = [&](std::string title, ListQuery q) {
    Table t;
    t.id = "projects";
    t.title = std::move(title);
    t.columns = columns;
    t.stream = [&engine, q, as_of = o.as_of, row_of](const RowVisitor& visit) -> Status {
      return engine
          .each_tracked(q, as_of, {},
                        [&](TrackedProject&& t) -> Status {
                          LUODI_ASSIGN_OR_RETURN(auto row, row_of(t.project));
                          return visit(t.project.code, row);
                        })
          .status();
    };
    return t;
  };
  ListQuery q;
  q.unit = o.unit;
  if (!o.by_unit) {
    r.sections.push_back(sheet(o.lang == Lang::kZh ? "重点项目" : "Projects", q));
    return r;
  }
  // A sheet per unit: the units first (a pass that keeps only their names).
  std::set<std::string> units;
  LUODI_RETURN_IF_ERROR(engine
                            .each_tracked(q, o.as_of, {},
                                          [&](TrackedProject&& t) {
                                            units.insert(t.project.attributes.unit);
                                            return Status::Ok();
                                          })
                            .status());
  for (const auto& unit : units) {
    ListQuery one = q;
    one.unit = unit;
    r.sections.push_back(sheet(unit, one));
  }
  if (units.empty()) r.sections.push_back(sheet(o.lang == Lang::kZh ? "重点项目" : "Projects", q));
  return r;
}

}  // namespace luodi
