// The embedded SQLite backend: WAL, synchronous=FULL (an acknowledged commit
// survives a crash or power loss), one write transaction per command. This
// file holds the connection, its transactions and schema; each area of the
// store is written once for both backends (projects_area.cc, …).
#include <unistd.h>

#include <filesystem>

#include "store/area.h"
#include "store/migrations.h"
#include "store/schema.h"

namespace luodi {

namespace {

using sqlite::Statement;

class SqliteStore final : public AreaStore<sqlite::Database> {
 public:
  const char* kind() const override { return "sqlite"; }

  // The one city: its name is a setting (none, or the id: no name yet).
  Result<std::vector<CityRecord>> cities() override {
    LUODI_ASSIGN_OR_RETURN(auto name, meta("city.name"));
    return std::vector<CityRecord>{{city_, name && *name != city_ ? *name : std::string()}};
  }
  Status set_city_name(const std::string& name) override { return set_meta("city.name", name); }

  // One server a file: no hints to give or take.
  Status announce_change() override { return Status::Ok(); }
  Status listen_for_changes() override { return Status::Ok(); }
  int change_socket() override { return -1; }
  Result<bool> changes_arrived() override { return false; }

  // AUTOINCREMENT follows the largest sequence number inserted.
  Status finish_import() override { return Status::Ok(); }
  Status discard_city() override { return Status::Ok(); }

  Status writable() override {
    if (read_only_)
      return Status::Internal(path_ +
                              " is read-only to this user: this command writes and cannot run");
    return Status::Ok();
  }

  Status open(const std::string& path, OpenMode mode) {
    const bool exists = std::filesystem::exists(path);
    if (mode == OpenMode::kCreate && exists)
      return Status::Conflict("database " + path + " already exists; refusing to overwrite it");
    if (mode == OpenMode::kExisting && !exists)
      return Status::BadInput("no database at " + path + " (run 'luodi init' first, or pass --db)");
    path_ = path;
    // A file this process may not write is opened read-only: reading
    // commands work, writing ones say why they cannot.
    read_only_ = mode == OpenMode::kExisting && ::access(path.c_str(), W_OK) != 0;
    using Mode = sqlite::Database::Mode;
    LUODI_RETURN_IF_ERROR(db_.open(path, mode == OpenMode::kCreate ? Mode::kCreate
                                         : read_only_              ? Mode::kReadOnly
                                                                   : Mode::kReadWrite));
    // The first statement reads the file: a file that is not SQLite fails here.
    // A 64 MiB page cache holds the projection of a large city.
    Status s =
        read_only_
            ? db_.exec("PRAGMA cache_size=-65536; SELECT count(*) FROM sqlite_master;")
            : db_.exec(
                  "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                  "PRAGMA cache_size=-65536;");
    if (!s.ok()) return open_error(s);
    // Each command of a batch is a savepoint, whose statement journal (the
    // pages before it) is kept in memory rather than written to a temporary
    // file: half a batch's time went to those writes (issue 29).
    if (!read_only_) LUODI_RETURN_IF_ERROR(db_.exec("PRAGMA temp_store=MEMORY"));
    return migrate();
  }

  // Why a database could not be opened, in words an operator acts on.
  Status open_error(const Status& s) {
    switch (db_.error_code() & 0xFF) {
      case SQLITE_NOTADB:
        return Status::BadInput(path_ + " is not a luodi database (" + s.message() + ")");
      case SQLITE_READONLY:
        return Status::Internal(path_ + " is read-only (" + s.message() + ")");
      case SQLITE_FULL:
        return Status::Internal("the disk holding " + path_ + " is full (" + s.message() + ")");
      case SQLITE_IOERR:
      case SQLITE_CANTOPEN:
        return Status::Internal("cannot read or write " + path_ + " or its -wal/-shm files (" +
                                s.message() + ")");
      default:
        return Status::Internal("cannot open " + path_ + " (" + s.message() + ")");
    }
  }

  Status backup_to(const std::string& path) override {
    if (std::filesystem::exists(path))
      return Status::Conflict(path + " exists; not overwriting it");
    sqlite3* dest = nullptr;
    if (sqlite3_open_v2(path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      std::string msg = dest ? sqlite3_errmsg(dest) : "out of memory";
      sqlite3_close(dest);
      std::filesystem::remove(path);
      return Status::BadInput("cannot create " + path + ": " + msg);
    }
    // Steps of 256 pages, so writers are held up only briefly at a time.
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", db_.handle(), "main");
    int rc = SQLITE_OK;
    if (b) {
      do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(10);
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      sqlite3_backup_finish(b);
    }
    std::string msg = sqlite3_errmsg(dest);
    sqlite3_close(dest);
    if (!b || rc != SQLITE_DONE) {
      std::filesystem::remove(path);
      return Status::Internal("backup failed: " + msg);
    }
    return Status::Ok();
  }

  int schema_version() override {
    Statement st = db_.prepare("PRAGMA user_version");
    return st.step() ? static_cast<int>(st.integer(0)) : 0;
  }

  Result<std::int64_t> data_version() override {
    auto& st = cached(data_version_, "PRAGMA data_version");
    std::int64_t v = st.step() ? st.integer(0) : 0;
    LUODI_RETURN_IF_ERROR(st.done());
    return v;
  }

  Status limit_page_cache(std::size_t kib) override {
    return db_.exec("PRAGMA cache_size=-" + std::to_string(kib));
  }

  Status map_for_reading(std::size_t bytes) override {
    return db_.exec("PRAGMA mmap_size=" + std::to_string(bytes));
  }

 private:
  // The released steps (schema.h), then those rendered from the
  // description (store/migrations.h).
  Status migrate() {
    const int from = schema_version();
    const int latest = latest_schema_version();
    if (from > latest)
      return Status::Internal("database schema version " + std::to_string(from) +
                              " is newer than this luodi understands (" + std::to_string(latest) +
                              ")");
    if (read_only_ && from < latest)
      return Status::Internal(path_ + " is read-only and needs upgrading to schema " +
                              std::to_string(latest) + ": open it once with write access");
    for (int v = from; v < latest; ++v) {
      LUODI_RETURN_IF_ERROR(begin());
      const int released = static_cast<int>(sqlite::kMigrations.size());
      Status s = v < released ? db_.exec(sqlite::kMigrations[v])
                              : db_.exec(schema::migration_sql(schema::migrations()[v - released],
                                                               schema::Backend::kSqlite));
      if (s.ok()) s = db_.exec("PRAGMA user_version = " + std::to_string(v + 1));
      if (!s.ok()) {
        rollback();
        return s;
      }
      LUODI_RETURN_IF_ERROR(commit());
    }
    return Status::Ok();
  }

  std::string path_;
  bool read_only_ = false;
  Statement data_version_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& location, OpenMode mode) {
  auto store = std::make_unique<SqliteStore>();
  LUODI_RETURN_IF_ERROR(store->open(location, mode));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace luodi
