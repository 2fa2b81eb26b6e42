#include "support/postgres.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace luodi::testing {

namespace {

// Runs `sql` on `uri`: the first value, or "" (throws on an error).
std::string run_sql(const std::string& uri, const std::string& sql) {
  PGconn* c = PQconnectdb(uri.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string m = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot connect to " + uri + ": " + m);
  }
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(c, sql.c_str());
  const auto st = PQresultStatus(r);
  std::string out;
  if (st == PGRES_TUPLES_OK && PQntuples(r) > 0 && PQnfields(r) > 0) out = PQgetvalue(r, 0, 0);
  std::string error =
      (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!error.empty()) throw std::runtime_error(sql + ": " + error);
  return out;
}

}  // namespace

std::optional<std::string> test_postgres() {
  const char* uri = std::getenv("LUODI_TEST_POSTGRES");
  if (!uri || !*uri) return std::nullopt;
  return std::string(uri);
}

bool postgres_required() {
  const char* v = std::getenv("LUODI_REQUIRE_POSTGRES");
  return v && std::string(v) == "1";
}

std::string with_database(const std::string& base, const std::string& database) {
  const std::size_t query = base.find('?');
  std::string head = base.substr(0, query);
  const std::string tail = query == std::string::npos ? "" : base.substr(query);
  const std::size_t scheme = head.find("://");
  const std::size_t slash = head.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash != std::string::npos) head.resize(slash);
  return head + "/" + database + tail;
}

ScratchPostgres::ScratchPostgres() {
  static std::atomic<int> counter{0};
  name_ = "luodi_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  const std::string base = test_postgres().value_or("postgresql://");
  run_sql(base, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  // A Chinese ICU collation, as a city's own server would likely have: luodi
  // must order codes byte by byte whatever the database's default.
  run_sql(base, "CREATE DATABASE " + name_ +
                    " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8' LOCALE_PROVIDER icu "
                    "ICU_LOCALE 'zh-CN'");
  uri_ = with_database(base, name_);
}

ScratchPostgres::~ScratchPostgres() {
  try {
    run_sql(test_postgres().value_or("postgresql://"),
            "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The cluster is thrown away with the suite anyway.
  }
}

std::string ScratchPostgres::query(const std::string& sql) const {
  try {
    return run_sql(uri_, sql);
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what();
    return "";
  }
}

}  // namespace luodi::testing
