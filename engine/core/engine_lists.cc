// Lists and counts over many projects. On a past day they are the standing
// function over every project's events up to it. Today they are asked of the
// standing the projection keeps (indexed SQL, a page at a time, counts in
// groups), and only the projects whose kept standing does not hold today are
// worked out again; each row shown is the standing function's own.
#include <algorithm>
#include <tuple>

#include "core/engine_internals.h"
#include "lifecycle/lifecycle.h"
#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

namespace {

constexpr std::size_t kChunk = 1000;  // rows asked of the store at a time

// A row's place in its list: its code, or its due date and code.
std::string key_of(bool by_due, const std::string& code, const std::optional<Date>& due) {
  return by_due && due ? due->str() + '\x1f' + code : code;
}

void add_group(std::vector<StandingGroup>& groups, const StandingGroup& g) {
  for (auto& h : groups)
    if (h.stage == g.stage && h.status == g.status && h.key == g.key && h.light == g.light &&
        h.overdue == g.overdue) {
      h.count += g.count;
      h.investment_wan += g.investment_wan;
      h.land.need += g.land.need;
      h.land.secured += g.land.secured;
      h.land.shortfall += g.land.shortfall;
      h.land.need_unknown += g.land.need_unknown;
      return;
    }
  groups.push_back(g);
}

}  // namespace

Result<StandingFilter> Engine::filter_of(const ListQuery& q, Date day) const {
  StandingFilter f;
  if (q.stage) {
    f.stage = rules_.on(day).workflow.find_stage(*q.stage);
    if (!f.stage) return Status::BadInput("unknown stage '" + *q.stage + "'");
  }
  if (q.status) {
    f.status = parse_project_status(*q.status);
    if (!f.status)
      return Status::BadInput("unknown status '" + *q.status +
                              "' (active, blocked, cancelled, dropped, finished)");
  }
  if (q.light) {
    f.light = parse_light(*q.light);
    if (!f.light)
      return Status::BadInput("unknown light '" + *q.light + "' (red, yellow, green, none)");
  }
  f.unit = q.unit;
  f.leader = q.leader;
  f.overdue = q.overdue;
  return f;
}

Status Engine::each_state(std::optional<Date> as_of, const StateVisitor& visit) {
  LUODI_ASSIGN_OR_RETURN(Date day, day_asked(as_of));
  const Workflow& wf = rules_.on(day).workflow;
  return for_each_history(day, [&](std::vector<Event>& events) -> Status {
    auto state = replay(wf, events, day);
    if (!state.ok() && state.status().code() == ErrorCode::kNotFound) return Status::Ok();
    LUODI_RETURN_IF_ERROR(state.status());
    return visit(*state, events);
  });
}

Result<std::optional<TrackedProject>> Engine::standing_today(const std::string& code, Date day) {
  LUODI_ASSIGN_OR_RETURN(auto events, store_->projects().project_events(code));
  auto t = standing_of(rules_on(day), events, day);
  if (!t.ok() && t.status().code() == ErrorCode::kNotFound) return std::optional<TrackedProject>();
  if (!t.ok()) return t.status();
  return std::optional<TrackedProject>(std::move(t).value());
}

Result<std::map<std::string, TrackedProject>> Engine::standings_today(
    const std::vector<std::string>& codes, Date day) {
  LUODI_ASSIGN_OR_RETURN(auto events, store_->projects().events_of(codes));
  const Rules r = rules_on(day);
  std::map<std::string, TrackedProject> out;
  for (auto& [code, history] : events) {
    auto t = standing_of(r, history, day);
    if (!t.ok() && t.status().code() == ErrorCode::kNotFound) continue;
    if (!t.ok()) return t.status();
    out.emplace(code, std::move(t).value());
  }
  return out;
}

Status Engine::Internals::each_unkept(
    Engine& e, Date day,
    const std::function<void(const UnkeptRow&, const TrackedProject*)>& visit) {
  LUODI_ASSIGN_OR_RETURN(auto rows, e.store_->standing().unkept_on(day));
  const Rules r = e.rules_on(day);
  for (std::size_t from = 0; from < rows.size(); from += kChunk) {
    const std::size_t to = std::min(rows.size(), from + kChunk);
    std::vector<std::string> codes;
    for (std::size_t i = from; i < to; ++i) codes.push_back(rows[i].code);
    LUODI_ASSIGN_OR_RETURN(auto histories, e.store_->projects().events_of(codes));
    for (std::size_t i = from; i < to; ++i) {
      const std::optional<WalkCheckpoint> resume = checkpoint_of(e, rows[i].schedule, day);
      auto t = standing_of(r, histories[rows[i].code], day, nullptr, resume ? &*resume : nullptr);
      if (!t.ok() && t.status().code() != ErrorCode::kNotFound) return t.status();
      visit(rows[i], t.ok() ? &*t : nullptr);
    }
  }
  return Status::Ok();
}

