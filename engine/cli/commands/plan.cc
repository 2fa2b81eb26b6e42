#include "cli/command.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(Recorded rec, inv.recorded());
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  const std::string& code = inv.args[0];
  if (inv.has("clear")) {
    if (inv.has("due") || inv.has("stage")) return Status::BadInput("--clear takes no --due or --stage");
    LUODI_RETURN_IF_ERROR(engine->clear_plan(code, rec));
    inv.out << code << ": plan cleared\n";
    return Status::Ok();
  }
  PlanRequest r;
  static_cast<Recorded&>(r) = rec;
  LUODI_ASSIGN_OR_RETURN(auto due, inv.date("due"));
  if (!due) return Status::BadInput("--due DATE is required (or --clear)");
  r.due = *due;
  r.stage = inv.get("stage");
  LUODI_RETURN_IF_ERROR(engine->plan(code, r));
  LUODI_ASSIGN_OR_RETURN(auto p, engine->project(code));
  inv.out << code << ": to reach " << engine->workflow().stages[p.plan->stage].id << " by "
          << p.plan->due.str() << "\n";
  return Status::Ok();
}

}  // namespace

Command plan_command() {
  return {"plan", "plan CODE --due DATE [--stage S] [--note TEXT] [--by WHO] | plan CODE --clear",
          "a supervisor's deadline for reaching the next stage (or stage S)",
          {{"due"}, {"stage"}, {"note"}, {"by"}, {"clear", false}},
          1, 1, run};
}

}  // namespace luodi::cli
