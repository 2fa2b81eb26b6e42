#include "store/store.h"
namespace luodi {
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& uri, OpenMode) {
  return Status::BadInput("PostgreSQL is not built in: " + uri);
}
}  // namespace luodi
