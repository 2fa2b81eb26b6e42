#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

Status add(Invocation& inv, Engine& engine) {
  LUODI_ASSIGN_OR_RETURN(std::string text, read_input_file(inv.args[1]));
  LUODI_RETURN_IF_ERROR(engine.add_campaign({std::move(text), inv.args[1]}));
  inv.out << "campaign " << engine.campaigns().back().id << " registered\n";
  return Status::Ok();
}

Status plan(Invocation& inv, Engine& engine) {
  LUODI_ASSIGN_OR_RETURN(auto report, engine.campaign(inv.args[1]));
  const auto& wf = engine.workflow();
  if (inv.has("json")) {
    print_json(inv.out, views::campaign_plan_json(wf, report, engine.today()));
    return Status::Ok();
  }
  inv.out << report.campaign.label.zh << " " << report.campaign.start.str() << " – "
          << report.campaign.end().str() << (report.started ? "" : " (preview: not started)") << "\n";
  Table t({"code", "name", "unit", "stage", "target", "milestones"});
  for (const auto& p : report.projects) {
    std::string ms;
    for (const auto& m : p.milestones) ms += (ms.empty() ? "" : ", ") + wf.stages[m.stage].label.zh + " " + m.due.str();
    t.add({p.project.code, p.project.attributes.name, p.project.attributes.unit,
           wf.stages[p.project.stage].label.zh, wf.stages[p.target_stage].label.zh, ms});
  }
  t.print(inv.out);
  return Status::Ok();
}

Status status(Invocation& inv, Engine& engine) {
  LUODI_ASSIGN_OR_RETURN(auto report, engine.campaign(inv.args[1]));
  if (inv.has("json")) {
    print_json(inv.out, views::campaign_status_json(report, engine.today()));
    return Status::Ok();
  }
  const auto& c = report.counts;
  inv.out << report.campaign.label.zh << ": day " << report.day << " of " << report.campaign.days
          << ", " << report.campaign.days - report.day << " left\n"
          << "  projects " << c.projects << ", met " << c.met << ", on track " << c.on_track
          << ", behind " << c.behind << ", blocked " << c.blocked << "\n";
  Table t({"unit", "projects", "met", "on track", "behind", "blocked"});
  for (const auto& [unit, k] : report.by_unit)
    t.add({unit, std::to_string(k.projects), std::to_string(k.met), std::to_string(k.on_track),
           std::to_string(k.behind), std::to_string(k.blocked)});
  t.print(inv.out);
  return Status::Ok();
}

Status run(Invocation& inv) {
  if (inv.args.size() != 2) return Status::BadInput("usage: luodi " + std::string("campaign add FILE | plan ID | status ID"));
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  const std::string& verb = inv.args[0];
  if (verb == "add") return add(inv, *engine);
  if (verb == "plan") return plan(inv, *engine);
  if (verb == "status") return status(inv, *engine);
  return Status::BadInput("unknown campaign command '" + verb + "' (add, plan, status)");
}

}  // namespace

Command campaign_command() {
  return {"campaign", "campaign add FILE | campaign plan ID [--json] | campaign status ID [--json]",
          "the hundred-day campaign: register, milestones per project, day N and who is behind",
          {{"json", false}}, 2, 2, run};
}

}  // namespace luodi::cli