Result<std::optional<std::string>> Engine::each_listed(const ListQuery& q,
                                                       std::optional<Date> as_of,
                                                       const PageRequest& page,
                                                       const RowVisitor* tracked,
                                                       const OverdueVisitor* overdue) {
  LUODI_RETURN_IF_ERROR(check_page(page));
  LUODI_RETURN_IF_ERROR(sync_projection());  // the kept rows' stage numbers are today's
  LUODI_ASSIGN_OR_RETURN(Date day, day_asked(as_of));
  LUODI_ASSIGN_OR_RETURN(StandingFilter f, filter_of(q, day));
  const bool by_due = overdue != nullptr;
  f.overdue |= by_due;
  const std::string after = page.cursor ? *key_of_cursor(*page.cursor) : std::string();
  auto key = [&](const TrackedProject& t) {
    const Deadline* listed = t.standing.listed();
    return key_of(by_due, t.project.code, listed ? std::optional<Date>(listed->due) : std::nullopt);
  };
  std::size_t shown = 0;
  std::string last;
  // Shows the function's `t` unless the page is full; false when it is.
  auto show = [&](TrackedProject&& t, std::string k) -> Result<bool> {
    if (page.limit && shown == *page.limit) return false;
    last = std::move(k);
    ++shown;
    LUODI_RETURN_IF_ERROR(overdue ? (*overdue)(overdue_row(t)) : (*tracked)(std::move(t)));
    return true;
  };

  // A past day: the standing function over every history, streamed (held:
  // a list by due date keeps each listed row's due date and code only).
  if (day != today()) {
    const Rules r = rules_on(day);
    std::optional<std::string> next;  // the cursor, once a page is full
    if (!by_due) {                    // in code order, as the histories come
      const Status stop = Status::Internal("page full");
      Status s = for_each_history(day, [&](std::vector<Event>& events) -> Status {
        if (page.cursor && !(events.front().project > after)) return Status::Ok();
        LUODI_ASSIGN_OR_RETURN(TrackedProject t, standing_of(r, events, day));
        if (!f.matches(t)) return Status::Ok();
        std::string k = t.project.code;
        LUODI_ASSIGN_OR_RETURN(bool more, show(std::move(t), std::move(k)));
        if (more) return Status::Ok();
        next = cursor_of(last);
        return stop;
      });
      if (!s.ok() && !next) return s;
      return next;
    }
    // By due date: the listed rows' places first, then the rows worked out
    // again in that order, a chunk of histories at a time.
    struct Place {
      Date due;
      std::string code;
      bool operator<(const Place& o) const { return std::tie(due, code) < std::tie(o.due, o.code); }
    };
    std::vector<Place> places;
    LUODI_RETURN_IF_ERROR(for_each_history(day, [&](std::vector<Event>& events) -> Status {
      LUODI_ASSIGN_OR_RETURN(TrackedProject t, standing_of(r, events, day));
      if (!f.matches(t)) return Status::Ok();
      const Date due = t.standing.listed()->due;
      if (page.cursor && !(key_of(true, t.project.code, due) > after)) return Status::Ok();
      places.push_back({due, std::move(t.project.code)});
      return Status::Ok();
    }));
    std::sort(places.begin(), places.end());
    for (std::size_t from = 0; from < places.size(); from += kChunk) {
      const std::size_t to = std::min(places.size(), from + kChunk);
      std::vector<std::string> codes;
      for (std::size_t i = from; i < to; ++i) codes.push_back(places[i].code);
      LUODI_ASSIGN_OR_RETURN(auto histories, store_->projects().events_of(codes));
      for (std::size_t i = from; i < to; ++i) {
        auto& events = histories[places[i].code];
        std::erase_if(events, [&](const Event& e) { return e.on > day; });
        LUODI_ASSIGN_OR_RETURN(TrackedProject t, standing_of(r, events, day));
        LUODI_ASSIGN_OR_RETURN(bool more,
                               show(std::move(t), key_of(true, places[i].code, places[i].due)));
        if (!more) return std::optional<std::string>(cursor_of(last));
      }
    }
    return std::optional<std::string>();
  }

  // Today: the pages of the projects whose kept standing holds …
  KeptQuery kq;
  kq.day = day;
  kq.filter = {f.stage, f.unit, f.leader, f.status};
  kq.light = f.light;
  kq.overdue = f.overdue;
  kq.order = by_due ? KeptQuery::Order::kByDue : KeptQuery::Order::kByCode;
  kq.limit = page.limit ? std::min(kChunk, *page.limit + 1) : kChunk;
  kq.rows = by_due;  // an overdue row is shown as kept
  if (page.cursor) {
    const auto sep = after.find('\x1f');
    if (by_due != (sep != std::string::npos) || (by_due && !Date::parse(after.substr(0, sep))))
      return Status::BadInput("cursor '" + *page.cursor + "' belongs to another list");
    kq.after_code = by_due ? after.substr(sep + 1) : after;
    if (by_due) kq.after_due = Date::parse(after.substr(0, sep));
  }
  // … merged, in order, with the others, worked out again (their places in
  // the list only: each row is worked out when it is shown).
  std::vector<std::pair<std::string, std::string>> unkept;  // (key, code)
  LUODI_RETURN_IF_ERROR(
      Internals::each_unkept(*this, day, [&](const UnkeptRow& row, const TrackedProject* t) {
        if (!t || !f.matches(*t)) return;
        std::string k = key(*t);
        if (!page.cursor || k > after) unkept.emplace_back(std::move(k), row.code);
      }));
  std::sort(unkept.begin(), unkept.end());
  std::vector<KeptRow> kept;
  std::map<std::string, TrackedProject> worked;  // the kept page's rows, worked out again
  std::size_t ki = 0, ui = 0;
  bool kept_done = false;
  const Workflow& wf = rules_.on(day).workflow;
  for (;;) {
    if (ki == kept.size() && !kept_done) {
      LUODI_ASSIGN_OR_RETURN(kept, store_->standing().kept(kq));
      ki = 0;
      kept_done = kept.size() < kq.limit;
      std::vector<std::string> codes;
      for (const auto& row : kept)
        if (!row.row) codes.push_back(row.code);
      LUODI_ASSIGN_OR_RETURN(worked, standings_today(codes, day));
      if (!kept.empty()) {
        kq.after_code = kept.back().code;
        kq.after_due = kept.back().due;
      }
    }
    const bool have_kept = ki < kept.size(), have_unkept = ui < unkept.size();
    if (!have_kept && !have_unkept) break;
    if (page.limit && shown == *page.limit) return std::optional<std::string>(cursor_of(last));
    // The kept row's place, when it is needed: to merge it with the others,
    // or as the cursor of a page that may fill.
    const bool keyed = have_unkept || page.limit;
    std::string kept_key =
        have_kept && keyed ? key_of(by_due, kept[ki].code, kept[ki].due) : std::string();
    if (have_kept && (!have_unkept || kept_key < unkept[ui].first)) {
      KeptRow& row = kept[ki++];
      if (row.row) {  // the overdue list's row, as kept, late by as much as the function says
        Lateness late = lateness_of(wf, row.row->binding.due, day);
        row.row->days_overdue = late.days_overdue;
        row.row->escalation = std::move(late.escalation);
        if (row.row->binding.source == Deadline::Source::kInstruction)
          row.row->kind = "instruction";
        if (keyed) last = std::move(kept_key);
        ++shown;
        LUODI_RETURN_IF_ERROR((*overdue)(std::move(*row.row)));
        continue;
      }
      // Every list row is the function's; the copy only chose it.
      auto t = worked.find(row.code);
      if (t != worked.end() && f.matches(t->second))
        LUODI_RETURN_IF_ERROR(show(std::move(t->second), std::move(kept_key)).status());
      continue;
    }
    const auto& [k, code] = unkept[ui++];
    LUODI_ASSIGN_OR_RETURN(auto t, standing_today(code, day));
    if (t && f.matches(*t)) LUODI_RETURN_IF_ERROR(show(std::move(*t), k).status());
  }
  return std::optional<std::string>();
}

