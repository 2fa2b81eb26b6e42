// Thin RAII over the SQLite C API, private to the store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "luodi/status.h"

namespace luodi {
// A column's value as stored, whichever the backend: what copying a row
// from one database to another carries without a loss.
using ColumnValue = std::variant<std::monostate, std::int64_t, double, std::string>;

// Binds `v` as parameter `i` of `st` (a statement of either backend).
template <typename Statement>
Statement& bind_value(Statement& st, int i, const ColumnValue& v) {
  std::visit(
      [&](const auto& x) {
        if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::monostate>) {
          st.bind_null(i);
        } else if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::string>) {
          st.bind(i, std::string_view(x));
        } else {
          st.bind(i, x);
        }
      },
      v);
  return st;
}
}  // namespace luodi

namespace luodi::sqlite {

class Statement {
 public:
  static constexpr const char* kErrorPrefix = "sqlite: ";
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool valid() const { return stmt_ != nullptr; }
  const std::string& prepare_error() const { return error_; }

  Statement& bind(int i, std::string_view v);  // copies v
  // Binds without copying: `v` must stay alive and unchanged until reset().
  Statement& bind_ref(int i, const std::string& v);
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, double v);
  Statement& bind(int i, const std::optional<double>& v);
  Statement& bind_null(int i);
  // SQLite always steps through rows as they are found (pg_db.h's scans ask for it).
  Statement& rows_one_at_a_time() { return *this; }

  // SQLITE_ROW → true, SQLITE_DONE → false; other codes set `error`.
  bool step();
  // Steps to completion; Internal status on failure.
  Status run();
  void reset();
  // Ends a use of a reused statement: its error as an Internal status (Ok if
  // none), and the statement reset for the next use.
  Status done();
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

  int columns() const { return sqlite3_column_count(stmt_); }
  std::string text(int col) const;
  std::int64_t integer(int col) const;
  std::optional<double> real(int col) const;
  bool is_null(int col) const;
  ColumnValue value(int col) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  std::string error_;
};

class Database {
 public:
  using Statement = sqlite::Statement;
  // Starts a write transaction.
  static constexpr const char* kBegin = "BEGIN IMMEDIATE";
  // The dialect's words where SQLite and PostgreSQL differ: the database
  // clock in ms since the epoch, the table of leases, and row locks (none:
  // a write transaction already excludes every other writer).
  static constexpr const char* kNowMs =
      "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
  static constexpr const char* kLeases = "leases";
  static constexpr const char* kForShare = "";
  static constexpr const char* kForUpdate = "";
  static constexpr const char* kSkipLocked = "";
  static constexpr bool kHasRowid = true;
  // The gauges are one row per group, kept by triggers: nothing to compact.
  static constexpr std::string_view kGaugeDeltas = {};
  Database() = default;
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  enum class Mode { kCreate, kReadWrite, kReadOnly };
  Status open(const std::string& path, Mode mode);
  Status exec(std::string_view sql);
  // The primary result code of the last failed call (SQLITE_FULL, SQLITE_READONLY …).
  int error_code() const { return db_ ? sqlite3_errcode(db_) : SQLITE_NOMEM; }
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  sqlite3* handle() { return db_; }
  // Rows the last INSERT, UPDATE or DELETE changed.
  int changes() { return sqlite3_changes(db_); }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace luodi::sqlite
