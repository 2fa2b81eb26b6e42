// The tables of a city, described once for both backends: each column's
// name, logical type, nullability and default, the keys and the indexes.
// The one place that maps a logical type to each backend's type is
// type_name(); create_table() and add_column() render a description as
// SQLite or PostgreSQL DDL. The projects table's attribute columns come from
// the attributes' declaration (attribute_fields()).
//
// The description is the city's current schema: migrations after version 12
// are rendered from it (store/migrations.h), the rows `luodi migrate` copies
// are its columns (columns::kCopied), and a test checks that a database
// migrated step by step (schema.h, postgres_schema.h) has exactly its
// columns, types, defaults and indexes on both backends. What is one
// backend's own (the gauges and their triggers, SQLite's city lease,
// PostgreSQL's schema_version) stays in that backend's schema file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace luodi::schema {

enum class Backend { kSqlite, kPostgres };

// Logical column types. Dates are ISO text on both backends, flags 0/1.
enum class Type {
  kText,     // TEXT / ltext (text compared byte by byte)
  kDate,     // as text: YYYY-MM-DD, or a timestamp
  kJson,     // as text
  kInteger,  // INTEGER / bigint
  kBool,     // as an integer, 0 or 1
  kReal,     // REAL / double precision
  kSerial,   // an integer key the database assigns (events.seq)
};

struct Column {
  std::string name;
  Type type = Type::kText;
  bool not_null = false;
  std::string default_sql;  // a literal ('' , 'green', 0), or empty: none
};

struct Index {
  std::string name;
  std::vector<std::string> columns;
  std::string where;  // a partial index's condition, or empty
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::string> primary_key;
  std::vector<std::string> unique;  // single-column UNIQUE constraints
  std::vector<Index> indexes;

  const Column* find(std::string_view column) const;
  // Every column, comma-separated and quoted where a backend needs it ("by").
  std::string column_list() const;
};

// The tables both backends hold, in an order their rows' references allow.
const std::vector<Table>& tables();
const Table& table(std::string_view name);  // an unknown name is a programming error

// The one mapping of logical types to each backend's.
std::string_view type_name(Type type, Backend backend);
// A column as written in CREATE TABLE or ADD COLUMN.
std::string column_ddl(const Column& c, Backend backend);
// The CREATE TABLE and CREATE INDEX statements of a table.
std::string create_table(const Table& t, Backend backend);
// One index's CREATE INDEX; the one named `index` (described in `t`).
std::string create_index(const Table& t, const Index& ix);
std::string add_index(const Table& t, std::string_view index);
// The ALTER TABLE that adds `column` (described in `t`) to an existing table.
std::string add_column(const Table& t, std::string_view column, Backend backend);
// A name as SQL writes it ("by" is a keyword of PostgreSQL).
std::string quoted(std::string_view name);

}  // namespace luodi::schema
