#include "server/leader_views.h"

#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>

#include "exporter/project_export.h"
#include "views/json_views.h"

namespace luodi::server {

namespace json = boost::json;

namespace {

// A report's parameters: as_of (default today), lang, format.
struct ReportQuery {
  Date as_of;
  Lang lang = Lang::kZh;
  std::string format;
};

ReportQuery report_query(Engine& engine, const commands::ReadArgs& args) {
  return ReportQuery{args.date("as_of").value_or(engine.today()),
                     parse_lang(args.text("lang").value_or("zh")).value_or(Lang::kZh),
                     args.text("format").value_or("json")};
}

ReportAsked asked_in(Report r, const std::string& format, std::shared_ptr<Engine> engine = {}) {
  const char* type = format == "html"  ? "text/html; charset=utf-8"
                     : format == "md"  ? "text/markdown; charset=utf-8"
                     : format == "csv" ? "text/csv; charset=utf-8"
                                       : "application/json; charset=utf-8";
  return ReportAsked{std::move(r), format, type, std::move(engine)};
}

}  // namespace

Result<ReportAsked> report_asked(Engine& engine, const commands::ReadArgs& args,
                                 const std::string& targets_dir) {
  const ReportQuery q = report_query(engine, args);
  LUODI_ASSIGN_OR_RETURN(
      Report r,
      report_of(engine, q.as_of, "", targets_dir_of_city(targets_dir, engine.city()), q.lang));
  return asked_in(std::move(r), q.format);
}

Result<ReportAsked> province_report_asked(Engine& engine, const commands::ReadArgs& args,
                                          const std::string& targets_dir,
                                          const std::string& database, const Clock& clock) {
  const ReportQuery q = report_query(engine, args);
  const std::string city = args.text("city").value_or("");
  if (city.empty()) {
    LUODI_ASSIGN_OR_RETURN(Report r,
                           province_report(database, clock, q.as_of, targets_dir, q.lang));
    return asked_in(std::move(r), q.format);
  }
  LUODI_RETURN_IF_ERROR(check_city_id(city));
  auto opened = Engine::open(database, clock, city);
  if (!opened.ok() && opened.status().code() == ErrorCode::kBadInput)
    return Status::NotFound("no city " + city);
  LUODI_ASSIGN_OR_RETURN(auto other, std::move(opened));
  std::shared_ptr<Engine> keep(std::move(other));
  LUODI_ASSIGN_OR_RETURN(
      Report r, report_of(*keep, q.as_of, "", targets_dir_of_city(targets_dir, city), q.lang));
  return asked_in(std::move(r), q.format, std::move(keep));
}

namespace {

json::object label_json(const Label& l) { return {{"zh", l.zh}, {"en", l.en}}; }

}  // namespace

Result<ReportAsked> export_asked(Engine& engine, const commands::ReadArgs& args) {
  ExportOptions o;
  o.lang = parse_lang(args.text("lang").value_or("zh")).value_or(Lang::kZh);
  o.as_of = args.date("as_of");
  o.unit = args.text("unit");  // a unit user's own (the table's scope)
  const std::string format = args.text("format").value_or("xlsx");
  LUODI_ASSIGN_OR_RETURN(Report sheet, export_projects(engine, o));
  return ReportAsked{std::move(sheet), format,
                     format == "csv"
                         ? "text/csv; charset=utf-8"
                         : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
}

Status send_report(const ReportAsked& asked, const TextSink& out) {
  if (asked.format != "xlsx") return render_report(asked.report, asked.format, out);
  // libxlsxwriter writes files: one in the temporary directory, sent and removed.
  char path[] = "/tmp/luodi-export-XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0) return Status::Internal("cannot make a temporary file for the workbook");
  ::close(fd);
  Status s = write_xlsx(asked.report, path);
  if (s.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::string piece(64 << 10, '\0');
    while (s.ok() && in.read(piece.data(), static_cast<std::streamsize>(piece.size())).gcount() > 0)
      if (!out(std::string_view(piece.data(), static_cast<size_t>(in.gcount()))))
        s = Status::Internal("the workbook's reader went away");
  }
  std::remove(path);
  return s;
}

Result<json::value> wall_json(Engine& engine, const std::string& now) {
  const Date today = engine.today();
  const Campaign* c = campaign_in_view(engine.campaigns(), today);
  if (!c) return Status::NotFound("no campaign is registered");
  LUODI_ASSIGN_OR_RETURN(CampaignReport report, engine.campaign(c->id));
  const auto& wf = engine.workflow();
  json::array rows;
  int red = 0, black = 0;
  // The chart's columns: every stage a milestone is set for, in the workflow's order.
  std::vector<int> stages;
  for (const auto& cp : report.projects)
    for (const auto& m : cp.milestones) stages.push_back(m.stage);
  std::sort(stages.begin(), stages.end());
  stages.erase(std::unique(stages.begin(), stages.end()), stages.end());
  json::array columns;
  for (int s : stages)
    columns.push_back(
        json::object{{"stage", wf.stages[s].id}, {"label", label_json(wf.stages[s].label)}});
  for (const auto& cp : report.projects) {
    LUODI_ASSIGN_OR_RETURN(auto history, engine.history(cp.project.code));
    json::array milestones;
    for (const auto& m : cp.milestones) {
      const auto reached = reached_on(wf, history, m.stage);
      const Flag flag = milestone_flag(m.due, reached, today);
      red += flag == Flag::kRed;
      black += flag == Flag::kBlack;
      milestones.push_back(json::object{
          {"stage", wf.stages[m.stage].id},
          {"label", label_json(wf.stages[m.stage].label)},
          {"due", m.due.str()},
          {"reached_on", reached ? json::value(reached->str()) : json::value(nullptr)},
          {"flag", to_string(flag)},
      });
    }
    const auto& a = cp.project.attributes;
    rows.push_back(json::object{
        {"code", cp.project.code},
        {"name", a.name},
        {"unit", a.unit},
        {"leader", a.leader},
        {"stage", wf.stages[cp.project.stage].id},
        {"stage_label", label_json(wf.stages[cp.project.stage].label)},
        {"status", to_string(cp.project.status)},
        {"target", wf.stages[cp.target_stage].id},
        {"milestones", std::move(milestones)},
    });
  }
  return json::value(json::object{
      {"today", today.str()},
      {"now", now},
      {"campaign", json::object{{"id", c->id},
                                {"label", label_json(c->label)},
                                {"start", c->start.str()},
                                {"end", c->end().str()},
                                {"days", c->days},
                                {"day", report.day},
                                {"started", report.started},
                                {"days_left", std::max(0, c->end() - today)},
                                {"days_to_start", std::max(0, c->start - today)},
                                {"ended", today > c->end()},
                                {"ended_on", today > c->end() ? json::value(c->end().str())
                                                              : json::value(nullptr)},
                                {"counts", views::counts_json(report.counts)}}},
      {"flags", json::object{{"red", red}, {"black", black}}},
      {"stages", std::move(columns)},
      {"projects", std::move(rows)},
  });
}

}  // namespace luodi::server
