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

// The evidence last given for each key, from the project's history up to
// the day (the events each_state hands out).
std::map<std::string, std::string> evidence_of(const std::vector<Event>& events) {
  std::map<std::string, std::string> out;
  for (const auto& e : events)
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
  auto row_of = [&wf, o, evidence](const ProjectState& p,
                                   const std::vector<Event>& events) -> std::vector<Cell> {
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
    const auto given = evidence_of(events);
    for (const auto* e : evidence) {
      auto it = given.find(e->id);
      row.push_back(it == given.end() ? Cell{} : Cell(it->second));
    }
    return row;
  };
  // A sheet of the projects of `unit` (all when none), their rows worked
  // out as it is written: one pass over the events gives each project's
  // state and evidence (no standing: the sheet has no due date or light).
  auto sheet = [&](std::string title, std::optional<std::string> unit) {
    Table t;
    t.id = "projects";
    t.title = std::move(title);
    t.columns = columns;
    t.stream = [&engine, unit, as_of = o.as_of, row_of](const RowVisitor& visit) -> Status {
      return engine.each_state(as_of, [&](const ProjectState& p, const std::vector<Event>& events) {
        if (unit && p.attributes.unit != *unit) return Status::Ok();
        return visit(p.code, row_of(p, events));
      });
    };
    return t;
  };
  if (!o.by_unit) {
    r.sections.push_back(sheet(o.lang == Lang::kZh ? "重点项目" : "Projects", o.unit));
    return r;
  }
  // A sheet per unit: the units first (a pass that keeps only their names).
  std::set<std::string> units;
  LUODI_RETURN_IF_ERROR(engine.each_state(o.as_of, [&](const ProjectState& p, const auto&) {
    if (!o.unit || p.attributes.unit == *o.unit) units.insert(p.attributes.unit);
    return Status::Ok();
  }));
  for (const auto& unit : units) r.sections.push_back(sheet(unit, unit));
  if (units.empty())
    r.sections.push_back(sheet(o.lang == Lang::kZh ? "重点项目" : "Projects", o.unit));
  return r;
}

}  // namespace luodi
