// Events and the projection: events appended, never changed; one
// projection row a project, with its open blockers and their instructions.
#include <algorithm>

#include "store/area.h"
#include "store/event_codec.h"

namespace luodi {

namespace {

template <typename Db>
class Projects final : public ProjectStore, Area<Db> {
 public:
  using Area<Db>::Area;
  LUODI_AREA_OVER_CONNECTION

  Result<std::int64_t> append_event(const Event& e) override {
    auto& st = cached(insert_event_,
                      "INSERT INTO events (project, kind, on_date, recorded_at, "
                      "actor, from_state, to_state, note, evidence, data, "
                      "blocker_id) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING seq");
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
    const bool inserted = st.step();
    const std::int64_t seq = inserted ? st.integer(0) : 0;
    LUODI_RETURN_IF_ERROR(st.done());
    if (!inserted) return Status::Internal("an event was not appended to " + e.project);
    return seq;
  }

  Result<std::vector<Event>> project_events(const std::string& code) override {
    auto& st = cached(project_events_, "SELECT " + std::string(columns::kEvent) +
                                           " FROM events WHERE project = ? ORDER BY on_date, seq");
    st.bind_ref(1, code);
    return read_events(st);
  }

  // Every event the statement gives, read to its end.
  static Result<std::vector<Event>> read_events(Statement& st) {
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

  Result<std::map<std::string, std::vector<Event>>> events_of(
      const std::vector<std::string>& codes) override {
    // kCodesAQuery codes a query; the places of a short batch are NULL (which matches nothing).
    constexpr int kCodesAQuery = 100;
    static const std::string sql = [] {
      std::string s = "SELECT " + std::string(columns::kEvent) + " FROM events WHERE project IN (";
      for (int i = 1; i <= kCodesAQuery; ++i) s += (i > 1 ? ",?" : "?") + std::to_string(i);
      return s + ") ORDER BY project, on_date, seq";
    }();
    std::map<std::string, std::vector<Event>> out;
    for (std::size_t from = 0; from < codes.size(); from += kCodesAQuery) {
      auto& st = cached(events_of_, sql);
      for (int i = 0; i < kCodesAQuery; ++i) {
        if (from + i < codes.size()) {
          st.bind_ref(i + 1, codes[from + i]);
        } else {
          st.bind_null(i + 1);
        }
      }
      LUODI_ASSIGN_OR_RETURN(auto events, read_events(st));
      for (Event& e : events) out[e.project].push_back(std::move(e));
    }
    return out;
  }

  // A page at a time, each page a query of its own that goes on after the
  // last event read: a page is all that is held, and the visitor may ask the
  // store anything meanwhile (PostgreSQL runs one query at a time on a
  // connection).
  Status scan_events(std::optional<Date> until,
                     const std::function<Status(Event&&)>& visit) override {
    Statement st =
        db_.prepare("SELECT " + std::string(columns::kEvent) +
                    " FROM events WHERE on_date <= ?1 AND (project, on_date, seq) > (?2, ?3, ?4) "
                    "ORDER BY project, on_date, seq LIMIT ?5");
    const std::string last_day = until ? until->str() : std::string("9999-12-31");
    std::string project, on;
    std::int64_t seq = -1;
    for (;;) {
      st.bind_ref(1, last_day).bind_ref(2, project).bind_ref(3, on).bind(4, seq).bind(5, kScanPage);
      LUODI_ASSIGN_OR_RETURN(std::vector<Event> page, read_events(st));
      if (page.empty()) return Status::Ok();
      project = page.back().project;
      on = page.back().on.str();
      seq = page.back().seq;
      for (Event& e : page) LUODI_RETURN_IF_ERROR(visit(std::move(e)));
      if (static_cast<std::int64_t>(page.size()) < kScanPage) return Status::Ok();
    }
  }

  Result<std::int64_t> max_blocker_id() override {
    Statement st =
        db_.prepare("SELECT COALESCE(MAX(blocker_id), 0) FROM events WHERE blocker_id IS NOT NULL");
    if (!st.step()) return Status::Internal("sqlite: " + st.error());
    return st.integer(0);
  }

  Result<std::int64_t> max_instruction_id() override {
    Statement st = db_.prepare("SELECT COUNT(*) FROM events WHERE kind = 'instructed'");
    if (!st.step()) return Status::Internal("sqlite: " + st.error());
    return st.integer(0);
  }

  // For update, the row is locked where the backend locks rows (SQLite has
  // one writer at a time: a read in a write transaction is locked already).
  Result<std::optional<ProjectState>> load_project(const std::string& code,
                                                   bool for_update) override {
    const std::string sql = "SELECT " + columns::project() + " FROM projects WHERE code = ?";
    return load(code, for_update ? cached(lock_project_, sql + Db::kForUpdate)
                                 : cached(select_project_, sql));
  }

  Result<std::optional<ProjectState>> load_lifecycle(const std::string& code,
                                                     bool for_update) override {
    const std::string sql =
        "SELECT " + std::string(columns::kLifecycle) + " FROM projects WHERE code = ?";
    return load(code, for_update ? cached(lock_lifecycle_, sql + Db::kForUpdate)
                                 : cached(select_lifecycle_, sql));
  }

  Status insert_project(const ProjectState& s, const std::optional<Date>& due,
                        Date next_check) override {
    // The lifecycle, the attributes, the due date and the next check, bound
    // by the attributes' declaration.
    static const int attributes = static_cast<int>(attribute_fields().size());
    static const std::string sql = [] {
      std::string marks;
      for (int i = 0; i < columns::kFirstAttribute + attributes + 2; ++i) marks += i ? ",?" : "?";
      return "INSERT INTO projects (" + columns::project() + ", due_on, next_check_on) VALUES (" +
             marks + ")";
    }();
    auto& st = cached(insert_project_, sql);
    bind_lifecycle(st, s);
    const int after = columns::kFirstAttribute + 1 + attributes;
    bind_attributes(st, columns::kFirstAttribute + 1, s.attributes);
    bind_date(st, after, due);
    st.bind(after + 1, next_check.str());
    LUODI_RETURN_IF_ERROR(st.run());
    return s.blockers.empty() ? Status::Ok() : write_blockers(s);
  }

  Status update_project(const ProjectState& s, bool blockers_changed,
                        const std::optional<Date>& due, Date next_check) override {
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
    if (changes() != 1) return Status::Internal("no projection row for " + s.code);
    return blockers_changed ? write_blockers(s) : Status::Ok();
  }

  Status set_attributes(const ProjectState& s) override {
    static const std::string sql = [] {
      std::string set;
      int i = 2;
      for (const AttributeField& f : attribute_fields())
        set += (set.empty() ? "" : ", ") + std::string(f.name) + " = ?" + std::to_string(i++);
      return "UPDATE projects SET " + set + " WHERE code = ?1";
    }();
    Statement st = db_.prepare(sql);
    st.bind(1, s.code);
    bind_attributes(st, 2, s.attributes);
    return st.run();
  }

  Status renumber_stages(const std::vector<int>& to) override {
    auto mapped = [&](const char* column) {
      std::string sql = std::string(column) + " = CASE " + column;
      for (size_t i = 0; i < to.size(); ++i)
        sql += " WHEN " + std::to_string(i) + " THEN " + std::to_string(std::max(to[i], 0));
      return sql + " ELSE " + column + " END";
    };
    Statement st = db_.prepare("UPDATE projects SET " + mapped("stage") + ", " +
                               mapped("plan_stage") + ", " + mapped("due_stage"));
    return st.run();
  }

  Status scan_projects(const ProjectFilter& f,
                       const std::function<Status(ProjectState&&)>& visit) override {
    std::string sql = "SELECT " + columns::project() + " FROM projects WHERE 1=1";
    if (f.stage) sql += " AND stage = ?";
    if (f.unit) sql += " AND unit = ?";
    if (f.leader) sql += " AND leader = ?";
    if (f.status) sql += " AND status = ?";
    sql += " AND code > ? ORDER BY code LIMIT ?";  // a page at a time, as scan_events
    Statement st = db_.prepare(sql);
    std::string after;
    for (;;) {
      int i = 1;
      if (f.stage) st.bind(i++, static_cast<std::int64_t>(*f.stage));
      if (f.unit) st.bind(i++, *f.unit);
      if (f.leader) st.bind(i++, *f.leader);
      if (f.status) st.bind(i++, to_string(*f.status));
      st.bind_ref(i, after);
      st.bind(i + 1, kScanPage);
      std::vector<std::pair<ProjectState, bool>> page;  // and whether it has open blockers
      while (st.step()) page.emplace_back(read_project(st), st.integer(columns::kOpenBlockers) > 0);
      LUODI_RETURN_IF_ERROR(st.done());
      if (page.empty()) return Status::Ok();
      after = page.back().first.code;
      for (auto& [s, blocked] : page) {
        if (blocked) LUODI_RETURN_IF_ERROR(load_blockers(s));
        LUODI_RETURN_IF_ERROR(visit(std::move(s)));
      }
      if (static_cast<std::int64_t>(page.size()) < kScanPage) return Status::Ok();
    }
  }

 private:
  Status write_blockers(const ProjectState& s) {
    Statement del = db_.prepare("DELETE FROM blockers WHERE project = ?");
    LUODI_RETURN_IF_ERROR(del.bind(1, s.code).run());
    Statement del_instructions = db_.prepare("DELETE FROM instructions WHERE project = ?");
    LUODI_RETURN_IF_ERROR(del_instructions.bind(1, s.code).run());
    Statement ins = db_.prepare(
        "INSERT INTO blockers (id, project, category, reason, owner, since) VALUES (?,?,?,?,?,?)");
    Statement instr = db_.prepare(
        "INSERT INTO instructions (id, project, blocker_id, text, assignee, due, on_date, \"by\", "
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

  // Reads one projection row with `st` (a project or lifecycle query) and
  // its open blockers.
  Result<std::optional<ProjectState>> load(const std::string& code, Statement& st) {
    st.bind_ref(1, code);
    std::optional<ProjectState> out;
    int open_blockers = 0;
    if (st.step()) {
      out = st.columns() > columns::kFirstAttribute ? read_project(st) : read_lifecycle(st);
      open_blockers = static_cast<int>(st.integer(columns::kOpenBlockers));
    }
    LUODI_RETURN_IF_ERROR(st.done());
    if (out && open_blockers > 0) LUODI_RETURN_IF_ERROR(load_blockers(*out));
    return out;
  }

  Status load_blockers(ProjectState& s) {
    auto& st = cached(select_blockers_,
                      "SELECT id, category, reason, owner, since FROM blockers WHERE project = ? "
                      "ORDER BY id");
    st.bind(1, s.code);
    while (st.step())
      s.blockers.push_back(
          {st.integer(0), st.text(1), st.text(2), st.text(3), date_of(st.text(4)), {}});
    LUODI_RETURN_IF_ERROR(st.done());
    auto& in =
        cached(select_instructions_,
               "SELECT id, blocker_id, text, assignee, due, on_date, \"by\", done_on, done_note "
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

  Statement insert_event_, select_project_, select_lifecycle_, lock_project_, lock_lifecycle_,
      insert_project_, update_project_, select_blockers_, select_instructions_, project_events_,
      events_of_;
};

}  // namespace

std::unique_ptr<ProjectStore> projects_area(sqlite::Database& db) {
  return std::make_unique<Projects<sqlite::Database>>(db);
}
std::unique_ptr<ProjectStore> projects_area(pg::Database& db) {
  return std::make_unique<Projects<pg::Database>>(db);
}

}  // namespace luodi
