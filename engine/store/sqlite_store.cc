// The embedded SQLite backend: WAL, synchronous=FULL (an acknowledged commit
// survives a crash or power loss), one write transaction per command.
#include <filesystem>

#include "store/event_codec.h"
#include "store/schema.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace luodi {

namespace {

using sqlite::Statement;

// What a lifecycle move needs of a project, then its attributes.
#define LUODI_LIFECYCLE_COLUMNS \
  "code, stage, stage_since, status, key, created_on, last_event_on, open_blockers"
constexpr std::string_view kLifecycleColumns = LUODI_LIFECYCLE_COLUMNS;
constexpr std::string_view kProjectColumns = LUODI_LIFECYCLE_COLUMNS
    ", name, unit, leader, industry, origin, investment_wan, fixed_asset_wan, "
    "foreign_usd_wan, land_need_mu, land_secured_mu";
#undef LUODI_LIFECYCLE_COLUMNS
constexpr int kOpenBlockersColumn = 7;

constexpr std::string_view kEventColumns =
    "seq, project, kind, on_date, recorded_at, actor, from_state, to_state, note, evidence, "
    "data, blocker_id";

Date date_of(const std::string& s) { return Date::parse(s).value_or(Date{}); }

class SqliteStore final : public Store {
 public:
  Status open(const std::string& path, OpenMode mode) {
    const bool exists = std::filesystem::exists(path);
    if (mode == OpenMode::kCreate && exists)
      return Status::Conflict("database " + path + " already exists; refusing to overwrite it");
    if (mode == OpenMode::kExisting && !exists)
      return Status::BadInput("no database at " + path + " (run 'luodi init' first, or pass --db)");
    LUODI_RETURN_IF_ERROR(db_.open(path, mode == OpenMode::kCreate));
    // The first statement reads the file: a file that is not SQLite fails here.
    Status s = db_.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    if (!s.ok()) return Status::BadInput(path + " is not a luodi database (" + s.message() + ")");
    return migrate();
  }

