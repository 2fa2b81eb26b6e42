// Which backend a location names, and opening it.
#include "store/store.h"

namespace luodi {

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, OpenMode mode);
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& uri, OpenMode mode);

bool is_postgres_location(const std::string& location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Result<std::unique_ptr<Store>> open_store(const std::string& location, OpenMode mode) {
  return is_postgres_location(location) ? open_postgres_store(location, mode) : open_sqlite_store(location, mode);
}

}  // namespace luodi
