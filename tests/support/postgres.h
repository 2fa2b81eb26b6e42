// The PostgreSQL the tests use: $LUODI_TEST_POSTGRES, a libpq URI of a
// cluster the tests may create databases in (scripts/test.sh starts a
// throwaway one with pg_virtualenv and sets it). Without it, PostgreSQL tests
// are skipped, unless $LUODI_REQUIRE_POSTGRES=1 (as in CI): then they fail.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace luodi::testing {

std::optional<std::string> test_postgres();
bool postgres_required();

// A fresh database in the test cluster, dropped (with every connection to
// it) when the object dies.
class ScratchPostgres {
 public:
  ScratchPostgres();
  ~ScratchPostgres();
  ScratchPostgres(const ScratchPostgres&) = delete;
  ScratchPostgres& operator=(const ScratchPostgres&) = delete;
  // Its libpq URI.
  const std::string& uri() const { return uri_; }
  // Runs SQL on it (test set-up and inspection); the first column of the
  // first row, or "" when there is none. Fails the test on an error.
  std::string query(const std::string& sql) const;

 private:
  std::string name_;
  std::string uri_;
};

// The URI `base` with its database name replaced by `database`.
std::string with_database(const std::string& base, const std::string& database);

}  // namespace luodi::testing

// In a test body: skips (or fails, in CI) when there is no test cluster.
#define LUODI_NEED_POSTGRES()                                                                \
  do {                                                                                       \
    if (!::luodi::testing::test_postgres()) {                                                \
      if (::luodi::testing::postgres_required()) FAIL() << "LUODI_TEST_POSTGRES is not set"; \
      GTEST_SKIP() << "no PostgreSQL for tests (set LUODI_TEST_POSTGRES)";                   \
    }                                                                                        \
  } while (0)
