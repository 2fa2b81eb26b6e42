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
  q.light = inv.get("light");
  q.overdue = inv.has("overdue");
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(std::optional<Date> as_of, inv.date("as-of"));
  LUODI_ASSIGN_OR_RETURN(PageRequest page, inv.page());
  const auto& wf = engine->workflow_on(as_of);
  // JSON streams: rows are printed as they are worked out, in bounded memory.
  LUODI_ASSIGN_OR_RETURN(bool streamed,
                         inv.stream_rows<TrackedProject>(
                             [&](const Engine::RowVisitor& visit) {
                               return engine->each_tracked(q, as_of, page, visit);
                             },
                             [&](const TrackedProject& t) { return views::tracked_json(wf, t); }));
  if (streamed) return Status::Ok();
  LUODI_ASSIGN_OR_RETURN(auto listed, engine->tracked(q, as_of, page));
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

Command list_command() {
  return {"list",
          "list [--stage S] [--unit U] [--leader L] [--status ST] [--light red|yellow|green] "
          "[--overdue] [--as-of DATE] [--json|--jsonl] [--limit N] [--cursor C]",
          "projects with their due dates and lights, filtered",
          with_page_flags({{"stage"},
                           {"unit"},
                           {"leader"},
                           {"status"},
                           {"light"},
                           {"overdue", false},
                           {"as-of"},
                           {"json", false}}),
          0,
          0,
          run};
}

}  // namespace luodi::cli
