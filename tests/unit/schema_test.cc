// The city's tables are described once (engine/store/tables.h) and rendered
// to each backend's DDL by one function. A database migrated step by step
// (the released migrations, then those rendered from the description) and
// one created from the description have the same columns, types,
// nullability, defaults and indexes, on SQLite and on PostgreSQL.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <functional>
#include <set>
#include <string>

#include "luodi/project.h"
#include "store/columns.h"
#include "store/migrations.h"
#include "store/store.h"
#include "store/tables.h"
#include "support/postgres.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using schema::Backend;
using testing::ScratchPostgres;
using testing::TempDir;

// Every row of a query, its columns joined by spaces.
std::set<std::string> sqlite_rows(sqlite3* db, const std::string& sql) {
  std::set<std::string> out;
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      const auto* t = sqlite3_column_text(st, i);
      row += (i ? " " : "") + (t ? std::string(reinterpret_cast<const char*>(t)) : "NULL");
    }
    out.insert(row);
  }
  sqlite3_finalize(st);
  return out;
}

// The described tables' columns (name, declared type, NOT NULL or key,
// default) and indexes (columns, partial; UNIQUE constraints) as SQLite
// reports them.
std::set<std::string> sqlite_shape(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::set<std::string> out;
  for (const schema::Table& t : schema::tables()) {
    for (const auto& r : sqlite_rows(db,
                                     "SELECT name, type, \"notnull\" OR pk > 0, "
                                     "coalesce(dflt_value, '-') FROM pragma_table_info('" +
                                         t.name + "')"))
      out.insert(t.name + "." + r);
    for (const auto& ix : sqlite_rows(db, "SELECT name, origin, partial FROM pragma_index_list('" +
                                              t.name + "') WHERE origin <> 'pk'")) {
      const std::string name = ix.substr(0, ix.find(' '));
      std::string cols;
      for (const auto& c :
           sqlite_rows(db, "SELECT seqno || ':' || name FROM pragma_index_info('" + name + "')"))
        cols += c + ",";
      out.insert(t.name + " index " + (name.starts_with("sqlite_autoindex") ? "(unique)" : ix) +
                 " on " + cols);
    }
  }
  sqlite3_close(db);
  return out;
}

