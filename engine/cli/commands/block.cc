#include "cli/command.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  BlockRequest r;
  LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), inv.recorded());
  r.category = inv.get("category").value_or("");
  r.reason = inv.get("reason").value_or("");
  r.owner = inv.get("owner").value_or("");
  if (r.category.empty()) return Status::BadInput("--category CAT is required");
  if (r.reason.empty()) return Status::BadInput("--reason TEXT is required");
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(auto id, engine->block(inv.args[0], r));
  inv.out << id << "\n";
  return Status::Ok();
}

}  // namespace

Command block_command() {
  return {"block",
          "block CODE --category CAT --reason TEXT [--owner DEPT] [--on DATE] [--by WHO]",
          "record a blocker (prints its id)",
          {{"category"}, {"reason"}, {"owner"}, {"on"}, {"by"}},
          1, 1, run};
}

}  // namespace luodi::cli
