// Deadlines and lights as the engine serves them: the standing function
// (luodi/standing.h) over the store's events, for one project or all.
#include <algorithm>

#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

Result<Date> Engine::day_asked(std::optional<Date> as_of) const {
  if (as_of && *as_of > today())
    return Status::BadInput("--as-of " + as_of->str() + " is in the future (today is " +
                            today().str() + ")");
  return as_of.value_or(today());
}

Result<TrackedProject> Engine::tracked_project(const std::string& code, std::optional<Date> as_of) {
  LUODI_ASSIGN_OR_RETURN(Date day, day_asked(as_of));
  LUODI_ASSIGN_OR_RETURN(auto events, store_->project_events(code));
  if (events.empty()) return Status::NotFound("unknown project " + code);
  auto t = standing_of(rules(), events, day);
  if (!t.ok() && t.status().code() == ErrorCode::kNotFound)
    return Status::NotFound("project " + code + " did not exist on " + day.str());
  return t;
}

Result<std::vector<TrackedProject>> Engine::standings_on(Date day, const StandingFilter& filter) {
  std::vector<TrackedProject> out;
  const Rules r = rules();
  LUODI_RETURN_IF_ERROR(for_each_history(day, [&](std::vector<Event>& events) -> Status {
    LUODI_ASSIGN_OR_RETURN(TrackedProject t, standing_of(r, events, day));
    if (filter.matches(t)) out.push_back(std::move(t));
    return Status::Ok();
  }));
  std::sort(out.begin(), out.end(), [](const TrackedProject& a, const TrackedProject& b) {
    return a.project.code < b.project.code;
  });
  return out;
}

Result<std::vector<TrackedProject>> Engine::tracked(const ListQuery& q, std::optional<Date> as_of) {
  StandingFilter f;
  if (q.stage) {
    f.stage = workflow_.find_stage(*q.stage);
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
    if (!f.light) return Status::BadInput("unknown light '" + *q.light + "' (red, yellow, green, none)");
  }
  f.unit = q.unit;
  f.leader = q.leader;
  f.overdue = q.overdue;
  LUODI_ASSIGN_OR_RETURN(Date day, day_asked(as_of));
  return standings_on(day, f);
}

Result<std::vector<TrackedProject>> Engine::overdue(const ListQuery& q, std::optional<Date> as_of) {
  ListQuery only_overdue = q;
  only_overdue.overdue = true;
  LUODI_ASSIGN_OR_RETURN(auto out, tracked(only_overdue, as_of));
  std::stable_sort(out.begin(), out.end(), [](const TrackedProject& a, const TrackedProject& b) {
    return a.standing.deadline->due < b.standing.deadline->due;
  });
  return out;
}

Result<Page<TrackedProject>> Engine::tracked(const ListQuery& q, std::optional<Date> as_of, const PageRequest& page) {
  LUODI_RETURN_IF_ERROR(check_page(page));
  LUODI_ASSIGN_OR_RETURN(auto rows, tracked(q, as_of));
  return page_of<TrackedProject>(std::move(rows), page, [](const TrackedProject& t) { return t.project.code; });
}

Result<Page<TrackedProject>> Engine::overdue(const ListQuery& q, std::optional<Date> as_of, const PageRequest& page) {
  LUODI_RETURN_IF_ERROR(check_page(page));
  LUODI_ASSIGN_OR_RETURN(auto rows, overdue(q, as_of));
  return page_of<TrackedProject>(std::move(rows), page, [](const TrackedProject& t) {
    return t.standing.deadline->due.str() + '\x1f' + t.project.code;
  });
}

Result<std::vector<LightChange>> Engine::light_history(const std::string& code) {
  LUODI_ASSIGN_OR_RETURN(auto events, store_->project_events(code));
  if (events.empty()) return Status::NotFound("unknown project " + code);
  std::vector<LightChange> out;
  LUODI_RETURN_IF_ERROR(standing_of(rules(), events, today(), &out).status());
  return out;
}

Status Engine::keep_standing(const std::string& code, const TrackedProject& t,
                             std::optional<Date> next_check) {
  const Standing& st = t.standing;
  Schedule s;
  s.due = st.deadline ? std::optional<Date>(st.deadline->due) : std::nullopt;
  s.light = st.light.color;
  s.light_since = st.light_since;
  s.yellow_since = st.yellow_since;
  s.checked_on = today();
  s.next_check = next_check;
  return store_->save_schedule(code, s);
}

Result<TrackedProject> Engine::restand(const std::string& code, std::optional<Date> next_check) {
  LUODI_ASSIGN_OR_RETURN(auto events, store_->project_events(code));
  LUODI_ASSIGN_OR_RETURN(TrackedProject t, standing_of(rules(), events, today()));
  LUODI_RETURN_IF_ERROR(keep_standing(code, t, next_check));
  return t;
}

}  // namespace luodi
