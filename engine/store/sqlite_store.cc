// The embedded SQLite backend: WAL, synchronous=FULL (an acknowledged commit
// survives a crash or power loss), one write transaction per command.
#include <array>
#include <filesystem>

#include <unistd.h>

#include "store/event_codec.h"
#include "store/schema.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace luodi {

namespace {

using sqlite::Statement;

// What a lifecycle move needs of a project, then its attributes.
#define LUODI_LIFECYCLE_COLUMNS                                                   \
  "code, stage, stage_since, status, key, created_on, last_event_on, open_blockers, " \
  "plan_due, plan_stage, plan_note, paused_days, paused_since, "                    \
  "progress_on, progress_fixed_asset_wan, progress_foreign_arrived_usd_wan, plan_on"
constexpr std::string_view kLifecycleColumns = LUODI_LIFECYCLE_COLUMNS;
constexpr std::string_view kProjectColumns = LUODI_LIFECYCLE_COLUMNS
    ", name, unit, leader, industry, origin, investment_wan, fixed_asset_wan, "
    "foreign_usd_wan, land_need_mu, land_secured_mu";
#undef LUODI_LIFECYCLE_COLUMNS
constexpr int kOpenBlockersColumn = 7;
constexpr int kFirstAttributeColumn = 17;

std::optional<Date> optional_date(const Statement& st, int col) {
  return st.is_null(col) ? std::nullopt : Date::parse(st.text(col));
}

// Binds a date, or NULL; the text is copied.
void bind_date(Statement& st, int i, const std::optional<Date>& d) {
  if (d) {
    st.bind(i, d->str());
  } else {
    st.bind_null(i);
  }
}

constexpr std::string_view kEventColumns =
    "seq, project, kind, on_date, recorded_at, actor, from_state, to_state, note, evidence, "
    "data, blocker_id";

// Whether the standing a projection row keeps holds on day ?1: worked out
// that day, or earlier with its next check still to come, and no event dated
// after the day (so the row's state is the state on the day).
constexpr std::string_view kKeptHolds =
    "checked_on <= ?1 AND last_event_on <= ?1 AND "
    "(checked_on = ?1 OR next_check_on IS NULL OR next_check_on > ?1)";
// … and the rowids of the rows where it does not: its negation, one indexed
// range per term, so the cost follows those rows (projects due for a look,
// written today, or looked at on a later day), not the city.
constexpr std::string_view kKeptFails =
    "SELECT rowid FROM projects WHERE checked_on IS NULL "
    "UNION SELECT rowid FROM projects WHERE checked_on > ?1 "
    "UNION SELECT rowid FROM projects WHERE last_event_on > ?1 "
    "UNION SELECT rowid FROM projects WHERE next_check_on <= ?1 AND checked_on <> ?1";

// The kept standing's columns, in the order schedule_at() reads them.
constexpr std::string_view kScheduleColumns =
    "due_on, light, light_since, yellow_since, checked_on, next_check_on, due_stage, due_source, due_provisional";

Date date_of(const std::string& s) { return Date::parse(s).value_or(Date{}); }

// Attempt times need more than seconds' order: seconds since the epoch, UTC.
std::string format_utc(Timestamp t) { return std::to_string(t.time_since_epoch().count()); }
Timestamp parse_utc(const std::string& s) { return Timestamp{std::chrono::seconds{std::stoll(s)}}; }

class SqliteStore final : public Store {
 public:
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
    Status s = read_only_ ? db_.exec("PRAGMA cache_size=-65536; SELECT count(*) FROM sqlite_master;")
                          : db_.exec(
                                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                                "PRAGMA cache_size=-65536;");
    if (!s.ok()) return open_error(s);
    return migrate();
  }

  // Why a database could not be opened, in words an operator acts on.
  Status open_error(const Status& s) {
    switch (db_.error_code() & 0xFF) {
      case SQLITE_NOTADB: return Status::BadInput(path_ + " is not a luodi database (" + s.message() + ")");
      case SQLITE_READONLY: return Status::Internal(path_ + " is read-only (" + s.message() + ")");
      case SQLITE_FULL: return Status::Internal("the disk holding " + path_ + " is full (" + s.message() + ")");
      case SQLITE_IOERR:
      case SQLITE_CANTOPEN:
        return Status::Internal("cannot read or write " + path_ + " or its -wal/-shm files (" + s.message() + ")");
      default: return Status::Internal("cannot open " + path_ + " (" + s.message() + ")");
    }
  }

