#include "store/migrations.h"

#include "store/gauge_sql.h"
#include "store/postgres_schema.h"
#include "store/schema.h"

namespace luodi::schema {

const std::vector<Migration>& migrations() {
  // Append, never edit one released. An attribute's column is added here
  // once its declaration (attribute_fields()) has it; SQLite adds a NOT NULL
  // column only with a default.
  static const std::vector<Migration> all = {
      // 13: a project's contact phone (联系电话).
      {"a project's contact phone", {{"projects", "contact_phone"}}},
      // 14: the instructions given, counted for the next one's id without a scan
      // of every event (issue 29).
      {"the instructions' index", {}, {{"events", "events_by_instruction"}}},
      // 15: the gauges keep the amounts stats sums, exact, beside each
      // group's count (rebuilt from the projection; triggers keep them).
      {"the gauges' amounts", {}, {}, sqlite::gauge_amounts(), postgres::kGaugeAmounts},
      // 16: the outbox's creation order: its pages are read in SQL (issue 29).
      {"the outbox's creation order", {}, {{"outbox", "outbox_by_created"}}},
  };
  return all;
}

std::string migration_sql(const Migration& m, Backend backend) {
  std::string out;
  for (const AddColumn& a : m.add) out += add_column(table(a.table), a.column, backend);
  for (const AddIndex& i : m.indexes) out += add_index(table(i.table), i.index);
  out += backend == Backend::kSqlite ? m.sqlite_sql : m.postgres_sql;
  return out;
}

int latest_version() { return kDescribedFrom + static_cast<int>(migrations().size()); }

}  // namespace luodi::schema
