#include "cli/command.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(auto report, engine->verify());
  if (report.differences.empty()) {
    inv.out << "ok: " << report.projects << " projects, " << report.events
            << " events; the projection equals the replay\n";
    return Status::Ok();
  }
  for (const auto& d : report.differences) inv.out << d << "\n";
  return Status::Internal(std::to_string(report.differences.size()) +
                          " difference(s) between the projection and the replay of the events");
}

}  // namespace

Command verify_command() {
  return {"verify", "verify", "replay the events and compare with the stored state", {}, 0, 0, run};
}

}  // namespace luodi::cli
