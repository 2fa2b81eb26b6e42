// Events and the projection: events appended, never changed; one
// projection row a project, with its open blockers and their instructions.
#include <algorithm>
#include <array>
#include <map>

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
    // Counted on the partial index events_by_instruction.
    auto& st = cached(max_instruction_id_, "SELECT COUNT(*) FROM events WHERE kind = 'instructed'");
    if (!st.step()) return Status::Internal("sqlite: " + st.error());
    const std::int64_t n = st.integer(0);
    LUODI_RETURN_IF_ERROR(st.done());
    return n;
  }

  // For update, the row is locked where the backend locks rows (SQLite has
  // one writer at a time: a read in a write transaction is locked already).
  Result<std::optional<ProjectState>> load_project(const std::string& code, bool for_update,
                                                   Schedule* kept) override {
    return load(code, true, for_update, kept);
  }

  Result<std::optional<ProjectState>> load_lifecycle(const std::string& code, bool for_update,
                                                     Schedule* kept) override {
    return load(code, false, for_update, kept);
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

  Status insert_project(const ProjectState& s, const Schedule& kept) override {
    static const int attributes = static_cast<int>(attribute_fields().size());
    static const std::string sql = [] {
      std::string marks;
      for (int i = 0; i < columns::kFirstAttribute + attributes + kScheduleColumns; ++i)
        marks += i ? ",?" : "?";
      return "INSERT INTO projects (" + columns::project() + ", " +
             std::string(columns::kSchedule) + ") VALUES (" + marks + ")";
    }();
    auto& st = cached(insert_kept_project_, sql);
    bind_lifecycle(st, s);
    bind_attributes(st, columns::kFirstAttribute + 1, s.attributes);
    bind_schedule(st, columns::kFirstAttribute + 1 + attributes, kept);
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

  Status update_project(const ProjectState& s, bool blockers_changed,
                        const std::vector<Blocker>& blockers_before,
                        const std::vector<std::string>& attributes, const Schedule& now,
                        const Schedule& before) override {
    // Parameters: the lifecycle 1…17, the attributes from 18 in declaration
    // order, then the nine schedule columns; a statement per set of columns.
    const auto& fields = attribute_fields();
    const int first_schedule = columns::kFirstAttribute + 1 + static_cast<int>(fields.size());
    const bool due_changed = before.due != now.due || before.due_stage != now.due_stage ||
                             before.due_source != now.due_source ||
                             before.due_provisional != now.due_provisional;
    const std::array<bool, 6> schedule = {
        due_changed,
        before.light != now.light,
        before.light_since != now.light_since,
        before.yellow_since != now.yellow_since,
        before.checked_on != now.checked_on,
        before.next_check != now.next_check,
    };
    std::uint64_t mask = 0;
    for (std::size_t i = 0; i < schedule.size(); ++i)
      if (schedule[i]) mask |= std::uint64_t{1} << i;
    for (const std::string& name : attributes)
      for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == name) mask |= std::uint64_t{1} << (schedule.size() + i);
    Statement& st = update_statement(mask, first_schedule);
    bind_lifecycle(st, s);
    if (!attributes.empty()) bind_attributes(st, columns::kFirstAttribute + 1, s.attributes);
    bind_schedule(st, first_schedule, now);
    LUODI_RETURN_IF_ERROR(st.run());
    if (changes() != 1) return Status::Internal("no projection row for " + s.code);
    return blockers_changed ? change_blockers(s, blockers_before) : Status::Ok();
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
  Status write_blockers(const ProjectState& s) { return change_blockers(s, {}, true); }

  // Brings the blockers table (and their instructions) from `before` to
  // those of `s`: a blocker gone is deleted, a new one inserted, and one
  // whose instructions changed has them written again. `all`: the project's
  // rows are cleared first (whatever they were).
  Status change_blockers(const ProjectState& s, const std::vector<Blocker>& before,
                         bool all = false) {
    if (all) {
      auto& del = cached(delete_blockers_, "DELETE FROM blockers WHERE project = ?");
      LUODI_RETURN_IF_ERROR(del.bind_ref(1, s.code).run());
      auto& del_instructions =
          cached(delete_all_instructions_, "DELETE FROM instructions WHERE project = ?");
      LUODI_RETURN_IF_ERROR(del_instructions.bind_ref(1, s.code).run());
    }
    auto find = [](const std::vector<Blocker>& in, std::int64_t id) -> const Blocker* {
      for (const Blocker& b : in)
        if (b.id == id) return &b;
      return nullptr;
    };
    auto drop_instructions = [&](std::int64_t blocker) {
      auto& st = cached(delete_instructions_,
                        "DELETE FROM instructions WHERE project = ? AND blocker_id = ?");
      return st.bind_ref(1, s.code).bind(2, blocker).run();
    };
    if (!all)
      for (const Blocker& b : before)
        if (!find(s.blockers, b.id)) {
          auto& del = cached(delete_blocker_, "DELETE FROM blockers WHERE id = ?");
          LUODI_RETURN_IF_ERROR(del.bind(1, b.id).run());
          if (!b.instructions.empty()) LUODI_RETURN_IF_ERROR(drop_instructions(b.id));
        }
    auto& ins = cached(
        insert_blocker_,
        "INSERT INTO blockers (id, project, category, reason, owner, since) VALUES (?,?,?,?,?,?)");
    auto& instr = cached(insert_instruction_,
                         "INSERT INTO instructions (id, project, blocker_id, text, assignee, due, "
                         "on_date, \"by\", done_on, done_note) VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (const auto& b : s.blockers) {
      const Blocker* was = all ? nullptr : find(before, b.id);
      if (was && *was == b) continue;
      if (!was) {
        ins.bind(1, b.id).bind(2, s.code).bind(3, b.category).bind(4, b.reason).bind(5, b.owner);
        LUODI_RETURN_IF_ERROR(ins.bind(6, b.since.str()).run());
      } else if (!was->instructions.empty()) {
        LUODI_RETURN_IF_ERROR(drop_instructions(b.id));
      }
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

  static constexpr int kScheduleColumns = 9;

  // Binds the columns of columns::kSchedule as parameters from `first` on.
  static void bind_schedule(Statement& st, int first, const Schedule& s) {
    bind_date(st, first, s.due);
    st.bind(first + 1, to_string(s.light));
    bind_date(st, first + 2, s.light_since);
    bind_date(st, first + 3, s.yellow_since);
    bind_date(st, first + 4, s.checked_on);
    bind_date(st, first + 5, s.next_check);
    if (s.due) {
      st.bind(first + 6, static_cast<std::int64_t>(s.due_stage))
          .bind(first + 7, to_string(s.due_source));
    } else {
      st.bind_null(first + 6).bind_null(first + 7);
    }
    st.bind(first + 8, static_cast<std::int64_t>(s.due_provisional && s.due));
  }

  // The UPDATE of update_project for `mask` (bits 0…5: the schedule's column
  // groups; from bit 6: the attributes), prepared once.
  Statement& update_statement(std::uint64_t mask, int first_schedule) {
    auto it = updates_.find(mask);
    if (it != updates_.end()) return it->second;
    std::string sql =
        "UPDATE projects SET stage = ?2, stage_since = ?3, status = ?4, key = ?5, "
        "created_on = ?6, last_event_on = ?7, open_blockers = ?8, plan_due = ?9, "
        "plan_stage = ?10, plan_note = ?11, paused_days = ?12, paused_since = ?13, "
        "progress_on = ?14, progress_fixed_asset_wan = ?15, "
        "progress_foreign_arrived_usd_wan = ?16, plan_on = ?17";
    auto mark = [](int i) { return "?" + std::to_string(i); };
    const int f = first_schedule;
    const std::array<std::string, 6> groups = {
        "due_on = " + mark(f) + ", due_stage = " + mark(f + 6) + ", due_source = " + mark(f + 7) +
            ", due_provisional = " + mark(f + 8),
        "light = " + mark(f + 1),
        "light_since = " + mark(f + 2),
        "yellow_since = " + mark(f + 3),
        "checked_on = " + mark(f + 4),
        "next_check_on = " + mark(f + 5),
    };
    for (std::size_t i = 0; i < groups.size(); ++i)
      if (mask & (std::uint64_t{1} << i)) sql += ", " + groups[i];
    const auto& fields = attribute_fields();
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (mask & (std::uint64_t{1} << (groups.size() + i)))
        sql += ", " + std::string(fields[i].name) + " = " +
               mark(columns::kFirstAttribute + 1 + static_cast<int>(i));
    return updates_.emplace(mask, db_.prepare(sql + " WHERE code = ?1")).first->second;
  }

  // Reads one projection row (with its attributes or only its lifecycle,
  // and with its kept standing into `kept` when given) and its open blockers.
  Result<std::optional<ProjectState>> load(const std::string& code, bool attributes,
                                           bool for_update, Schedule* kept) {
    Statement& slot = loads_[attributes][for_update][kept != nullptr];
    if (!slot.valid()) {
      std::string sql =
          "SELECT " + (attributes ? columns::project() : std::string(columns::kLifecycle));
      if (kept) sql += ", " + std::string(columns::kSchedule);
      sql += " FROM projects WHERE code = ?";
      if (for_update) sql += Db::kForUpdate;
      slot = db_.prepare(sql);
    }
    Statement& st = slot;
    st.bind_ref(1, code);
    std::optional<ProjectState> out;
    int open_blockers = 0;
    if (st.step()) {
      out = attributes ? read_project(st) : read_lifecycle(st);
      if (kept)
        *kept = schedule_at(st, columns::kFirstAttribute +
                                    (attributes ? static_cast<int>(attribute_fields().size()) : 0));
      open_blockers = static_cast<int>(st.integer(columns::kOpenBlockers));
    }
    LUODI_RETURN_IF_ERROR(st.done());
    if (out && open_blockers > 0) LUODI_RETURN_IF_ERROR(load_blockers(*out));
    return out;
  }

  Status load_blockers(ProjectState& s) {
    auto& st = cached(select_blockers_,
                      "SELECT id, category, reason, owner, since FROM blockers WHERE project = ? "
                      "ORDER BY since, id");
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

  Statement insert_event_, insert_project_, insert_kept_project_, update_project_, select_blockers_,
      select_instructions_, project_events_, events_of_, delete_blockers_, delete_all_instructions_,
      delete_instructions_, delete_blocker_, insert_blocker_, insert_instruction_,
      max_instruction_id_;
  Statement loads_[2][2][2];                    // by attributes, for update, with the kept standing
  std::map<std::uint64_t, Statement> updates_;  // update_project's, by column mask
};

}  // namespace

std::unique_ptr<ProjectStore> projects_area(sqlite::Database& db) {
  return std::make_unique<Projects<sqlite::Database>>(db);
}
std::unique_ptr<ProjectStore> projects_area(pg::Database& db) {
  return std::make_unique<Projects<pg::Database>>(db);
}

}  // namespace luodi