  // Savepoints are taken once per command inside a batch: their statements
  // are prepared once, not parsed each time.
  Status begin() override {
    Status s = depth_ == 0 ? cached(begin_, "BEGIN IMMEDIATE").run()
                           : savepoint(depth_, "SAVEPOINT").run();
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

  int schema_version() override {
    Statement st = db_.prepare("PRAGMA user_version");
    return st.step() ? static_cast<int>(st.integer(0)) : 0;
  }

  Result<std::optional<std::string>> meta(const std::string& key) override {
    Statement st = db_.prepare("SELECT value FROM meta WHERE key = ?");
    st.bind(1, key);
    if (st.step()) return std::optional<std::string>(st.text(0));
    if (st.failed()) return Status::Internal("sqlite: " + st.error());
    return std::optional<std::string>();
  }

  Status set_meta(const std::string& key, const std::string& value) override {
    Statement st = db_.prepare("INSERT INTO meta (key, value) VALUES (?, ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    return st.bind(1, key).bind(2, value).run();
  }

  Result<std::int64_t> append_event(const Event& e) override {
    auto& st = cached(insert_event_, "INSERT INTO events (project, kind, on_date, recorded_at, "
                                     "actor, from_state, to_state, note, evidence, data, "
                                     "blocker_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    // Every event goes through here: bind by reference, the texts outlive run().
    const std::string on = e.on.str(), recorded = format_local(e.recorded_at);
    const std::string evidence = codec::encode_evidence(e), data = codec::encode_data(e);
    st.bind_ref(1, e.project).bind(2, to_string(e.kind)).bind_ref(3, on).bind_ref(4, recorded);
    st.bind_ref(5, e.actor).bind_ref(6, e.from).bind_ref(7, e.to).bind_ref(8, e.note);
    st.bind_ref(9, evidence).bind_ref(10, data);
    if (e.blocker) {
      st.bind(11, e.blocker->id);
    } else {
      st.bind_null(11);
    }
    LUODI_RETURN_IF_ERROR(st.run());
    return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.handle()));
  }

  Result<std::vector<Event>> project_events(const std::string& code) override {
    Statement st = db_.prepare("SELECT " + std::string(kEventColumns) +
                               " FROM events WHERE project = ? ORDER BY on_date, seq");
    st.bind(1, code);
    std::vector<Event> out;
    while (st.step()) {
      LUODI_ASSIGN_OR_RETURN(Event e, read_event(st));
      out.push_back(std::move(e));
    }
    if (st.failed()) return Status::Internal("sqlite: " + st.error());
    return out;
  }

  Status scan_events(std::optional<Date> until,
                     const std::function<Status(Event&&)>& visit) override {
    Statement st = db_.prepare("SELECT " + std::string(kEventColumns) +
                               " FROM events WHERE on_date <= ? ORDER BY project, on_date, seq");
    st.bind(1, until ? until->str() : std::string("9999-12-31"));
    while (st.step()) {
      LUODI_ASSIGN_OR_RETURN(Event e, read_event(st));
      LUODI_RETURN_IF_ERROR(visit(std::move(e)));
    }
    return st.failed() ? Status::Internal("sqlite: " + st.error()) : Status::Ok();
  }

  Result<std::int64_t> max_blocker_id() override {
    Statement st = db_.prepare("SELECT COALESCE(MAX(blocker_id), 0) FROM events WHERE blocker_id IS NOT NULL");
    if (!st.step()) return Status::Internal("sqlite: " + st.error());
    return st.integer(0);
  }

  Result<std::optional<ProjectState>> load_project(const std::string& code) override {
    return load(code, cached(select_project_, "SELECT " + std::string(kProjectColumns) +
                                                  " FROM projects WHERE code = ?"));
  }

  Result<std::optional<ProjectState>> load_lifecycle(const std::string& code) override {
    return load(code, cached(select_lifecycle_, "SELECT " + std::string(kLifecycleColumns) +
                                                    " FROM projects WHERE code = ?"));
  }

  Status insert_project(const ProjectState& s) override {
    auto& st = cached(insert_project_, "INSERT INTO projects (" + std::string(kProjectColumns) +
                                           ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const auto& a = s.attributes;
    st.bind(1, s.code).bind(2, static_cast<std::int64_t>(s.stage)).bind(3, s.stage_since.str());
    st.bind(4, to_string(s.status)).bind(5, std::int64_t{s.key}).bind(6, s.created_on.str());
    st.bind(7, s.last_event_on.str()).bind(8, static_cast<std::int64_t>(s.blockers.size()));
    st.bind(9, a.name).bind(10, a.unit).bind(11, a.leader).bind(12, a.industry);
    st.bind(13, a.origin).bind(14, a.investment_wan).bind(15, a.fixed_asset_wan);
    st.bind(16, a.foreign_usd_wan).bind(17, a.land_need_mu).bind(18, a.land_secured_mu);
    LUODI_RETURN_IF_ERROR(st.run());
    return s.blockers.empty() ? Status::Ok() : write_blockers(s);
  }

  Status update_project(const ProjectState& s, bool blockers_changed) override {
    auto& st = cached(update_project_,
                      "UPDATE projects SET stage = ?, stage_since = ?, status = ?, key = ?, "
                      "last_event_on = ?, open_blockers = ? WHERE code = ?");
    const std::string since = s.stage_since.str(), last = s.last_event_on.str();
    st.bind(1, static_cast<std::int64_t>(s.stage)).bind_ref(2, since);
    st.bind(3, to_string(s.status)).bind(4, std::int64_t{s.key}).bind_ref(5, last);
    st.bind(6, static_cast<std::int64_t>(s.blockers.size())).bind_ref(7, s.code);
    LUODI_RETURN_IF_ERROR(st.run());
    if (sqlite3_changes(db_.handle()) != 1)
      return Status::Internal("no projection row for " + s.code);
    return blockers_changed ? write_blockers(s) : Status::Ok();
  }

  Status write_blockers(const ProjectState& s) {
    Statement del = db_.prepare("DELETE FROM blockers WHERE project = ?");
    LUODI_RETURN_IF_ERROR(del.bind(1, s.code).run());
    for (const auto& b : s.blockers) {
      Statement ins = db_.prepare(
          "INSERT INTO blockers (id, project, category, reason, owner, since) VALUES (?,?,?,?,?,?)");
      ins.bind(1, b.id).bind(2, s.code).bind(3, b.category).bind(4, b.reason).bind(5, b.owner);
      LUODI_RETURN_IF_ERROR(ins.bind(6, b.since.str()).run());
    }
    return Status::Ok();
  }

  Status scan_projects(const ProjectFilter& f,
                       const std::function<Status(ProjectState&&)>& visit) override {
    std::string sql = "SELECT " + std::string(kProjectColumns) + " FROM projects WHERE 1=1";
    if (f.stage) sql += " AND stage = ?";
    if (f.unit) sql += " AND unit = ?";
    if (f.leader) sql += " AND leader = ?";
    if (f.status) sql += " AND status = ?";
    sql += " ORDER BY code";
    Statement st = db_.prepare(sql);
    int i = 1;
    if (f.stage) st.bind(i++, static_cast<std::int64_t>(*f.stage));
    if (f.unit) st.bind(i++, *f.unit);
    if (f.leader) st.bind(i++, *f.leader);
    if (f.status) st.bind(i++, to_string(*f.status));
    while (st.step()) {
      ProjectState s = read_project(st);
      if (st.integer(kOpenBlockersColumn) > 0) LUODI_RETURN_IF_ERROR(load_blockers(s));
      LUODI_RETURN_IF_ERROR(visit(std::move(s)));
    }
    return st.failed() ? Status::Internal("sqlite: " + st.error()) : Status::Ok();
  }

 private:
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

  Status migrate() {
    const int from = schema_version();
    if (from > static_cast<int>(sqlite::kMigrations.size()))
      return Status::Internal("database schema version " + std::to_string(from) +
                              " is newer than this luodi understands (" +
                              std::to_string(sqlite::kMigrations.size()) + ")");
    for (int v = from; v < static_cast<int>(sqlite::kMigrations.size()); ++v) {
      LUODI_RETURN_IF_ERROR(begin());
      Status s = db_.exec(sqlite::kMigrations[v]);
      if (s.ok()) s = db_.exec("PRAGMA user_version = " + std::to_string(v + 1));
      if (!s.ok()) {
        rollback();
        return s;
      }
      LUODI_RETURN_IF_ERROR(commit());
    }
    return Status::Ok();
  }

  // Reads one projection row with `st` (a project or lifecycle query) and
  // its open blockers.
  Result<std::optional<ProjectState>> load(const std::string& code, Statement& st) {
    st.bind_ref(1, code);
    std::optional<ProjectState> out;
    int open_blockers = 0;
    if (st.step()) {
      out = st.columns() > kOpenBlockersColumn + 1 ? read_project(st) : read_lifecycle(st);
      open_blockers = static_cast<int>(st.integer(kOpenBlockersColumn));
    }
    Status failed = st.failed() ? Status::Internal("sqlite: " + st.error()) : Status::Ok();
    st.reset();
    LUODI_RETURN_IF_ERROR(failed);
    if (out && open_blockers > 0) LUODI_RETURN_IF_ERROR(load_blockers(*out));
    return out;
  }

  // A row of kLifecycleColumns (or the start of kProjectColumns).
  static ProjectState read_lifecycle(const Statement& st) {
    ProjectState s;
    s.code = st.text(0);
    s.stage = static_cast<int>(st.integer(1));
    s.stage_since = date_of(st.text(2));
    s.status = parse_project_status(st.text(3)).value_or(ProjectStatus::kActive);
    s.key = st.integer(4) != 0;
    s.created_on = date_of(st.text(5));
    s.last_event_on = date_of(st.text(6));
    return s;
  }

  // A row of kProjectColumns.
  static ProjectState read_project(const Statement& st) {
    ProjectState s = read_lifecycle(st);
    auto& a = s.attributes;
    a.name = st.text(8);
    a.unit = st.text(9);
    a.leader = st.text(10);
    a.industry = st.text(11);
    a.origin = st.text(12);
    a.investment_wan = st.real(13);
    a.fixed_asset_wan = st.real(14);
    a.foreign_usd_wan = st.real(15);
    a.land_need_mu = st.real(16);
    a.land_secured_mu = st.real(17);
    return s;
  }

  Status load_blockers(ProjectState& s) {
    auto& st = cached(select_blockers_,
                      "SELECT id, category, reason, owner, since FROM blockers WHERE project = ? "
                      "ORDER BY id");
    st.bind(1, s.code);
    while (st.step())
      s.blockers.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), date_of(st.text(4))});
    Status r = st.failed() ? Status::Internal("sqlite: " + st.error()) : Status::Ok();
    st.reset();
    return r;
  }

  static Result<Event> read_event(const Statement& st) {
    Event e;
    e.seq = st.integer(0);
    e.project = st.text(1);
    auto kind = parse_event_kind(st.text(2));
    if (!kind) return Status::Internal("event " + std::to_string(e.seq) + " has unknown kind");
    e.kind = *kind;
    e.on = date_of(st.text(3));
    e.recorded_at = parse_local(st.text(4).substr(0, 19)).value_or(Timestamp{});
    e.actor = st.text(5);
    e.from = st.text(6);
    e.to = st.text(7);
    e.note = st.text(8);
    if (!st.is_null(11)) {
      e.blocker = Blocker{};
      e.blocker->id = st.integer(11);
    }
    LUODI_RETURN_IF_ERROR(codec::decode(e, st.text(9), st.text(10)));
    return e;
  }

  sqlite::Database db_;
  int depth_ = 0;
  Statement insert_event_, select_project_, select_lifecycle_, insert_project_, update_project_, select_blockers_;
  Statement begin_, commit_;
  std::vector<Statement> savepoint_, release_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_store(const std::string& location, OpenMode mode) {
  auto store = std::make_unique<SqliteStore>();
  LUODI_RETURN_IF_ERROR(store->open(location, mode));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace luodi
