// Which backend a location names, and opening it.
#include "store/migrations.h"
#include "store/postgres_schema.h"
#include "store/schema.h"
#include "store/store.h"

namespace luodi {

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, OpenMode mode);
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& uri, OpenMode mode,
                                                   const std::string& city);

bool is_postgres_location(const std::string& location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

int latest_schema_version() {
  static_assert(
      postgres::kBaselineVersion + postgres::kMigrations.size() == sqlite::kMigrations.size(),
      "both backends are at the same schema version");
  static_assert(sqlite::kMigrations.size() == schema::kDescribedFrom,
                "later migrations come from the description (store/migrations.cc)");
  return schema::latest_version();
}

Status check_city_id(const std::string& city) {
  const bool ok =
      !city.empty() && city.size() <= 32 && city[0] >= 'a' && city[0] <= 'z' &&
      city.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
  if (ok) return Status::Ok();
  return Status::BadInput(
      "city id '" + city +
      "': use 1 to 32 lower-case letters, digits and _, starting with a letter");
}

Result<std::unique_ptr<Store>> open_store(const std::string& location, OpenMode mode,
                                          const std::string& city) {
  const std::string id = city.empty() ? std::string(kDefaultCity) : city;
  LUODI_RETURN_IF_ERROR(check_city_id(id));
  if (is_postgres_location(location)) return open_postgres_store(location, mode, id);
  if (id != kDefaultCity)
    return Status::BadInput("a SQLite database holds one city (" + std::string(kDefaultCity) +
                            "); city " + id + " needs a PostgreSQL database (--db postgresql://…)");
  return open_sqlite_store(location, mode);
}

}  // namespace luodi
