// Where an end-to-end test keeps its city. The end-to-end suite runs twice:
// on a SQLite file in the test's directory, and once more with
// LUODI_E2E_STORE=postgresql (registered by tests/CMakeLists.txt with the
// prefix "postgresql."), each test on a scratch database of the PostgreSQL
// test cluster (support/postgres.h). A test about SQLite's file itself says
// so with LUODI_SQLITE_ONLY().
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/postgres.h"
#include "support/test_support.h"

namespace luodi::testing {

// True in the suite's PostgreSQL round.
bool e2e_on_postgres();

class TestDatabase {
 public:
  // A SQLite file `dir/name`, or a fresh PostgreSQL database.
  explicit TestDatabase(const TempDir& dir, const std::string& name = "city.db");
  // What --db takes.
  const std::string& location() const { return location_; }
  bool postgres() const { return pg_ != nullptr; }
  // Makes this a copy of the city at `source` (a file copy on SQLite,
  // `luodi migrate` on PostgreSQL); fails the test when it cannot.
  void copy_from(const std::string& source);
  // Runs SQL on the default city's tables behind luodi's back (a test that
  // tampers with them); fails the test on an error.
  void execute(const std::string& sql);
  // The first column of the first row `sql` answers on the default city's
  // tables ("" when none, or NULL); fails the test on an error.
  std::string query(const std::string& sql);

 private:
  std::unique_ptr<ScratchPostgres> pg_;
  std::string location_;
};

}  // namespace luodi::testing

// In a test body: the test is about SQLite's file (its bytes, WAL, backup),
// so it is skipped in the PostgreSQL round.
#define LUODI_SQLITE_ONLY()                                                           \
  do {                                                                                \
    if (::luodi::testing::e2e_on_postgres()) GTEST_SKIP() << "about the SQLite file"; \
  } while (0)
