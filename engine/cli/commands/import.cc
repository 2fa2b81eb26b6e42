#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/command.h"
#include "importer/project_import.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  const std::string& file = inv.args[0];
  std::ifstream in(file, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(file)) return Status::BadInput("cannot read " + file);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  const bool dry_run = inv.has("dry-run");
  LUODI_ASSIGN_OR_RETURN(auto summary,
                         import_projects_csv(*engine, bytes.str(), file, inv.actor(), dry_run));
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
