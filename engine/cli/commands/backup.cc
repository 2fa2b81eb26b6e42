#include "cli/command.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_RETURN_IF_ERROR(engine->backup(inv.args[0]));
  inv.out << "backed up " << inv.db_path << " to " << inv.args[0] << "\n";
  return Status::Ok();
}

}  // namespace

Command backup_command() {
  return {"backup",
          "backup FILE",
          "a consistent copy of the database, safe while the server runs (SQLite online backup)",
          {},
          1,
          1,
          run};
}

}  // namespace luodi::cli
