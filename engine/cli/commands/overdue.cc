#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  ListQuery q;
  q.unit = inv.get("unit");
  q.leader = inv.get("leader");
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(std::optional<Date> as_of, inv.date("as-of"));
  LUODI_ASSIGN_OR_RETURN(PageRequest page, inv.page());
  const auto& wf = engine->workflow_on(as_of);
  // JSON streams: rows are printed as they are worked out, in bounded memory.
  LUODI_ASSIGN_OR_RETURN(bool streamed, inv.stream_rows<OverdueRow>(
                                            [&](const Engine::OverdueVisitor& visit) {
                                              return engine->each_overdue(q, as_of, page, visit);
                                            },
                                            [&](JsonWriter& w, const OverdueRow& o) {
                                              views::write_overdue_json(w, wf, o);
                                            }));
  if (streamed) return Status::Ok();
  LUODI_ASSIGN_OR_RETURN(auto listed, engine->overdue(q, as_of, page));
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

Command overdue_command() {
  return {
      "overdue",
      "overdue [--unit U] [--leader L] [--as-of DATE] [--json|--jsonl] [--limit N] [--cursor C]",
      "open projects past their binding due date, or with an open instruction past its own (kind "
      "instruction), most overdue first",
      with_page_flags({{"unit"}, {"leader"}, {"as-of"}, {"json", false}}),
      0,
      0,
      run};
}

}  // namespace luodi::cli