Result<std::optional<std::string>> Engine::each_tracked(const ListQuery& q,
                                                        std::optional<Date> as_of,
                                                        const PageRequest& page,
                                                        const RowVisitor& visit) {
  return each_listed(q, as_of, page, &visit, nullptr);
}

Result<std::optional<std::string>> Engine::each_overdue(const ListQuery& q,
                                                        std::optional<Date> as_of,
                                                        const PageRequest& page,
                                                        const OverdueVisitor& visit) {
  return each_listed(q, as_of, page, nullptr, &visit);
}

namespace {

template <typename Row>
Result<Page<Row>> collect(
    const std::function<Result<std::optional<std::string>>(const std::function<Status(Row&&)>&)>&
        each) {
  Page<Row> page;
  LUODI_ASSIGN_OR_RETURN(page.next, each([&](Row&& r) {
                           page.items.push_back(std::move(r));
                           return Status::Ok();
                         }));
  return page;
}

}  // namespace

Result<Page<TrackedProject>> Engine::tracked(const ListQuery& q, std::optional<Date> as_of,
                                             const PageRequest& page) {
  return collect<TrackedProject>(
      [&](const RowVisitor& v) { return each_tracked(q, as_of, page, v); });
}

Result<Page<OverdueRow>> Engine::overdue(const ListQuery& q, std::optional<Date> as_of,
                                         const PageRequest& page) {
  return collect<OverdueRow>(
      [&](const OverdueVisitor& v) { return each_overdue(q, as_of, page, v); });
}

