// The kept standing and the tick's queue: the schedule columns of
// the projection row and the index of next checks.
#include "store/area.h"

namespace luodi {

namespace {

template <typename Db>
class Schedules final : public ScheduleStore, Area<Db> {
 public:
  using Area<Db>::Area;
  LUODI_AREA_OVER_CONNECTION

  Result<Schedule> load_schedule(const std::string& code) override {
    static const std::string sql =
        "SELECT " + std::string(columns::kSchedule) + " FROM projects WHERE code = ?";
    auto& st = cached(load_schedule_, sql);
    st.bind_ref(1, code);
    if (!st.step()) {
      LUODI_RETURN_IF_ERROR(st.done());
      return Status::NotFound(Message("error_unknown_project", {arg("code", code)}));
    }
    Schedule s = schedule_at(st, 0);
    LUODI_RETURN_IF_ERROR(st.done());
    return s;
  }

  Status save_schedule(const std::string& code, const Schedule& s,
                       const Schedule* before) override {
    // Only the columns that change are set: an index (due date, light) is
    // rewritten only when its column is, and most looks change neither.
    struct Field {
      const char* column;
      bool changed;
    };
    const bool due_changed = !before || before->due != s.due || before->due_stage != s.due_stage ||
                             before->due_source != s.due_source ||
                             before->due_provisional != s.due_provisional;
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
    // The chunk's rows are locked where the backend locks rows: a write to
    // one of them waits for this look, which works from its events.
    static const std::string sql =
        "SELECT code, " + std::string(columns::kSchedule) +
        " FROM projects WHERE next_check_on <= ? ORDER BY next_check_on LIMIT ?" + Db::kForUpdate;
    auto& st = cached(due_projects_, sql);
    st.bind(1, day.str()).bind(2, static_cast<std::int64_t>(limit));
    return chunk(st, true);
  }

  Result<std::vector<DueProject>> projects_to_keep(Date day,
                                                   const std::optional<std::string>& after,
                                                   std::size_t limit) override {
    static const std::string sql =
        "SELECT code, " + std::string(columns::kSchedule) +
        " FROM projects WHERE code > ?2 AND next_check_on <= ?1 "
        "AND (checked_on IS NULL OR checked_on < ?1) ORDER BY code LIMIT ?3";
    auto& st = cached(projects_to_keep_, sql);
    st.bind(1, day.str()).bind(2, after.value_or("")).bind(3, static_cast<std::int64_t>(limit));
    return chunk(st, false);
  }

  // The rows (code, then the kept schedule) a chunk's statement gives, with
  // their events (and outbox keys, when `keys`).
  Result<std::vector<DueProject>> chunk(Statement& st, bool keys) {
    std::vector<DueProject> out;
    while (st.step()) {
      DueProject p;
      p.code = st.text(0);
      p.kept = schedule_at(st, 1);
      out.push_back(std::move(p));
    }
    LUODI_RETURN_IF_ERROR(st.done());
    LUODI_RETURN_IF_ERROR(fill(out, keys));
    return out;
  }

  // A chunk's events (and outbox keys, when `keys`), one query each, a
  // parameter per project: well under SQLite's limit at 10,000.
  Status fill(std::vector<DueProject>& out, bool keys) {
    if (out.empty()) return Status::Ok();
    std::map<std::string, DueProject*> by_code;
    for (auto& p : out) by_code[p.code] = &p;
    std::string in = "(";
    for (size_t i = 0; i < out.size(); ++i) in += i ? ",?" : "?";
    in += ")";
    Statement events =
        db_.prepare("SELECT " + std::string(columns::kEvent) + " FROM events WHERE project IN " +
                    in + " ORDER BY project, on_date, seq");
    for (size_t i = 0; i < out.size(); ++i) events.bind_ref(static_cast<int>(i + 1), out[i].code);
    while (events.step()) {
      LUODI_ASSIGN_OR_RETURN(Event e, read_event(events));
      by_code.at(e.project)->events.push_back(std::move(e));
    }
    LUODI_RETURN_IF_ERROR(finish(events, 0).status());
    if (!keys) return Status::Ok();
    Statement st = db_.prepare("SELECT project, key FROM outbox WHERE project IN " + in);
    for (size_t i = 0; i < out.size(); ++i) st.bind_ref(static_cast<int>(i + 1), out[i].code);
    while (st.step()) by_code.at(st.text(0))->notification_keys.push_back(st.text(1));
    return finish(st, 0).status();
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
  std::map<unsigned, Statement> save_schedule_;  // by the columns set
  Statement load_schedule_, projects_to_keep_, due_projects_;
};

}  // namespace

std::unique_ptr<ScheduleStore> schedule_area(sqlite::Database& db) {
  return std::make_unique<Schedules<sqlite::Database>>(db);
}
std::unique_ptr<ScheduleStore> schedule_area(pg::Database& db) {
  return std::make_unique<Schedules<pg::Database>>(db);
}

}  // namespace luodi
