// What every area of the store shares, whichever the backend: an area is a
// class template over the connection type (sqlite::Database or
// pg::Database, whose statements have the same interface), written once and
// instantiated for each; the row readers; errors as statuses.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "store/pg_db.h"
#include "store/row_readers.h"
#include "store/sqlite_db.h"
#include "store/store.h"
#include "store/tables.h"

namespace luodi {

// The rows a scan of a whole table reads in one query (a page): what a scan
// holds at a time.
inline constexpr std::int64_t kScanPage = 1000;

using namespace rows;  // the row readers both backends share

template <typename Statement, typename T>
Result<T> finish(const Statement& st, T value) {
  if (st.failed()) return Status::Internal(Statement::kErrorPrefix + st.error());
  return value;
}

// The first column of every row, as text.
template <typename Statement>
Result<std::vector<std::string>> codes(Statement& st) {
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return finish(st, std::move(out));
}

// Setting a small named setting (the meta table; AreaStore::meta reads it).
template <typename Db>
Status write_meta(Db& db, const std::string& key, const std::string& value) {
  auto st = db.prepare(
      "INSERT INTO meta (key, value) VALUES (?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  return st.bind(1, key).bind(2, value).run();
}

// An area of the store over the store's one connection.
template <typename Db>
class Area {
 public:
  explicit Area(Db& db) : db_(db) {}

 protected:
  using Statement = typename Db::Statement;
  Statement& cached(Statement& slot, std::string_view sql) {
    if (!slot.valid()) slot = db_.prepare(sql);
    return slot;
  }
  int changes() { return db_.changes(); }

  Db& db_;
};

// What an area class template over `Db` takes from its base (the names of a
// dependent base are not found otherwise).
#define LUODI_AREA_OVER_CONNECTION \
  using Area<Db>::db_;             \
  using Area<Db>::cached;          \
  using Area<Db>::changes;         \
  using Statement = typename Db::Statement;

#define LUODI_STORE_AREA(Interface, name)                \
  std::unique_ptr<Interface> name(sqlite::Database& db); \
  std::unique_ptr<Interface> name(pg::Database& db);
LUODI_STORE_AREA(ProjectStore, projects_area)
LUODI_STORE_AREA(ScheduleStore, schedule_area)
LUODI_STORE_AREA(StandingStore, standing_area)
LUODI_STORE_AREA(OutboxStore, outbox_area)
LUODI_STORE_AREA(DirectoryStore, directory_area)
LUODI_STORE_AREA(UserStore, users_area)
LUODI_STORE_AREA(CampaignStore, campaigns_area)
#undef LUODI_STORE_AREA
// The lease of the city `city` names (the store's own string).
std::unique_ptr<LeaseStore> leases_area(sqlite::Database& db, const std::string& city);
std::unique_ptr<LeaseStore> leases_area(pg::Database& db, const std::string& city);

// The copied table called `name` (columns::kCopied), as the description
// (store/tables.h) gives it; an unknown name is a programming error.
inline const schema::Table& copied(std::string_view name) { return schema::table(name); }

// The position of the project column of `t` (of its code in projects).
inline std::size_t project_column(const schema::Table& t) {
  const std::string_view key = t.name == "projects" ? "code" : "project";
  std::size_t i = 0;
  while (i < t.columns.size() && t.columns[i].name != key) ++i;
  return i;
}

// Its columns and the order of its rows (its key).
inline std::string copied_order(const schema::Table& t) {
  std::string out;
  for (const auto& k : t.primary_key) out += (out.empty() ? "" : ", ") + k;
  return out;
}

// A store whose areas all work over its one connection `db_`; a backend
// adds transactions, settings and the schema.
template <typename Db>
class AreaStore : public Store {
 public:
  ProjectStore& projects() override { return *projects_; }
  ScheduleStore& schedule() override { return *schedule_; }
  StandingStore& standing() override { return *standing_; }
  OutboxStore& outbox() override { return *outbox_; }
  DirectoryStore& directory() override { return *directory_; }
  UserStore& users() override { return *users_; }
  CampaignStore& campaigns() override { return *campaigns_; }
  LeaseStore& leases() override { return *leases_; }
  // Prepared once: a server's readers read the rules' revision before each request.
  Result<std::optional<std::string>> meta(const std::string& key) override {
    auto& st = cached(meta_, "SELECT value FROM meta WHERE key = ?");
    st.bind_ref(1, key);
    std::optional<std::string> out;
    if (st.step()) out = st.text(0);
    LUODI_RETURN_IF_ERROR(st.done());
    return out;
  }
  Status set_meta(const std::string& key, const std::string& value) override {
    return write_meta(db_, key, value);
  }
  const std::string& city() const override { return city_; }

  Status export_rows(const std::string& table,
                     const std::function<Status(const std::vector<ColumnValue>&)>& row) override {
    const schema::Table& t = copied(table);
    auto st = db_.prepare("SELECT " + t.column_list() + " FROM " + t.name + " ORDER BY " +
                          copied_order(t));
    st.rows_one_at_a_time();
    std::vector<ColumnValue> values;
    while (st.step()) {
      values.clear();
      for (int i = 0; i < st.columns(); ++i) values.push_back(st.value(i));
      LUODI_RETURN_IF_ERROR(row(values));
    }
    return finish(st, 0).status();
  }

  Status export_rows(const std::string& table, const std::set<std::string>& codes,
                     const std::function<Status(const std::vector<ColumnValue>&)>& row) override {
    const schema::Table& t = copied(table);
    const char* key = t.name == "projects" ? "code" : t.find("project") ? "project" : nullptr;
    if (!key) return export_rows(table, row);
    const std::string select = "SELECT " + t.column_list() + " FROM " + t.name + " WHERE ";
    std::vector<ColumnValue> values;
    auto each = [&](Statement& st, bool skip_copied) -> Status {
      st.rows_one_at_a_time();
      while (st.step()) {
        values.clear();
        for (int i = 0; i < st.columns(); ++i) values.push_back(st.value(i));
        if (skip_copied && codes.count(std::get<std::string>(values[project_column(t)]))) continue;
        LUODI_RETURN_IF_ERROR(row(values));
      }
      return finish(st, 0).status();
    };
    // The projects in lists of up to kChunk codes a statement.
    constexpr std::size_t kChunk = 500;
    std::vector<const std::string*> list;
    for (auto c = codes.begin(); c != codes.end();) {
      list.clear();
      for (; c != codes.end() && list.size() < kChunk; ++c) list.push_back(&*c);
      std::string marks;
      for (std::size_t i = 0; i < list.size(); ++i) marks += i ? ",?" : "?";
      auto st = db_.prepare(select + key + " IN (" + marks + ")");
      for (std::size_t i = 0; i < list.size(); ++i) st.bind_ref(static_cast<int>(i + 1), *list[i]);
      LUODI_RETURN_IF_ERROR(each(st, false));
    }
    if (t.name != "events") return Status::Ok();
    auto st = db_.prepare(
        select + "kind = 'instructed' OR blocker_id = (SELECT MAX(blocker_id) FROM events)");
    return each(st, true);
  }

  Result<std::int64_t> last_event_seq() override {
    auto& st = cached(last_event_seq_, "SELECT COALESCE(MAX(seq), 0) FROM events");
    const std::int64_t seq = st.step() ? st.integer(0) : 0;
    LUODI_RETURN_IF_ERROR(st.done());
    return seq;
  }

  Status import_row(const std::string& table, const std::vector<ColumnValue>& row) override {
    auto& st = inserts_[table];
    if (!st.valid()) {
      const schema::Table& t = copied(table);
      std::string marks;
      for (std::size_t i = 0; i < row.size(); ++i) marks += i ? ",?" : "?";
      st = db_.prepare(
          "INSERT INTO " + t.name + " (" + t.column_list() + ") VALUES (" + marks + ")" +
          (t.name == "meta" ? " ON CONFLICT (key) DO UPDATE SET value = excluded.value" : ""));
    }
    for (std::size_t i = 0; i < row.size(); ++i) bind_value(st, static_cast<int>(i + 1), row[i]);
    return st.run();
  }

  // Savepoints are taken once per command inside a batch: their statements
  // are prepared once, not parsed each time.
  Status begin() override {
    LUODI_RETURN_IF_ERROR(writable());
    Status s =
        depth_ == 0 ? cached(begin_, Db::kBegin).run() : savepoint(depth_, "SAVEPOINT").run();
    if (s.ok()) ++depth_;
    return s;
  }

  Status commit() override {
    if (depth_ == 0) return Status::Internal("commit without a transaction");
    --depth_;
    Status s = depth_ == 0 ? cached(commit_, "COMMIT").run() : savepoint(depth_, "RELEASE").run();
    if (!s.ok()) {
      ++depth_;
      rollback();
    }
    return s;
  }

  void rollback() override {
    if (depth_ == 0) return;
    --depth_;
    if (depth_ == 0) {
      (void)db_.exec("ROLLBACK");
    } else {
      const std::string sp = "sp" + std::to_string(depth_);
      (void)db_.exec("ROLLBACK TO " + sp + "; RELEASE " + sp);
    }
  }

 protected:
  using Statement = typename Db::Statement;
  // Whether this connection may write (Ok), or why not.
  virtual Status writable() { return Status::Ok(); }

  Statement& cached(Statement& slot, std::string_view sql) {
    if (!slot.valid()) slot = db_.prepare(sql);
    return slot;
  }

  // "SAVEPOINT spN" or "RELEASE spN", prepared once per depth.
  Statement& savepoint(int depth, const std::string& verb) {
    auto& slots = verb == "RELEASE" ? release_ : savepoint_;
    if (static_cast<int>(slots.size()) <= depth) slots.resize(depth + 1);
    return cached(slots[depth], verb + " sp" + std::to_string(depth));
  }

  Db db_;  // declared first: the areas hold a reference to it
  int depth_ = 0;
  std::string city_{kDefaultCity};

 private:
  Statement begin_, commit_, last_event_seq_, meta_;
  std::map<std::string, Statement> inserts_;  // import_row's, by table
  std::vector<Statement> savepoint_, release_;
  std::unique_ptr<ProjectStore> projects_ = projects_area(db_);
  std::unique_ptr<ScheduleStore> schedule_ = schedule_area(db_);
  std::unique_ptr<StandingStore> standing_ = standing_area(db_);
  std::unique_ptr<OutboxStore> outbox_ = outbox_area(db_);
  std::unique_ptr<DirectoryStore> directory_ = directory_area(db_);
  std::unique_ptr<UserStore> users_ = users_area(db_);
  std::unique_ptr<CampaignStore> campaigns_ = campaigns_area(db_);
  std::unique_ptr<LeaseStore> leases_ = leases_area(db_, city_);
};

}  // namespace luodi
