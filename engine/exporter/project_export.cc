#include "exporter/project_export.h"

#include <map>

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
Result<std::map<std::string, std::string>> evidence_of(Engine& engine, const std::string& code, Date as_of) {
  LUODI_ASSIGN_OR_RETURN(auto events, engine.history(code));
  std::map<std::string, std::string> out;
  for (const auto& e : events)
    if (e.on <= as_of)
      for (const auto& [k, v] : e.evidence) out[k] = v;
  return out;
}

}  // namespace

Result<Report> export_projects(Engine& engine, const ExportOptions& o) {
  const Workflow& wf = engine.workflow();
  ListQuery q;
  q.unit = o.unit;
  LUODI_ASSIGN_OR_RETURN(auto projects, engine.tracked(q, o.as_of));
  const Date as_of = o.as_of.value_or(engine.today());
  Report r;
  r.as_of = as_of;
  r.lang = o.lang;
  r.title = o.lang == Lang::kZh ? std::to_string(as_of.year()) + "年重点项目推进情况表（截至 " + as_of.str() + "）"
                                : "Key projects as of " + as_of.str();
  std::vector<Column> columns;
  for (const auto& c : kColumns) columns.push_back({std::string(c.en), std::string(o.lang == Lang::kZh ? c.zh : c.en)});
  std::vector<const EvidenceDef*> evidence;
  for (const auto& stage : wf.stages)
    for (const auto& e : stage.evidence) {
      evidence.push_back(&e);
      columns.push_back({e.id, o.lang == Lang::kZh ? e.label.zh : e.id});
    }
  std::map<std::string, Table> sheets;  // by unit, or one under ""
  for (const auto& t : projects) {
    const ProjectState& p = t.project;
    const auto& a = p.attributes;
    Table& sheet = sheets[o.by_unit ? a.unit : std::string()];
    if (sheet.columns.empty()) {
      sheet.id = "projects";
      sheet.title = o.by_unit ? a.unit : (o.lang == Lang::kZh ? "重点项目" : "Projects");
      sheet.columns = columns;
    }
    const StageDef& stage = wf.stages[p.stage];
    std::vector<Cell> row = {p.code,
                             a.name,
                             a.unit,
                             a.leader,
                             industry_text(a.industry, o.lang),
                             a.origin,
                             amount(a.investment_wan),
                             amount(a.fixed_asset_wan),
                             amount(a.foreign_usd_wan),
                             amount(a.land_need_mu),
                             amount(a.land_secured_mu),
                             o.lang == Lang::kZh ? stage.label.zh : stage.id,
                             p.stage_since.str(),
                             std::string(p.key ? (o.lang == Lang::kZh ? "是" : "yes") : (o.lang == Lang::kZh ? "否" : "no"))};
    LUODI_ASSIGN_OR_RETURN(auto given, evidence_of(engine, p.code, as_of));
    for (const auto* e : evidence) {
      auto it = given.find(e->id);
      row.push_back(it == given.end() ? Cell{} : Cell(it->second));
    }
    sheet.rows.push_back(std::move(row));
    sheet.row_ids.push_back(p.code);
  }
  if (sheets.empty()) sheets[""] = Table{"projects", o.lang == Lang::kZh ? "重点项目" : "Projects", columns, {}, {}, {}};
  for (auto& [unit, sheet] : sheets) r.sections.push_back(std::move(sheet));
  return r;
}

}  // namespace luodi