TEST(Schema, ASqliteDatabaseMigratedStepByStepIsTheDescribedOne) {
  TempDir dir;
  const std::string migrated = dir.file("migrated.db"), described = dir.file("described.db");
  {
    auto store = open_store(migrated, OpenMode::kCreate);
    ASSERT_TRUE(store.ok()) << store.status().message();
    EXPECT_EQ((*store)->schema_version(), latest_schema_version());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(described.c_str(), &db), SQLITE_OK);
  for (const schema::Table& t : schema::tables()) {
    const std::string ddl = schema::create_table(t, Backend::kSqlite);
    ASSERT_EQ(sqlite3_exec(db, ddl.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db) << "\n"
        << ddl;
  }
  sqlite3_close(db);
  const auto step_by_step = sqlite_shape(migrated), from_description = sqlite_shape(described);
  EXPECT_EQ(step_by_step, from_description);
  EXPECT_GT(step_by_step.size(), 100u);
  for (const AttributeField& f : attribute_fields())
    EXPECT_TRUE(step_by_step.contains("projects." + std::string(f.name) +
                                      (f.text ? " TEXT 1 " : " REAL 0 -") +
                                      (f.text ? (f.required ? "-" : "''") : "")))
        << f.name << ": a declared attribute is a column of its type";
}

TEST(Schema, TheBackendsTypesAreMappedInOnePlace) {
  EXPECT_EQ(schema::type_name(schema::Type::kReal, Backend::kSqlite), "REAL");
  EXPECT_EQ(schema::type_name(schema::Type::kReal, Backend::kPostgres), "double precision");
  EXPECT_EQ(schema::type_name(schema::Type::kDate, Backend::kPostgres), "ltext");
  EXPECT_EQ(schema::type_name(schema::Type::kBool, Backend::kPostgres), "bigint");
  EXPECT_EQ(schema::add_column(schema::table("projects"), "plan_wan", Backend::kPostgres),
            "ALTER TABLE projects ADD COLUMN plan_wan double precision;\n");
  EXPECT_EQ(schema::add_column(schema::table("projects"), "leader", Backend::kSqlite),
            "ALTER TABLE projects ADD COLUMN leader TEXT NOT NULL DEFAULT '';\n");
  EXPECT_EQ(schema::table("instructions").column_list(),
            "id, project, blocker_id, text, assignee, due, on_date, \"by\", done_on, done_note");
}

TEST(Schema, AProjectIsReadByTheAttributesDeclaration) {
  // Every attribute is a column the projects are read by, after the lifecycle's.
  const std::string cols = columns::project();
  for (const AttributeField& f : attribute_fields()) {
    EXPECT_NE(cols.find(", " + std::string(f.name)), std::string::npos) << f.name;
    EXPECT_NE(schema::table("projects").find(f.name), nullptr) << f.name;
  }
  EXPECT_EQ(cols.rfind(std::string(columns::kLifecycle), 0), 0u);
}

// The same on PostgreSQL: information_schema's view of the migrated city and
// of a schema created from the description.
std::string postgres_shape(const ScratchPostgres& pg, const std::string& schema) {
  std::string tables;
  for (const schema::Table& t : schema::tables())
    tables += (tables.empty() ? "'" : ", '") + t.name + "'";
  const std::string columns = pg.query(
      "SELECT string_agg(table_name || '.' || column_name || ' ' || data_type || ' ' || "
      "coalesce(domain_name, '-') || ' ' || is_nullable || ' ' || "
      "coalesce(regexp_replace(column_default, '::[a-z ]+$', ''), '-') || ' ' || is_identity, "
      "E'\\n' ORDER BY table_name, column_name) FROM information_schema.columns "
      "WHERE table_schema = '" +
      schema + "' AND table_name IN (" + tables + ")");
  const std::string indexes = pg.query("SELECT string_agg(replace(indexdef, '" + schema +
                                       ".', ''), E'\\n' ORDER BY indexname) "
                                       "FROM pg_indexes WHERE schemaname = '" +
                                       schema + "' AND tablename IN (" + tables + ")");
  return columns + "\n" + indexes;
}

TEST(Schema, APostgresCityMigratedStepByStepIsTheDescribedOne) {
  LUODI_NEED_POSTGRES();
  ScratchPostgres pg;
  {
    auto store = open_store(pg.uri(), OpenMode::kCreate);
    ASSERT_TRUE(store.ok()) << store.status().message();
    EXPECT_EQ((*store)->schema_version(), latest_schema_version());
  }
  std::string ddl =
      "CREATE SCHEMA described; SET search_path TO described; "
      "CREATE DOMAIN ltext AS text COLLATE \"C\";\n";
  for (const schema::Table& t : schema::tables())
    ddl += schema::create_table(t, Backend::kPostgres);
  pg.query(ddl + "SELECT 1");
  const std::string step_by_step = postgres_shape(pg, "city_default");
  EXPECT_EQ(step_by_step, postgres_shape(pg, "described"));
  EXPECT_NE(step_by_step.find("projects.plan_wan double precision - YES - NO"), std::string::npos)
      << step_by_step;
}

// Migration 13 adds the contact phone (联系电话) to a version-12 database:
// the projects keep every other attribute, and the new one is empty until
// set. `downgrade` takes the store's database back to version 12.
void upgrade_from_12(const std::string& location, const std::function<void()>& downgrade) {
  ProjectState p;
  p.code = "LX-1";
  p.attributes.name = "项目";
  p.attributes.unit = "马涧镇";
  p.attributes.leader = "钱立新";
  p.attributes.plan_wan = 800;
  p.stage_since = p.created_on = p.last_event_on = *Date::parse("2026-03-01");
  {
    auto store = open_store(location, OpenMode::kCreate);
    ASSERT_TRUE(store.ok()) << store.status().message();
    ASSERT_TRUE((*store)->projects().insert_project(p, std::nullopt, p.created_on).ok());
  }
  downgrade();
  auto store = open_store(location, OpenMode::kExisting);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ((*store)->schema_version(), schema::latest_version()) << "13 and those after it";
  auto loaded = (*store)->projects().load_project("LX-1", false);
  ASSERT_TRUE(loaded.ok() && *loaded) << loaded.status().message();
  EXPECT_EQ((**loaded).attributes, p.attributes) << "every attribute kept, the phone empty";
  p.attributes.contact_phone = "0571-88886666";
  ASSERT_TRUE((*store)->projects().set_attributes(p).ok());
  loaded = (*store)->projects().load_project("LX-1", false);
  ASSERT_TRUE(loaded.ok() && *loaded);
  EXPECT_EQ((**loaded).attributes.contact_phone, "0571-88886666");
}

TEST(Schema, ASqliteDatabaseAtVersion12GainsTheContactPhone) {
  TempDir dir;
  const std::string path = dir.file("v12.db");
  upgrade_from_12(path, [&] {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db,
                           "ALTER TABLE projects DROP COLUMN contact_phone; DROP INDEX "
                           "events_by_instruction; DROP INDEX outbox_by_created; "
                           "PRAGMA user_version = 12",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  });
}

TEST(Schema, APostgresCityAtVersion12GainsTheContactPhone) {
  LUODI_NEED_POSTGRES();
  ScratchPostgres pg;
  upgrade_from_12(pg.uri(), [&] {
    pg.query(
        "ALTER TABLE city_default.projects DROP COLUMN contact_phone; "
        "DROP INDEX city_default.events_by_instruction; "
        "DROP INDEX city_default.outbox_by_created; "
        "UPDATE city_default.schema_version SET version = 12; SELECT 1");
  });
}

}  // namespace
}  // namespace luodi
