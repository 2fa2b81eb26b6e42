#include "luodi/version.h"

#include <ostream>

#include "cli/command.h"
#include "store/store.h"

namespace luodi::cli {

void print_version(std::ostream& out, const std::string& db_location) {
  out << "luodi " << LUODI_VERSION << "\n"
      << "schema " << latest_schema_version() << "\n"
      << "store " << (is_postgres_location(db_location) ? "postgresql" : "sqlite") << "\n";
}

}  // namespace luodi::cli
