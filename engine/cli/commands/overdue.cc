#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

// The text face of the read `overdue` (--json and --jsonl stream its rows).
Status print(Invocation& inv, Engine& engine, const commands::ReadArgs& args) {
  const auto as_of = args.date("as_of");
  const auto& wf = engine.workflow_on(as_of);
  LUODI_ASSIGN_OR_RETURN(auto listed, engine.overdue(commands::list_query(args), as_of, args.page));
  const auto& items = listed.items;
  Table t({"code", "name", "unit", "leader", "stage", "due", "days_overdue", "light", "escalation",
           "kind"});
  for (const auto& o : items)
    t.add({o.code, o.name, o.unit, o.leader, wf.stages[o.stage].label.zh,
           o.binding.due.str() + (o.binding.provisional ? "?" : ""), std::to_string(o.days_overdue),
           std::string(to_string(o.light)), o.escalation, o.kind});
  t.print(inv.out);
  inv.out << items.size() << " overdue\n";
  inv.print_next(listed.next);
  return Status::Ok();
}

}  // namespace

Command overdue_command() { return read_verb("overdue", print); }

}  // namespace luodi::cli