Result<std::vector<TrackedProject>> Engine::tracked(const ListQuery& q, std::optional<Date> as_of) {
  LUODI_ASSIGN_OR_RETURN(auto page, tracked(q, as_of, PageRequest{}));
  return std::move(page.items);
}

Result<std::vector<OverdueRow>> Engine::overdue(const ListQuery& q, std::optional<Date> as_of) {
  LUODI_ASSIGN_OR_RETURN(auto page, overdue(q, as_of, PageRequest{}));
  return std::move(page.items);
}

Result<std::vector<StandingGroup>> Engine::standing_groups(std::optional<Date> as_of) {
  LUODI_ASSIGN_OR_RETURN(Date day, day_asked(as_of));
  LUODI_RETURN_IF_ERROR(sync_projection());
  std::vector<StandingGroup> groups;
  const Rules r = rules_on(day);
  if (day != today()) {
    LUODI_RETURN_IF_ERROR(for_each_history(day, [&](std::vector<Event>& events) -> Status {
      LUODI_ASSIGN_OR_RETURN(TrackedProject t, standing_of(r, events, day));
      add_group(groups, group_of(t));
      return Status::Ok();
    }));
    return groups;
  }
  LUODI_ASSIGN_OR_RETURN(groups, store_->standing().kept_groups(day));
  LUODI_RETURN_IF_ERROR(
      Internals::each_unkept(*this, day, [&](const UnkeptRow&, const TrackedProject* t) {
        if (t) add_group(groups, group_of(*t));
      }));
  return groups;
}

Result<Engine::Gauges> Engine::gauges() {
  LUODI_RETURN_IF_ERROR(sync_projection());
  const Date day = today();
  Gauges out;
  LUODI_ASSIGN_OR_RETURN(auto kept, store_->standing().kept_gauges(day));
  out.groups = std::move(kept.first);
  out.overdue = kept.second;
  // What the gauges count for projects whose kept standing does not hold
  // today is taken out, and their standing today put in.
  auto count = [&](StandingGroup g, long sign) {
    out.overdue += g.overdue ? sign * g.count : 0;
    g.overdue = false;
    g.count *= sign;
    g.investment_wan *= sign;
    g.land = {g.land.need * sign, g.land.secured * sign, g.land.shortfall * sign,
              g.land.need_unknown * sign};
    add_group(out.groups, g);
  };
  LUODI_RETURN_IF_ERROR(
      Internals::each_unkept(*this, day, [&](const UnkeptRow& row, const TrackedProject* t) {
        count(row.kept, -1);
        if (t) count(group_of(*t), 1);
      }));
  std::erase_if(out.groups, [](const StandingGroup& g) { return g.count == 0; });
  return out;
}

Result<Stats> Engine::stats(std::optional<Date> as_of) {
  LUODI_ASSIGN_OR_RETURN(Date day, day_asked(as_of));
  if (day == today()) {  // the gauges, corrected as /metrics has them: no scan of the city
    LUODI_ASSIGN_OR_RETURN(Gauges g, gauges());
    return compute_stats(rules_.on(day).workflow, day, g.groups, g.overdue);
  }
  LUODI_ASSIGN_OR_RETURN(auto groups, standing_groups(day));
  return compute_stats(rules_.on(day).workflow, day, groups);
}

}  // namespace luodi
