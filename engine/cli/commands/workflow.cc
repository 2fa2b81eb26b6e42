// luodi workflow apply FILE --on DATE [--dry-run] [--json]: a revised
// workflow governs every project from DATE on; luodi workflow changes lists
// the revisions and holiday tables loaded into the city.
#include "cli/command.h"
#include "cli/output.h"
#include "cli/rule_output.h"

namespace luodi::cli {

namespace {

Status apply(Invocation& inv, Engine& engine) {
  if (inv.args.size() != 2)
    return Status::BadInput("usage: luodi workflow apply FILE --on DATE [--dry-run] [--json]");
  LUODI_ASSIGN_OR_RETURN(std::optional<Date> on, inv.date("on"));
  LUODI_ASSIGN_OR_RETURN(std::string text, read_input_file(inv.args[1]));
  const bool dry = inv.has("dry-run");
  LUODI_ASSIGN_OR_RETURN(RuleLoad load, engine.apply_workflow({std::move(text), inv.args[1]},
                                                              on.value_or(engine.today()), dry));
  // From today on: every standing worked out again now (a later day: the tick does it then).
  if (!dry && load.on == engine.today()) LUODI_RETURN_IF_ERROR(engine.keep_standings().status());
  return print_rule_load(inv, load, "the revised workflow (" + inv.args[1] + ")");
}

// The read `calendar changes` (the same list: revisions and holiday tables).
Status print_changes(Invocation& inv, Engine& engine, const commands::ReadArgs&) {
  return print_rule_changes(inv, engine.rule_versions().changes());
}

Status run(Invocation& inv) {
  const std::string& verb = inv.args[0];
  if (verb == "changes")
    return run_read(commands::read_command("calendar changes"), print_changes, inv, "");
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  if (verb == "apply") return apply(inv, *engine);
  return Status::BadInput("unknown workflow command '" + verb + "' (apply, changes)");
}

}  // namespace

Command workflow_command() {
  return {"workflow",
          "workflow apply FILE [--on DATE] [--dry-run] | workflow changes  [--json]",
          "a revised workflow governs every project from DATE (default today) on: limits, labels, "
          "light rules, "
          "stages and their evidence; the rule changes loaded so far",
          {{"json", false}, {"on"}, {"dry-run", false}},
          1,
          2,
          run};
}

}  // namespace luodi::cli
