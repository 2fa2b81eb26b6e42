#include "cli/command.h"
#include "cli/output.h"
#include "importer/project_import.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  const std::string& file = inv.args[0];
  LUODI_ASSIGN_OR_RETURN(std::string bytes, read_input_file(file));
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  const bool dry_run = inv.has("dry-run");
  LUODI_ASSIGN_OR_RETURN(auto summary,
                         import_projects_csv(*engine, bytes, file, inv.actor(), dry_run));
  inv.out << (dry_run ? "would import " : "imported ") << summary.projects << " projects ("
          << summary.key << " on the key list, " << summary.pipeline << " in the pipeline)"
          << (dry_run ? "; nothing written (--dry-run)" : "") << "\n";
  return Status::Ok();
}

}  // namespace

Command import_command() {
  return {"import", "import FILE.csv [--dry-run] [--by WHO]",
          "load projects from a spreadsheet CSV (all rows or none)",
          {{"dry-run", false}, {"by"}}, 1, 1, run};
}

}  // namespace luodi::cli
