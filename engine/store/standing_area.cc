// Today's standing asked as sets, from the kept copy and the
// gauges its triggers keep.
#include "store/area.h"
#include "store/gauge_sql.h"

namespace luodi {

namespace {

// Whether the standing a projection row keeps holds on day ?1: worked out
// that day, or earlier with its next check still to come, and no event dated
// after the day (so the row's state is the state on the day).
constexpr std::string_view kKeptHolds =
    "checked_on <= ?1 AND last_event_on <= ?1 AND "
    "(checked_on = ?1 OR next_check_on IS NULL OR next_check_on > ?1)";
// … and the rows where it does not, by `id` (SQLite's rowid, PostgreSQL's
// code): its negation, one indexed range per term, so the cost follows
// those rows (projects due for a look, written today, or looked at on a
// later day), not the city.
std::string kept_fails(std::string_view id) {
  const std::string select = "SELECT " + std::string(id) + " FROM projects WHERE ";
  return select + "checked_on IS NULL UNION " + select + "checked_on > ?1 UNION " + select +
         "last_event_on > ?1 UNION " + select + "next_check_on <= ?1 AND checked_on <> ?1";
}

template <typename Db>
class Standings final : public StandingStore, Area<Db> {
 public:
  using Area<Db>::Area;
  LUODI_AREA_OVER_CONNECTION

  Result<std::vector<UnkeptRow>> unkept_on(Date day) override {
    const std::string id = Db::kHasRowid ? "rowid" : "code";
    auto& st = cached(unkept_on_,
                      "SELECT code, stage, status, key, light, due_on IS NOT NULL AND due_on < ?1, "
                      "investment_wan, land_need_mu, land_secured_mu, " +
                          std::string(columns::kSchedule) + " FROM projects WHERE " + id + " IN (" +
                          kept_fails(id) + ") ORDER BY code");
    st.bind(1, day.str());
    std::vector<UnkeptRow> out;
    while (st.step()) {
      ProjectAttributes a;
      a.investment_wan = st.real(6);
      a.land_need_mu = st.real(7);
      a.land_secured_mu = st.real(8);
      out.push_back({st.text(0),
                     {static_cast<int>(st.integer(1)),
                      parse_project_status(st.text(2)).value_or(ProjectStatus::kActive),
                      st.integer(3) != 0, parse_light(st.text(4)).value_or(LightColor::kNone),
                      st.integer(5) != 0, 1, a.investment_wan.value_or(0), land_of(a)},
                     schedule_at(st, 9)});
    }
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
    out.reserve(q.limit);  // a page's rows are made in place, never moved
    while (st.step()) {
      KeptRow& k = out.emplace_back(KeptRow{st.text(0), optional_date(st, 1), std::nullopt});
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
    }
    return finish(st, std::move(out));
  }

  Result<std::vector<StandingGroup>> kept_groups(Date day) override {
    // The set form of group_of() and land_of() (secured land counts whether
    // or not its need is known; a need not known counts in need_unknown).
    Statement st = db_.prepare(
        "SELECT stage, status, key, light, due_on IS NOT NULL AND due_on < ?1, count(*), "
        "coalesce(sum(investment_wan), 0), coalesce(sum(land_need_mu), 0), "
        "coalesce(sum(land_secured_mu), 0), "
        "coalesce(sum(land_need_mu - coalesce(land_secured_mu, 0)), 0), "
        "count(CASE WHEN land_need_mu IS NULL AND land_secured_mu > 0 THEN 1 END) "
        "FROM projects WHERE " +
        std::string(kKeptHolds) + " GROUP BY 1, 2, 3, 4, 5");
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
      g.land.shortfall = st.real(9).value_or(0);
      g.land.need_unknown = static_cast<long>(st.integer(10));
      out.push_back(g);
    }
    return finish(st, std::move(out));
  }

  Result<std::pair<std::vector<StandingGroup>, long>> kept_gauges(Date day) override {
    std::pair<std::vector<StandingGroup>, long> out{{}, 0};
    auto& st = cached(standing_counts_,
                      "SELECT stage, status, key, light, sum(n), sum(investment), sum(land_need), "
                      "sum(land_secured), sum(land_shortfall), sum(need_unknown) "
                      "FROM standing_counts GROUP BY 1, 2, 3, 4 HAVING sum(n) > 0");
    // Amounts are kept in millionths of their unit (store/gauge_sql.h).
    auto amount = [&](int col) { return static_cast<double>(st.integer(col)) / 1e6; };
    while (st.step())
      out.first.push_back({static_cast<int>(st.integer(0)),
                           parse_project_status(st.text(1)).value_or(ProjectStatus::kActive),
                           st.integer(2) != 0,
                           parse_light(st.text(3)).value_or(LightColor::kNone),
                           false,
                           static_cast<long>(st.integer(4)),
                           amount(5),
                           {amount(6), amount(7), amount(8), static_cast<long>(st.integer(9))}});
    LUODI_RETURN_IF_ERROR(st.done());
    auto& due = cached(due_counts_, "SELECT coalesce(sum(n), 0) FROM due_counts WHERE due_on < ?1");
    due.bind(1, day.str());
    if (due.step()) out.second = static_cast<long>(due.real(0).value_or(0));
    LUODI_RETURN_IF_ERROR(due.done());
    return out;
  }

