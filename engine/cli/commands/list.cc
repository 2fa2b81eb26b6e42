#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  ListQuery q;
  q.stage = inv.get("stage");
  q.unit = inv.get("unit");
  q.leader = inv.get("leader");
  q.status = inv.get("status");
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(auto projects, engine->list(q));
  const auto& wf = engine->workflow();
  if (inv.has("json")) {
    boost::json::array a;
    for (const auto& p : projects) a.push_back(views::project_json(wf, p));
    print_json(inv.out, a);
    return Status::Ok();
  }
  Table t({"code", "name", "unit", "leader", "stage", "since", "status", "investment_wan"});
  for (const auto& p : projects) {
    const auto& a = p.attributes;
    t.add({p.code, a.name, a.unit, a.leader, wf.stages[p.stage].label.zh, p.stage_since.str(),
           std::string(to_string(p.status)) + (p.key ? "" : " (pipeline)"),
           amount_text(a.investment_wan)});
  }
  t.print(inv.out);
  inv.out << t.size() << " projects\n";
  return Status::Ok();
}

}  // namespace

Command list_command() {
  return {"list", "list [--stage S] [--unit U] [--leader L] [--status ST] [--json]",
          "projects, filtered",
          {{"stage"}, {"unit"}, {"leader"}, {"status"}, {"json", false}}, 0, 0, run};
}

}  // namespace luodi::cli
