// The migrations after version 12, one list for both backends, each step
// rendered from the description (store/tables.h): entry i takes a database
// from version kDescribedFrom + i to kDescribedFrom + i + 1. The versions up
// to 12 are the backends' own (schema.h, postgres_schema.h) and stay as they
// were released.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/tables.h"

namespace luodi::schema {

inline constexpr int kDescribedFrom = 12;

// A column the description has, added to a table that lacks it.
struct AddColumn {
  std::string_view table;
  std::string_view column;
};

// An index the description has, made on a table that lacks it.
struct AddIndex {
  std::string_view table;
  std::string_view index;
};

// What is one backend's own (the gauges, their triggers) is that backend's
// SQL, run after the described steps.
struct Migration {
  std::string_view why;
  std::vector<AddColumn> add;
  std::vector<AddIndex> indexes = {};
  std::string_view sqlite_sql = {};
  std::string_view postgres_sql = {};
};

const std::vector<Migration>& migrations();

// The SQL of a migration on one backend.
std::string migration_sql(const Migration& m, Backend backend);

// The version a database is migrated to: the last of the list.
int latest_version();

}  // namespace luodi::schema