  Status compact_gauges() override {
    if constexpr (Db::kGaugeDeltas.empty()) {
      return Status::Ok();
    } else {
      return db_.exec(Db::kGaugeDeltas);
    }
  }

  Result<std::vector<std::string>> check_gauges() override {
    std::vector<std::string> out;
    // A project's amounts as its gauge counts them (millionths, rounded half
    // away from zero: SQLite's round(), projects_micro() on PostgreSQL).
    auto micro = [](const std::string& x) {
      return Db::kHasRowid ? sqlite::micro(x) : "projects_micro(" + x + ")";
    };
    const std::string kept_sums =
        "sum(n) AS n, sum(investment) AS i, sum(land_need) AS ln, sum(land_secured) AS ls, "
        "sum(land_shortfall) AS lf, sum(need_unknown) AS u";
    const std::string row_sums =
        "count(*) AS n, sum(" + micro("investment_wan") + ") AS i, sum(" + micro("land_need_mu") +
        ") AS ln, sum(" + micro("land_secured_mu") +
        ") AS ls, sum(CASE WHEN land_need_mu IS NULL " + "THEN 0 ELSE " + micro("land_need_mu") +
        " - " + micro("land_secured_mu") +
        " END) AS lf, count(CASE WHEN land_need_mu IS NULL AND coalesce(land_secured_mu, 0) > 0 " +
        "THEN 1 END) AS u";
    // The count, then the amounts as text (investment/need/secured/shortfall
    // in millionths, need unknown).
    std::string differs, kept_text = "''", row_text = "''";
    for (const char* c : {"n", "i", "ln", "ls", "lf", "u"}) {
      const std::string k = std::string("coalesce(c.") + c + ", 0)",
                        p = std::string("coalesce(p.") + c + ", 0)";
      differs += (differs.empty() ? "" : " OR ") + k + " <> " + p;
      if (c != std::string("n")) {
        kept_text += (kept_text == "''" ? " || " : " || '/' || ") + k;
        row_text += (row_text == "''" ? " || " : " || '/' || ") + p;
      }
    }
    Statement st = db_.prepare(
        "SELECT 'standing_counts', stage || '/' || status || '/' || key || '/' || light, "
        "coalesce(c.n, 0), coalesce(p.n, 0), " +
        kept_text + ", " + row_text + " FROM (SELECT stage, status, key, light, " + kept_sums +
        " FROM standing_counts GROUP BY 1, 2, 3, 4) c FULL JOIN (SELECT stage, status, key, "
        "light, " +
        row_sums +
        " FROM projects GROUP BY 1, 2, 3, 4) p USING (stage, status, key, light) WHERE " + differs +
        " "
        "UNION ALL "
        "SELECT 'due_counts', due_on, coalesce(c.n, 0), coalesce(p.n, 0), '', '' FROM "
        "(SELECT due_on, sum(n) AS n FROM due_counts GROUP BY 1 HAVING sum(n) <> 0) c FULL JOIN "
        "(SELECT due_on, count(*) AS n FROM projects WHERE due_on IS NOT NULL GROUP BY 1) p "
        "USING (due_on) WHERE coalesce(c.n, 0) <> coalesce(p.n, 0) "
        "UNION ALL "
        "SELECT 'outbox_counts', state, coalesce(c.n, 0), coalesce(p.n, 0), '', '' FROM "
        "(SELECT state, sum(n) AS n FROM outbox_counts GROUP BY 1 HAVING sum(n) <> 0) c FULL JOIN "
        "(SELECT state, count(*) AS n FROM outbox GROUP BY 1) p "
        "USING (state) WHERE coalesce(c.n, 0) <> coalesce(p.n, 0)");
    while (st.step()) {
      std::string d = st.text(0) + " " + st.text(1) + ": kept " + std::to_string(st.integer(2)) +
                      ", the projection has " + std::to_string(st.integer(3));
      if (st.text(4) != st.text(5))
        d += "; amounts kept " + st.text(4) + ", the projection has " + st.text(5);
      out.push_back(std::move(d));
    }
    return finish(st, std::move(out));
  }

 private:
  Statement unkept_on_, standing_counts_, due_counts_;
};

}  // namespace

std::unique_ptr<StandingStore> standing_area(sqlite::Database& db) {
  return std::make_unique<Standings<sqlite::Database>>(db);
}
std::unique_ptr<StandingStore> standing_area(pg::Database& db) {
  return std::make_unique<Standings<pg::Database>>(db);
}

}  // namespace luodi
