// Thin RAII over libpq, private to the store. It mirrors sqlite_db.h
// (Database::prepare, Statement::bind by 1-based index, step, run, done,
// reset), so each area of the store is written once for both backends.
// SQL is written with SQLite's `?` and `?N` placeholders and becomes `$n`
// here; every statement is prepared once per connection, by its text.
// A query's result comes whole, unless the statement asks for its rows one
// at a time (rows_one_at_a_time: libpq's single-row mode), as the scans of
// every event, project or row do, so that such a scan holds one row, not a
// city. A connection runs one query at a time: when another statement needs
// it while rows are still coming, the rest of those rows is read into memory
// first (only then is such a result held whole).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/status.h"
#include "store/postgres_schema.h"
#include "store/sqlite_db.h"  // ColumnValue

namespace luodi::pg {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// `sql` with `?` and `?N` placeholders (outside quotes) as `$n`; `used[n-1]`
// tells whether $n appears (its size is the highest number).
std::string dollar_placeholders(std::string_view sql, std::vector<bool>* used);

class Database;

class Statement {
 public:
  static constexpr const char* kErrorPrefix = "postgresql: ";
  Statement() = default;
  Statement(Database* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;

  bool valid() const { return db_ != nullptr; }

  Statement& bind(int i, std::string_view v);
  Statement& bind_ref(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, double v);
  Statement& bind(int i, const std::optional<double>& v);
  Statement& bind_null(int i);
  // The rows come one at a time as they are stepped through (a scan of a
  // whole table), rather than all at once (about a third slower a row).
  Statement& rows_one_at_a_time() {
    one_at_a_time_ = true;
    return *this;
  }

  // Runs the statement at the first call; then true for each row, false
  // after the last (or on an error, which `error` then holds).
  bool step();
  Status run();
  // The run's error as a status (Ok if none), and the statement reset.
  Status done();
  // Forgets the run and the parameters, for the next use.
  void reset();
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

  int columns() const { return result_ ? PQnfields(result_.get()) : 0; }
  std::string text(int col) const;
  std::int64_t integer(int col) const;
  std::optional<double> real(int col) const;
  bool is_null(int col) const { return PQgetisnull(result_.get(), row_, col) != 0; }
  ColumnValue value(int col) const;

 private:
  friend class Database;
  void execute();
  // The next result of this statement's query: kept in memory, or read from
  // the connection while it streams; null at the end.
  ResultPtr take();
  // The next result from the connection (null once the query has ended).
  ResultPtr next_from_connection();
  // Reads the rest of the query's results into memory (the connection is
  // wanted by another statement).
  void keep_rest();
  // Reads and drops the rest of the query's results.
  void drop_rest();
  void move_from(Statement& other) noexcept;

  Database* db_ = nullptr;
  std::string sql_;  // with $n placeholders
  int param_count_ = 0;
  std::vector<bool> used_;
  std::vector<std::optional<std::string>> params_;
  ResultPtr result_;  // holding the current row
  int row_ = -1;
  std::deque<ResultPtr> kept_;  // results read ahead for another statement
  bool one_at_a_time_ = false;
  bool streaming_ = false;  // its results are still coming from the connection
  Status status_;
  std::string error_;
  bool ran_ = false;
};

class Database {
 public:
  using Statement = pg::Statement;
  // Starts a write transaction.
  static constexpr const char* kBegin = "BEGIN ISOLATION LEVEL READ COMMITTED";
  // The dialect's words where SQLite and PostgreSQL differ: the database
  // clock in ms since the epoch, the table of leases (shared by the cities),
  // and row locks.
  static constexpr const char* kNowMs =
      "CAST(extract(epoch FROM clock_timestamp()) * 1000 AS bigint)";
  static constexpr const char* kLeases = "luodi.leases";
  static constexpr const char* kForShare = " FOR SHARE";
  static constexpr const char* kForUpdate = " FOR UPDATE";
  static constexpr const char* kSkipLocked = " FOR UPDATE SKIP LOCKED";
  static constexpr bool kHasRowid = false;
  // The gauges' rows of changes summed into one per group (postgres_schema.h).
  static constexpr std::string_view kGaugeDeltas = postgres::kCompactGauges;
  Database() = default;
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Status open(const std::string& uri);
  // Statements without parameters (several, separated by ';').
  Status exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(this, sql); }
  // Rows the last command run through a Statement changed.
  int changes() const { return changes_; }
  // `name` quoted as an identifier.
  std::string identifier(std::string_view name);
  PGconn* handle() { return conn_; }

 private:
  friend class pg::Statement;
  // The name of the statement prepared for `sql` on this connection.
  // Parameters the text does not use are declared text (PostgreSQL cannot
  // infer their type); the others are inferred.
  Result<std::string> prepared(const std::string& sql, const std::vector<bool>& used);

  // Lets the connection go: a statement whose rows are still coming reads
  // the rest of them into memory.
  void release();

  PGconn* conn_ = nullptr;
  Statement* streaming_ = nullptr;  // the statement whose rows are coming, if any
  std::map<std::string, std::string, std::less<>> prepared_;  // sql → statement name
  int changes_ = 0;
};

}  // namespace luodi::pg
