#include "support/test_database.h"

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>

namespace luodi::testing {

bool e2e_on_postgres() {
  const char* v = std::getenv("LUODI_E2E_STORE");
  return v && std::string(v) == "postgresql";
}

TestDatabase::TestDatabase(const TempDir& dir, const std::string& name) {
  if (e2e_on_postgres() && test_postgres()) {
    pg_ = std::make_unique<ScratchPostgres>();
    location_ = pg_->uri();
  } else {
    location_ = dir.file(name);
  }
}

void TestDatabase::copy_from(const std::string& source) {
  if (!pg_) {
    std::error_code ec;
    std::filesystem::copy_file(source, location_, ec);
    ASSERT_FALSE(ec) << "copy " << source << ": " << ec.message();
    return;
  }
  auto r = run_luodi({"migrate", "--from", source, "--to", location_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

void TestDatabase::execute(const std::string& sql) {
  if (pg_) {
    pg_->query("SET search_path TO city_default; " + sql);
    return;
  }
  sqlite3* db = nullptr;
  const int opened = sqlite3_open(location_.c_str(), &db);
  char* error = nullptr;
  const int ran =
      opened == SQLITE_OK ? sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) : opened;
  const std::string message = error ? error : sqlite3_errmsg(db);
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(ran, SQLITE_OK) << sql << ": " << message;
}

std::string TestDatabase::query(const std::string& sql) {
  if (pg_) return pg_->query("SET search_path TO city_default; " + sql);
  sqlite3* db = nullptr;
  const int opened = sqlite3_open(location_.c_str(), &db);
  std::string out;
  bool first = true;
  auto row = [](void* arg, int n, char** values, char**) {
    auto* seen = static_cast<std::pair<std::string*, bool*>*>(arg);
    if (*seen->second && n > 0 && values[0]) *seen->first = values[0];
    *seen->second = false;
    return 0;
  };
  std::pair<std::string*, bool*> seen{&out, &first};
  char* error = nullptr;
  const int ran = opened == SQLITE_OK ? sqlite3_exec(db, sql.c_str(), row, &seen, &error) : opened;
  const std::string message = error ? error : sqlite3_errmsg(db);
  sqlite3_free(error);
  sqlite3_close(db);
  EXPECT_EQ(ran, SQLITE_OK) << sql << ": " << message;
  return out;
}

namespace {

// The PostgreSQL round without a test cluster: every test is skipped (or
// fails, when PostgreSQL is required, as in CI).
class PostgresRound : public ::testing::Environment {
 public:
  void SetUp() override {
    if (!e2e_on_postgres() || test_postgres()) return;
    if (postgres_required()) FAIL() << "LUODI_E2E_STORE=postgresql needs LUODI_TEST_POSTGRES";
    GTEST_SKIP() << "no PostgreSQL for tests (set LUODI_TEST_POSTGRES)";
  }
};

[[maybe_unused]] const auto* const kPostgresRound =
    ::testing::AddGlobalTestEnvironment(new PostgresRound);

}  // namespace

}  // namespace luodi::testing