  // Savepoints are taken once per command inside a batch: their statements
  // are prepared once, not parsed each time.
  Status begin() override {
    if (read_only_)
      return Status::Internal(path_ + " is read-only to this user: this command writes and cannot run");
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

  Status backup_to(const std::string& path) override {
    if (std::filesystem::exists(path)) return Status::Conflict(path + " exists; not overwriting it");
    sqlite3* dest = nullptr;
    if (sqlite3_open_v2(path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
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
    auto& st = cached(project_events_, "SELECT " + std::string(kEventColumns) +
                                           " FROM events WHERE project = ? ORDER BY on_date, seq");
    st.bind_ref(1, code);
    std::vector<Event> out;
    while (st.step()) {
      auto e = read_event(st);
      if (!e.ok()) {
        st.reset();
        return e.status();
      }
      out.push_back(std::move(e).value());
    }
    LUODI_RETURN_IF_ERROR(st.done());
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

  Result<std::int64_t> max_instruction_id() override {
    Statement st = db_.prepare("SELECT COUNT(*) FROM events WHERE kind = 'instructed'");
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

  Status insert_project(const ProjectState& s, const std::optional<Date>& due,
                        Date next_check) override {
    auto& st = cached(insert_project_,
                      "INSERT INTO projects (" + std::string(kProjectColumns) +
                          ", due_on, next_check_on) VALUES "
                          "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bind_lifecycle(st, s);
    const auto& a = s.attributes;
    const int c = kFirstAttributeColumn + 1;
    st.bind(c, a.name).bind(c + 1, a.unit).bind(c + 2, a.leader).bind(c + 3, a.industry);
    st.bind(c + 4, a.origin).bind(c + 5, a.investment_wan).bind(c + 6, a.fixed_asset_wan);
    st.bind(c + 7, a.foreign_usd_wan).bind(c + 8, a.land_need_mu).bind(c + 9, a.land_secured_mu);
    bind_date(st, c + 10, due);
    st.bind(c + 11, next_check.str());
    LUODI_RETURN_IF_ERROR(st.run());
    return s.blockers.empty() ? Status::Ok() : write_blockers(s);
  }

  Status update_project(const ProjectState& s, bool blockers_changed, const std::optional<Date>& due,
                        Date next_check) override {
    auto& st = cached(update_project_,
                      "UPDATE projects SET stage = ?2, stage_since = ?3, status = ?4, "
                      "key = ?5, created_on = ?6, last_event_on = ?7, open_blockers = ?8, "
                      "plan_due = ?9, plan_stage = ?10, plan_note = ?11, paused_days = ?12, "
                      "paused_since = ?13, progress_on = ?14, progress_fixed_asset_wan = ?15, "
                      "progress_foreign_arrived_usd_wan = ?16, plan_on = ?17, due_on = ?18, "
                      "next_check_on = ?19 WHERE code = ?1");
    bind_lifecycle(st, s);
    bind_date(st, 18, due);
    const std::string next = next_check.str();
    st.bind_ref(19, next);
    LUODI_RETURN_IF_ERROR(st.run());
    if (sqlite3_changes(db_.handle()) != 1)
      return Status::Internal("no projection row for " + s.code);
    return blockers_changed ? write_blockers(s) : Status::Ok();
  }

  Status set_attributes(const ProjectState& s) override {
    Statement st = db_.prepare(
        "UPDATE projects SET name = ?2, unit = ?3, leader = ?4, industry = ?5, origin = ?6, "
        "investment_wan = ?7, fixed_asset_wan = ?8, foreign_usd_wan = ?9, land_need_mu = ?10, "
        "land_secured_mu = ?11 WHERE code = ?1");
    const auto& a = s.attributes;
    st.bind(1, s.code).bind(2, a.name).bind(3, a.unit).bind(4, a.leader).bind(5, a.industry);
    st.bind(6, a.origin).bind(7, a.investment_wan).bind(8, a.fixed_asset_wan).bind(9, a.foreign_usd_wan);
    return st.bind(10, a.land_need_mu).bind(11, a.land_secured_mu).run();
  }

  Status write_blockers(const ProjectState& s) {
    Statement del = db_.prepare("DELETE FROM blockers WHERE project = ?");
    LUODI_RETURN_IF_ERROR(del.bind(1, s.code).run());
    Statement del_instructions = db_.prepare("DELETE FROM instructions WHERE project = ?");
    LUODI_RETURN_IF_ERROR(del_instructions.bind(1, s.code).run());
    Statement ins = db_.prepare(
        "INSERT INTO blockers (id, project, category, reason, owner, since) VALUES (?,?,?,?,?,?)");
    Statement instr = db_.prepare(
        "INSERT INTO instructions (id, project, blocker_id, text, assignee, due, on_date, by, "
        "done_on, done_note) VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (const auto& b : s.blockers) {
      ins.bind(1, b.id).bind(2, s.code).bind(3, b.category).bind(4, b.reason).bind(5, b.owner);
      LUODI_RETURN_IF_ERROR(ins.bind(6, b.since.str()).run());
      for (const auto& i : b.instructions) {
        instr.bind(1, i.id).bind(2, s.code).bind(3, b.id).bind(4, i.text).bind(5, i.assignee);
        bind_date(instr, 6, i.due);
        instr.bind(7, i.on.str()).bind(8, i.by);
        bind_date(instr, 9, i.done_on);
        LUODI_RETURN_IF_ERROR(instr.bind(10, i.done_note).run());
      }
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


  // --- schedule ------------------------------------------------------------

  Result<Schedule> load_schedule(const std::string& code) override {
    static const std::string sql = "SELECT " + std::string(kScheduleColumns) + " FROM projects WHERE code = ?";
    auto& st = cached(load_schedule_, sql);
    st.bind_ref(1, code);
    if (!st.step()) {
      LUODI_RETURN_IF_ERROR(st.done());
      return Status::NotFound("unknown project " + code);
    }
    Schedule s = schedule_at(st, 0);
    LUODI_RETURN_IF_ERROR(st.done());
    return s;
  }

  // The kept standing in the nine columns of kScheduleColumns from `first` on.
  static Schedule schedule_at(const Statement& st, int first) {
    Schedule s;
    s.due = optional_date(st, first);
    s.light = parse_light(st.text(first + 1)).value_or(LightColor::kGreen);
    s.light_since = optional_date(st, first + 2);
    s.yellow_since = optional_date(st, first + 3);
    s.checked_on = optional_date(st, first + 4);
    s.next_check = optional_date(st, first + 5);
    s.due_stage = static_cast<int>(st.integer(first + 6));
    s.due_source = parse_deadline_source(st.text(first + 7)).value_or(Deadline::Source::kStage);
    s.due_provisional = st.integer(first + 8) != 0;
    return s;
  }

  Status save_schedule(const std::string& code, const Schedule& s, const Schedule* before) override {
    // Only the columns that change are set: an index (due date, light) is
    // rewritten only when its column is, and most looks change neither.
    struct Field {
      const char* column;
      bool changed;
    };
    const bool due_changed = !before || before->due != s.due || before->due_stage != s.due_stage ||
                             before->due_source != s.due_source || before->due_provisional != s.due_provisional;
    const std::array<Field, 6> fields = {{
        {"due_on = ?1, due_stage = ?7, due_source = ?8, due_provisional = ?9", due_changed},
        {"light = ?2", !before || before->light != s.light},
        {"light_since = ?3", !before || before->light_since != s.light_since},
        {"yellow_since = ?4", !before || before->yellow_since != s.yellow_since},
        {"checked_on = ?5", !before || before->checked_on != s.checked_on},
        {"next_check_on = ?6", !before || before->next_check != s.next_check},
    }};
    unsigned mask = 0;
    std::string sql = "UPDATE projects SET ";
    for (size_t i = 0; i < fields.size(); ++i)
      if (fields[i].changed) {
        sql += mask ? ", " : "";
        sql += fields[i].column;
        mask |= 1u << i;
      }
    if (!mask) return Status::Ok();
    auto& st = cached(save_schedule_[mask], sql + " WHERE code = ?10");
    bind_date(st, 1, s.due);
    st.bind(2, to_string(s.light));
    bind_date(st, 3, s.light_since);
    bind_date(st, 4, s.yellow_since);
    bind_date(st, 5, s.checked_on);
    bind_date(st, 6, s.next_check);
    if (s.due) {
      st.bind(7, static_cast<std::int64_t>(s.due_stage)).bind(8, to_string(s.due_source));
    } else {
      st.bind_null(7).bind_null(8);
    }
    st.bind(9, static_cast<std::int64_t>(s.due_provisional && s.due));
    st.bind(10, code);
    return st.run();
  }

  Result<std::optional<Date>> earliest_check() override {
    Statement st = db_.prepare("SELECT MIN(next_check_on) FROM projects");
    std::optional<Date> out;
    if (st.step()) out = optional_date(st, 0);
    return finish(st, out);
  }

  Result<std::vector<DueProject>> due_projects(Date day, std::size_t limit) override {
    static const std::string sql = "SELECT code, " + std::string(kScheduleColumns) +
                                   " FROM projects WHERE next_check_on <= ? ORDER BY next_check_on LIMIT ?";
    auto& st = cached(due_projects_, sql);
    st.bind(1, day.str()).bind(2, static_cast<std::int64_t>(limit));
    std::vector<DueProject> out;
    while (st.step()) {
      DueProject p;
      p.code = st.text(0);
      p.kept = schedule_at(st, 1);
      out.push_back(std::move(p));
    }
    LUODI_RETURN_IF_ERROR(st.done());
    if (out.empty()) return out;
    // The chunk's events and outbox keys, one query each.
    std::map<std::string, DueProject*> by_code;
    for (auto& p : out) by_code[p.code] = &p;
    std::string in = "(";
    for (size_t i = 0; i < out.size(); ++i) in += i ? ",?" : "?";
    in += ")";
    Statement events = db_.prepare("SELECT " + std::string(kEventColumns) + " FROM events WHERE project IN " + in +
                                   " ORDER BY project, on_date, seq");
    Statement keys = db_.prepare("SELECT project, key FROM outbox WHERE project IN " + in);
    for (size_t i = 0; i < out.size(); ++i) {
      events.bind_ref(static_cast<int>(i + 1), out[i].code);
      keys.bind_ref(static_cast<int>(i + 1), out[i].code);
    }
    while (events.step()) {
      LUODI_ASSIGN_OR_RETURN(Event e, read_event(events));
      by_code.at(e.project)->events.push_back(std::move(e));
    }
    LUODI_RETURN_IF_ERROR(finish(events, 0).status());
    while (keys.step()) by_code.at(keys.text(0))->notification_keys.push_back(keys.text(1));
    LUODI_RETURN_IF_ERROR(finish(keys, 0).status());
    return out;
  }

  Result<std::vector<std::string>> projects_to_keep(Date day, const std::optional<std::string>& after,
                                                    std::size_t limit) override {
    auto& st = cached(projects_to_keep_,
                      "SELECT code FROM projects WHERE code > ?2 AND next_check_on <= ?1 "
                      "AND (checked_on IS NULL OR checked_on < ?1) ORDER BY code LIMIT ?3");
    st.bind(1, day.str()).bind(2, after.value_or("")).bind(3, static_cast<std::int64_t>(limit));
    auto out = codes(st);
    st.reset();
    return out;
  }

  // --- directory -----------------------------------------------------------

  Status put_contact(const Contact& c) override {
    Statement st = db_.prepare(
        "INSERT INTO contacts (name, role, unit, channel, format, secret, mentions, rate_per_min) "
        "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (name) DO UPDATE SET role = excluded.role, unit = excluded.unit, "
        "channel = excluded.channel, format = excluded.format, secret = excluded.secret, "
        "mentions = excluded.mentions, rate_per_min = excluded.rate_per_min");
    std::string mentions;
    for (const auto& m : c.mentions) mentions += (mentions.empty() ? "" : ",") + m;
    st.bind(1, c.name).bind(2, to_string(c.role)).bind(3, c.unit).bind(4, c.channel);
    st.bind(5, c.format).bind(6, c.secret).bind(7, mentions).bind(8, std::int64_t{c.rate_per_min});
    return st.run();
  }

  Result<bool> remove_contact(const std::string& name) override {
    Statement st = db_.prepare("DELETE FROM contacts WHERE name = ?");
    LUODI_RETURN_IF_ERROR(st.bind(1, name).run());
    return sqlite3_changes(db_.handle()) > 0;
  }

  Result<std::vector<Contact>> contacts() override {
    Statement st = db_.prepare(
        "SELECT name, role, unit, channel, format, secret, mentions, rate_per_min FROM contacts ORDER BY role, name");
    std::vector<Contact> out;
    while (st.step()) {
      Contact c;
      c.name = st.text(0);
      c.role = parse_role(st.text(1)).value_or(Role::kUnit);
      c.unit = st.text(2);
      c.channel = st.text(3);
      c.format = st.text(4);
      c.secret = st.text(5);
      const std::string mentions = st.text(6);
      for (std::size_t from = 0; from < mentions.size();) {
        const auto comma = std::min(mentions.find(',', from), mentions.size());
        c.mentions.push_back(mentions.substr(from, comma - from));
        from = comma + 1;
      }
      c.rate_per_min = static_cast<int>(st.integer(7));
      out.push_back(std::move(c));
    }
    return finish(st, std::move(out));
  }

  // --- outbox --------------------------------------------------------------

  Result<bool> add_notification(const Notification& n) override {
    auto& st = cached(add_notification_,
                      "INSERT INTO outbox (key, recipient, project, role, rule, due, message, "
                      "catch_up, channel, state, attempts, last_error, created_at, format) VALUES "
                      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key, recipient) DO NOTHING");
    st.bind(1, n.key).bind(2, n.recipient).bind(3, n.project).bind(4, to_string(n.role));
    st.bind(5, n.rule).bind(6, n.due.str()).bind(7, n.message).bind(8, std::int64_t{n.catch_up});
    st.bind(9, n.channel).bind(10, n.state).bind(11, std::int64_t{n.attempts});
    st.bind(12, n.last_error).bind(13, format_local(n.created_at)).bind(14, n.format);
    LUODI_RETURN_IF_ERROR(st.run());
    return sqlite3_changes(db_.handle()) > 0;
  }

  Result<std::vector<std::string>> notification_keys(const std::string& project) override {
    auto& st = cached(notification_keys_, "SELECT key FROM outbox WHERE project = ?");
    st.bind_ref(1, project);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    LUODI_RETURN_IF_ERROR(st.done());
    return out;
  }

  Status set_notification_state(const std::string& key, const std::string& recipient,
                                const std::string& state, int attempts, const std::string& last_error,
                                std::optional<Timestamp> next_attempt_at, bool permanent,
                                std::optional<Timestamp> sent_at) override {
    Statement st = db_.prepare(
        "UPDATE outbox SET state = ?1, attempts = ?2, last_error = ?3, next_attempt_at = ?4, permanent = ?5, "
        "sent_at = ?8 WHERE key = ?6 AND recipient = ?7");
    st.bind(1, state).bind(2, std::int64_t{attempts}).bind(3, last_error);
    if (next_attempt_at) {
      st.bind(4, format_utc(*next_attempt_at));
    } else {
      st.bind_null(4);
    }
    if (sent_at) {
      st.bind(8, format_utc(*sent_at));
    } else {
      st.bind_null(8);
    }
    return st.bind(5, std::int64_t{permanent}).bind(6, key).bind(7, recipient).run();
  }

  Result<std::vector<std::pair<std::string, Timestamp>>> sent_since(Timestamp since) override {
    Statement st = db_.prepare("SELECT channel, sent_at FROM outbox WHERE sent_at > ? ORDER BY sent_at");
    st.bind(1, format_utc(since));
    std::vector<std::pair<std::string, Timestamp>> out;
    while (st.step())
      out.emplace_back(st.text(0), parse_utc(st.text(1)));
    return finish(st, std::move(out));
  }

  Result<std::vector<Notification>> outbox(const std::optional<std::string>& state) override {
    Statement st = db_.prepare(
        "SELECT key, recipient, project, role, rule, due, message, catch_up, channel, state, "
        "attempts, last_error, created_at, format, next_attempt_at, permanent FROM outbox" +
        std::string(state ? " WHERE state = ?" : "") + " ORDER BY created_at, project, key, recipient");
    if (state) st.bind(1, *state);
    std::vector<Notification> out;
    while (st.step()) {
      Notification n;
      n.key = st.text(0);
      n.recipient = st.text(1);
      n.project = st.text(2);
      n.role = parse_role(st.text(3)).value_or(Role::kUnit);
      n.rule = st.text(4);
      n.due = date_of(st.text(5));
      n.message = st.text(6);
      n.catch_up = st.integer(7) != 0;
      n.channel = st.text(8);
      n.state = st.text(9);
      n.attempts = static_cast<int>(st.integer(10));
      n.last_error = st.text(11);
      n.created_at = parse_local(st.text(12).substr(0, 19)).value_or(Timestamp{});
      n.format = st.text(13);
      if (!st.is_null(14)) n.next_attempt_at = parse_utc(st.text(14));
      n.permanent = st.integer(15) != 0;
      out.push_back(std::move(n));
    }
    return finish(st, std::move(out));
  }

  Status obsolete_pending(const std::string& project, const std::optional<Date>& current) override {
    // Moves are frequent and pending rows rare: look before writing, as an
    // UPDATE that may touch several rows costs a statement journal.
    auto& any = cached(any_pending_,
                       "SELECT 1 FROM outbox WHERE project = ? AND state = 'pending' LIMIT 1");
    any.bind_ref(1, project);
    const bool found = any.step();
    LUODI_RETURN_IF_ERROR(any.done());
    if (!found) return Status::Ok();
    auto& st = cached(obsolete_pending_,
                      "UPDATE outbox SET state = 'obsolete' WHERE project = ? AND state = 'pending' "
                      "AND rule <> 'stale' AND rule NOT LIKE 'instruction-%' AND (?2 IS NULL OR due <> ?2)");
    st.bind_ref(1, project);
    bind_date(st, 2, current);
    return st.run();
  }

  // --- campaigns -----------------------------------------------------------

  Status put_campaign(const CampaignRecord& c) override {
    Statement st = db_.prepare(
        "INSERT INTO campaigns (id, text, source) VALUES (?,?,?) ON CONFLICT (id) DO UPDATE SET "
        "text = excluded.text, source = excluded.source");
    return st.bind(1, c.id).bind(2, c.text).bind(3, c.source).run();
  }

  Result<std::vector<CampaignRecord>> campaigns() override {
    Statement st = db_.prepare("SELECT id, text, source FROM campaigns ORDER BY id");
    std::vector<CampaignRecord> out;
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2)});
    return finish(st, std::move(out));
  }

  Status add_user(const User& u, const std::string& hash) override {
    Statement st = db_.prepare(
        "INSERT INTO users (name, role, unit, token_hash, created_at) VALUES (?,?,?,?,?) "
        "ON CONFLICT DO NOTHING");
    st.bind(1, u.name).bind(2, to_string(u.role)).bind(3, u.unit).bind(4, hash);
    LUODI_RETURN_IF_ERROR(st.bind(5, format_local(u.created_at)).run());
    if (sqlite3_changes(db_.handle()) == 0) return Status::Conflict("user " + u.name + " exists already");
    return Status::Ok();
  }

  Result<std::optional<User>> user_by_token_hash(const std::string& hash) override {
    auto& st = cached(user_by_token_,
                      "SELECT name, role, unit, created_at FROM users WHERE token_hash = ? AND "
                      "revoked_at IS NULL");
    st.bind_ref(1, hash);
    std::optional<User> out;
    if (st.step()) out = read_user(st);
    LUODI_RETURN_IF_ERROR(st.done());
    return out;
  }

  Result<std::vector<std::pair<User, bool>>> users() override {
    Statement st = db_.prepare(
        "SELECT name, role, unit, created_at, revoked_at IS NOT NULL FROM users ORDER BY name");
    std::vector<std::pair<User, bool>> out;
    while (st.step()) out.emplace_back(read_user(st), st.integer(4) != 0);
    return finish(st, std::move(out));
  }

  Result<bool> revoke_user(const std::string& name, Timestamp at) override {
    Statement st = db_.prepare("UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL");
    LUODI_RETURN_IF_ERROR(st.bind(1, format_local(at)).bind(2, name).run());
    return sqlite3_changes(db_.handle()) > 0;
  }

  // --- the standing kept, asked as sets -----------------------------------

  Result<std::vector<UnkeptRow>> unkept_on(Date day) override {
    auto& st = cached(unkept_on_,
                      "SELECT code, stage, status, key, light, due_on IS NOT NULL AND due_on < ?1 FROM projects "
                      "WHERE rowid IN (" + std::string(kKeptFails) + ") ORDER BY code");
    st.bind(1, day.str());
    std::vector<UnkeptRow> out;
    while (st.step())
      out.push_back({st.text(0),
                     {static_cast<int>(st.integer(1)), parse_project_status(st.text(2)).value_or(ProjectStatus::kActive),
                      st.integer(3) != 0, parse_light(st.text(4)).value_or(LightColor::kNone), st.integer(5) != 0, 1, 0,
                      {}}});
    LUODI_RETURN_IF_ERROR(st.done());
    return out;
  }

  Result<std::vector<KeptRow>> kept(const KeptQuery& q) override {
    const bool by_due = q.order == KeptQuery::Order::kByDue;
    std::string sql = "SELECT code, due_on";
    if (q.rows) sql += ", name, unit, leader, stage, due_stage, due_source, due_provisional, light";
    sql += " FROM projects WHERE " + std::string(kKeptHolds);
    const ProjectFilter& f = q.filter;
    if (f.stage) sql += " AND stage = ?2";
    if (f.unit) sql += " AND unit = ?3";
    if (f.leader) sql += " AND leader = ?4";
    if (f.status) sql += " AND status = ?5";
    if (q.light) sql += " AND light = ?6";
    if (q.overdue || by_due) sql += " AND due_on < ?1";
    if (q.after_code) sql += by_due ? " AND (due_on, code) > (?7, ?8)" : " AND code > ?8";
    sql += by_due ? " ORDER BY due_on, code LIMIT ?9" : " ORDER BY code LIMIT ?9";
    Statement st = db_.prepare(sql);
    st.bind(1, q.day.str());
    if (f.stage) st.bind(2, static_cast<std::int64_t>(*f.stage));
    if (f.unit) st.bind(3, *f.unit);
    if (f.leader) st.bind(4, *f.leader);
    if (f.status) st.bind(5, to_string(*f.status));
    if (q.light) st.bind(6, to_string(*q.light));
    if (q.after_code) {
      if (by_due) bind_date(st, 7, q.after_due);
      st.bind(8, *q.after_code);
    }
    st.bind(9, static_cast<std::int64_t>(q.limit));
    std::vector<KeptRow> out;
    while (st.step()) {
      KeptRow k{st.text(0), optional_date(st, 1), std::nullopt};
      if (q.rows) {
        OverdueRow& r = k.row.emplace();
        r.code = k.code;
        r.name = st.text(2);
        r.unit = st.text(3);
        r.leader = st.text(4);
        r.stage = static_cast<int>(st.integer(5));
        if (k.due) r.binding.due = *k.due;
        r.binding.stage = static_cast<int>(st.integer(6));
        r.binding.source = parse_deadline_source(st.text(7)).value_or(Deadline::Source::kStage);
        r.binding.provisional = st.integer(8) != 0;
        r.light = parse_light(st.text(9)).value_or(LightColor::kNone);
      }
      out.push_back(std::move(k));
    }
    return finish(st, std::move(out));
  }

  Result<std::vector<StandingGroup>> kept_groups(Date day) override {
    // The set form of group_of() and land_of() (a land need not known counts nothing).
    Statement st = db_.prepare(
        "SELECT stage, status, key, light, due_on IS NOT NULL AND due_on < ?1, count(*), "
        "total(investment_wan), total(land_need_mu), "
        "total(CASE WHEN land_need_mu IS NOT NULL THEN coalesce(land_secured_mu, 0) END) "
        "FROM projects WHERE " + std::string(kKeptHolds) + " GROUP BY 1, 2, 3, 4, 5");
    st.bind(1, day.str());
    std::vector<StandingGroup> out;
    while (st.step()) {
      StandingGroup g;
      g.stage = static_cast<int>(st.integer(0));
      g.status = parse_project_status(st.text(1)).value_or(ProjectStatus::kActive);
      g.key = st.integer(2) != 0;
      g.light = parse_light(st.text(3)).value_or(LightColor::kNone);
      g.overdue = st.integer(4) != 0;
      g.count = static_cast<long>(st.integer(5));
      g.investment_wan = st.real(6).value_or(0);
      g.land.need = st.real(7).value_or(0);
      g.land.secured = st.real(8).value_or(0);
      g.land.shortfall = g.land.need - g.land.secured;
      out.push_back(g);
    }
    return finish(st, std::move(out));
  }

  Result<std::pair<std::vector<StandingGroup>, long>> kept_gauges(Date day) override {
    std::pair<std::vector<StandingGroup>, long> out{{}, 0};
    auto& st = cached(standing_counts_, "SELECT stage, status, key, light, n FROM standing_counts WHERE n > 0");
    while (st.step())
      out.first.push_back({static_cast<int>(st.integer(0)),
                           parse_project_status(st.text(1)).value_or(ProjectStatus::kActive), st.integer(2) != 0,
                           parse_light(st.text(3)).value_or(LightColor::kNone), false,
                           static_cast<long>(st.integer(4)), 0, {}});
    LUODI_RETURN_IF_ERROR(st.done());
    auto& due = cached(due_counts_, "SELECT total(n) FROM due_counts WHERE due_on < ?1");
    due.bind(1, day.str());
    if (due.step()) out.second = static_cast<long>(due.real(0).value_or(0));
    LUODI_RETURN_IF_ERROR(due.done());
    return out;
  }

  Result<std::map<std::string, long>> outbox_counts() override {
    std::map<std::string, long> out;
    auto& st = cached(outbox_counts_, "SELECT state, n FROM outbox_counts WHERE n > 0");
    while (st.step()) out[st.text(0)] = static_cast<long>(st.integer(1));
    LUODI_RETURN_IF_ERROR(st.done());
    return out;
  }

  Result<std::vector<std::string>> check_gauges() override {
    std::vector<std::string> out;
    Statement st = db_.prepare(
        "SELECT 'standing_counts', stage || '/' || status || '/' || key || '/' || light, "
        "coalesce(c.n, 0), coalesce(p.n, 0) FROM "
        "(SELECT stage, status, key, light, n FROM standing_counts WHERE n <> 0) c FULL JOIN "
        "(SELECT stage, status, key, light, count(*) AS n FROM projects GROUP BY 1, 2, 3, 4) p "
        "USING (stage, status, key, light) WHERE coalesce(c.n, 0) <> coalesce(p.n, 0) "
        "UNION ALL "
        "SELECT 'due_counts', due_on, coalesce(c.n, 0), coalesce(p.n, 0) FROM "
        "(SELECT due_on, n FROM due_counts WHERE n <> 0) c FULL JOIN "
        "(SELECT due_on, count(*) AS n FROM projects WHERE due_on IS NOT NULL GROUP BY 1) p "
        "USING (due_on) WHERE coalesce(c.n, 0) <> coalesce(p.n, 0) "
        "UNION ALL "
        "SELECT 'outbox_counts', state, coalesce(c.n, 0), coalesce(p.n, 0) FROM "
        "(SELECT state, n FROM outbox_counts WHERE n <> 0) c FULL JOIN "
        "(SELECT state, count(*) AS n FROM outbox GROUP BY 1) p "
        "USING (state) WHERE coalesce(c.n, 0) <> coalesce(p.n, 0)");
    while (st.step())
      out.push_back(st.text(0) + " " + st.text(1) + ": kept " + std::to_string(st.integer(2)) +
                    ", the projection has " + std::to_string(st.integer(3)));
    return finish(st, std::move(out));
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

  Status forget_standing_since(Date day) override {
    Statement st = db_.prepare("UPDATE projects SET checked_on = NULL WHERE checked_on >= ?1");
    return st.bind(1, day.str()).run();
  }

  Status recheck_by(Date day) override {
    Statement st = db_.prepare(
        "UPDATE projects SET next_check_on = ?1 WHERE next_check_on IS NULL OR next_check_on > ?1");
    return st.bind(1, day.str()).run();
  }

 private:
  static User read_user(const Statement& st) {
    return {st.text(0), parse_role(st.text(1)).value_or(Role::kUnit), st.text(2),
            parse_local(st.text(3).substr(0, 19)).value_or(Timestamp{})};
  }

  template <typename T>
  static Result<T> finish(const Statement& st, T value) {
    if (st.failed()) return Status::Internal("sqlite: " + st.error());
    return value;
  }

  static Result<std::vector<std::string>> codes(Statement& st) {
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return finish(st, std::move(out));
  }

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
    if (read_only_ && from < static_cast<int>(sqlite::kMigrations.size()))
      return Status::Internal(path_ + " is read-only and needs upgrading to schema " +
                              std::to_string(sqlite::kMigrations.size()) + ": open it once with write access");
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
      out = st.columns() > kFirstAttributeColumn ? read_project(st) : read_lifecycle(st);
      open_blockers = static_cast<int>(st.integer(kOpenBlockersColumn));
    }
    LUODI_RETURN_IF_ERROR(st.done());
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
    if (auto due = optional_date(st, 8))
      s.plan = Plan{*due, static_cast<int>(st.integer(9)), st.text(10),
                    optional_date(st, 16).value_or(s.stage_since)};
    s.paused_days = static_cast<int>(st.integer(11));
    s.paused_since = optional_date(st, 12);
    if (auto on = optional_date(st, 13))
      s.progress = Progress{*on, st.real(14).value_or(0), st.real(15)};
    return s;
  }

  // A row of kProjectColumns.
  // Binds kLifecycleColumns as parameters 1…17.
  static void bind_lifecycle(Statement& st, const ProjectState& s) {
    st.bind(1, s.code).bind(2, static_cast<std::int64_t>(s.stage)).bind(3, s.stage_since.str());
    st.bind(4, to_string(s.status)).bind(5, std::int64_t{s.key}).bind(6, s.created_on.str());
    st.bind(7, s.last_event_on.str()).bind(8, static_cast<std::int64_t>(s.blockers.size()));
    bind_date(st, 9, s.plan ? std::optional<Date>(s.plan->due) : std::nullopt);
    if (s.plan) {
      st.bind(10, static_cast<std::int64_t>(s.plan->stage));
    } else {
      st.bind_null(10);
    }
    st.bind(11, s.plan ? s.plan->note : std::string());
    st.bind(12, static_cast<std::int64_t>(s.paused_days));
    bind_date(st, 13, s.paused_since);
    bind_date(st, 14, s.progress ? std::optional<Date>(s.progress->on) : std::nullopt);
    st.bind(15, s.progress ? std::optional<double>(s.progress->fixed_asset_wan) : std::nullopt);
    st.bind(16, s.progress ? s.progress->foreign_arrived_usd_wan : std::nullopt);
    bind_date(st, 17, s.plan ? std::optional<Date>(s.plan->on) : std::nullopt);
  }

  static ProjectState read_project(const Statement& st) {
    ProjectState s = read_lifecycle(st);
    auto& a = s.attributes;
    const int c = kFirstAttributeColumn;
    a.name = st.text(c);
    a.unit = st.text(c + 1);
    a.leader = st.text(c + 2);
    a.industry = st.text(c + 3);
    a.origin = st.text(c + 4);
    a.investment_wan = st.real(c + 5);
    a.fixed_asset_wan = st.real(c + 6);
    a.foreign_usd_wan = st.real(c + 7);
    a.land_need_mu = st.real(c + 8);
    a.land_secured_mu = st.real(c + 9);
    return s;
  }

  Status load_blockers(ProjectState& s) {
    auto& st = cached(select_blockers_,
                      "SELECT id, category, reason, owner, since FROM blockers WHERE project = ? "
                      "ORDER BY id");
    st.bind(1, s.code);
    while (st.step())
      s.blockers.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), date_of(st.text(4)), {}});
    LUODI_RETURN_IF_ERROR(st.done());
    auto& in = cached(select_instructions_,
                      "SELECT id, blocker_id, text, assignee, due, on_date, by, done_on, done_note "
                      "FROM instructions "
                      "WHERE project = ? ORDER BY id");
    in.bind(1, s.code);
    while (in.step()) {
      const std::int64_t blocker = in.integer(1);
      for (auto& b : s.blockers)
        if (b.id == blocker)
          b.instructions.push_back({in.integer(0), in.text(2), in.text(3), optional_date(in, 4),
                                    date_of(in.text(5)), in.text(6), optional_date(in, 7),
                                    in.text(8)});
    }
    return in.done();
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
  std::string path_;
  bool read_only_ = false;
  int depth_ = 0;
  Statement insert_event_, select_project_, select_lifecycle_, insert_project_, update_project_, select_blockers_;
  std::map<unsigned, Statement> save_schedule_;  // by the columns set
  Statement begin_, commit_, notification_keys_, obsolete_pending_, any_pending_,
      load_schedule_, projects_to_keep_, due_projects_, add_notification_, user_by_token_, unkept_on_, project_events_, data_version_,
      standing_counts_, due_counts_, outbox_counts_,
      select_instructions_;
  std::vector<Statement> savepoint_, release_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_store(const std::string& location, OpenMode mode) {
  auto store = std::make_unique<SqliteStore>();
  LUODI_RETURN_IF_ERROR(store->open(location, mode));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace luodi
