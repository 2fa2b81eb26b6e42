#include "cli/command.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  AdvanceRequest r;
  LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), inv.recorded());
  r.to = inv.get("to").value_or("");
  if (r.to.empty()) return Status::BadInput("--to STAGE is required");
  LUODI_ASSIGN_OR_RETURN(r.evidence, inv.evidence());
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_RETURN_IF_ERROR(engine->advance(inv.args[0], r));
  LUODI_ASSIGN_OR_RETURN(auto state, engine->project(inv.args[0]));
  const auto& stage = engine->workflow().stages[state.stage];
  inv.out << inv.args[0] << " → " << stage.id << " (" << stage.label.zh << ") since "
          << state.stage_since.str() << "\n";
  return Status::Ok();
}

}  // namespace

Command advance_command() {
  return {"advance",
          "advance CODE --to STAGE [--on DATE] [--by WHO] [--note TEXT] [--evidence KEY=VALUE]...",
          "move a project to a later stage",
          {{"to"}, {"on"}, {"by"}, {"note"}, {"evidence", true, true}},
          1, 1, run};
}

}  // namespace luodi::cli
