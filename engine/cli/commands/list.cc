#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

// The text face of the read `list` (--json and --jsonl stream its rows).
Status print(Invocation& inv, Engine& engine, const commands::ReadArgs& args) {
  const auto as_of = args.date("as_of");
  const auto& wf = engine.workflow_on(as_of);
  LUODI_ASSIGN_OR_RETURN(auto listed, engine.tracked(commands::list_query(args), as_of, args.page));
  const auto& projects = listed.items;
  // A provisional due date (counted in a year without a holiday table) ends in "?".
  Table t({"code", "name", "unit", "leader", "stage", "since", "status", "due", "light"});
  for (const auto& [p, st] : projects) {
    const auto& a = p.attributes;
    const auto& d = st.deadline;
    t.add({p.code, a.name, a.unit, a.leader, wf.stages[p.stage].label.zh, p.stage_since.str(),
           std::string(to_string(p.status)) + (p.key ? "" : " (pipeline)"),
           d ? d->due.str() + (d->provisional ? "?" : "") : "",
           std::string(to_string(st.light.color))});
  }
  t.print(inv.out);
  inv.out << t.size() << " projects\n";
  inv.print_next(listed.next);
  return Status::Ok();
}

}  // namespace

Command list_command() { return read_verb("list", print); }

}  // namespace luodi::cli
