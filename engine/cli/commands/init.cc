#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli/command.h"

namespace luodi::cli {

namespace {

// The repository's workflows/ (or $LUODI_WORKFLOWS), where the defaults live.
std::string workflows_dir() {
  if (const char* d = std::getenv("LUODI_WORKFLOWS"); d && *d) return d;
  return LUODI_WORKFLOWS_DIR;
}

Result<Source> read_source(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::BadInput("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return Source{text.str(), path};
}

Status run(Invocation& inv) {
  const std::string dir = workflows_dir();
  LUODI_ASSIGN_OR_RETURN(Source wf, read_source(inv.get("workflow").value_or(dir + "/key-project.yaml")));
  LUODI_ASSIGN_OR_RETURN(Source cal, read_source(inv.get("calendar").value_or(dir + "/calendars/cn-2026.yaml")));
  LUODI_ASSIGN_OR_RETURN(auto engine, Engine::create(inv.db_path, wf, cal, inv.clock));
  const auto& w = engine->workflow();
  inv.out << "created " << inv.db_path << " with workflow " << w.id << " v" << w.version << " ("
          << w.stages.size() << " stages) and calendar " << engine->calendar().id << "\n";
  return Status::Ok();
}

}  // namespace

Command init_command() {
  return {"init", "init [--workflow FILE] [--calendar FILE]",
          "create the database with a workflow and a working-day calendar",
          {{"workflow"}, {"calendar"}}, 0, 0, run};
}

}  // namespace luodi::cli
