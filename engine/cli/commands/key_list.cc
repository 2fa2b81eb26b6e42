// The moves that only need "when, who, why": cancel, and the key-list moves
// drop, reinstate and promote.
#include "cli/command.h"

namespace luodi::cli {

namespace {

using Move = Status (Engine::*)(const std::string&, const Recorded&);

Command move_command(std::string name, std::string usage, std::string summary, Move move,
                     bool needs_reason, std::string past_tense) {
  std::vector<Flag> flags = {{"on"}, {"by"}};
  if (needs_reason) flags.push_back({"reason"});
  auto run = [=](Invocation& inv) -> Status {
    LUODI_ASSIGN_OR_RETURN(Recorded r, inv.recorded("reason"));
    if (needs_reason && r.note.empty()) return Status::BadInput("--reason TEXT is required");
    LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
    LUODI_RETURN_IF_ERROR(((*engine).*move)(inv.args[0], r));
    inv.out << inv.args[0] << " " << past_tense << "\n";
    return Status::Ok();
  };
  return {std::move(name), std::move(usage), std::move(summary), std::move(flags), 1, 1, run};
}

}  // namespace

Command cancel_command() {
  return move_command("cancel", "cancel CODE --reason TEXT [--on DATE] [--by WHO]",
                      "cancel a project for good", &Engine::cancel, true, "cancelled");
}

Command drop_command() {
  return move_command("drop", "drop CODE --reason TEXT [--on DATE] [--by WHO]",
                      "take a project off the key list", &Engine::drop, true,
                      "dropped from the key list");
}

Command reinstate_command() {
  return move_command("reinstate", "reinstate CODE [--on DATE] [--by WHO]",
                      "put a dropped project back on the key list", &Engine::reinstate, false,
                      "reinstated on the key list");
}

Command promote_command() {
  return move_command("promote", "promote CODE [--on DATE] [--by WHO]",
                      "put a pipeline project on the key list", &Engine::promote, false,
                      "promoted to the key list");
}

}  // namespace luodi::cli
