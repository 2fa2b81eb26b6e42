// Moving a city from one database to another (luodi migrate): every row of
// its history and setup copied in one transaction on the target, then the
// target opened as a city and verified. A copy that fails leaves nothing.
#include <filesystem>

#include "luodi/engine.h"
#include "store/columns.h"
#include "store/store.h"

namespace luodi {

Status copy_city_rows(Store& source, Store& target, std::map<std::string, long>* rows) {
  for (const auto& table : columns::kCopied) {
    long n = 0;
    LUODI_RETURN_IF_ERROR(
        source.export_rows(std::string(table.name), [&](const std::vector<ColumnValue>& row) {
          ++n;
          return target.import_row(std::string(table.name), row);
        }));
    if (rows) (*rows)[std::string(table.name)] = n;
  }
  return target.finish_import();
}

Status copy_project_rows(Store& source, Store& target, const std::set<std::string>& codes) {
  for (const char* table : {"meta", "events", "projects", "blockers", "instructions", "campaigns"})
    LUODI_RETURN_IF_ERROR(source.export_rows(
        table, codes,
        [&](const std::vector<ColumnValue>& row) { return target.import_row(table, row); }));
  return target.finish_import();
}

Result<MigrateReport> migrate_city(const std::string& from, const std::string& to,
                                   const std::string& city, const Clock& clock) {
  if (from == to) return Status::BadInput("--from and --to are the same database");
  // A SQLite file holds the default city: `city` names the city on the
  // PostgreSQL side (on both sides between two PostgreSQL databases), so a
  // city file joins a province database as a tenant, and a tenant leaves
  // one as a city file.
  const bool pg_from = is_postgres_location(from), pg_to = is_postgres_location(to);
  const std::string from_city = pg_from || !pg_to ? city : std::string();
  const std::string to_city = pg_to || !pg_from ? city : std::string();
  LUODI_ASSIGN_OR_RETURN(auto source, open_store(from, OpenMode::kExisting, from_city));
  LUODI_ASSIGN_OR_RETURN(auto cities, source->cities());
  LUODI_ASSIGN_OR_RETURN(auto target, open_store(to, OpenMode::kCreate, to_city));
  MigrateReport report;
  Status s = target->begin();
  if (s.ok()) s = copy_city_rows(*source, *target, &report.rows);
  // The city keeps the name people call it by (none yet: none there either).
  for (const auto& c : cities)
    if (s.ok() && c.id == source->city()) {
      s = target->set_city_name(c.name);
      report.name = c.name;
    }
  if (s.ok()) s = target->commit();
  if (!s.ok()) {
    target->rollback();
    (void)target->discard_city();
    target.reset();
    if (!is_postgres_location(to))
      for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(to + ext);
    return s;
  }
  target.reset();
  source.reset();
  LUODI_ASSIGN_OR_RETURN(auto engine, Engine::open(to, clock, to_city));
  LUODI_ASSIGN_OR_RETURN(report.verify, engine->verify());
  return report;
}

}  // namespace luodi
