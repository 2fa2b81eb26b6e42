// Deadlines and lights as the engine serves them: the standing function
// (luodi/standing.h) over the store's events for one project, and the copy of
// today's standing the projection keeps.
#include "core/engine_internals.h"
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
  LUODI_ASSIGN_OR_RETURN(auto events, store_->projects().project_events(code));
  if (events.empty())
    return Status::NotFound(Message("error_unknown_project", {arg("code", code)}));
  auto t = standing_of(rules_on(day), events, day);
  if (!t.ok() && t.status().code() == ErrorCode::kNotFound)
    return Status::NotFound("project " + code + " did not exist on " + day.str());
  return t;
}

Result<std::vector<LightChange>> Engine::light_history(const std::string& code) {
  LUODI_ASSIGN_OR_RETURN(auto events, store_->projects().project_events(code));
  if (events.empty())
    return Status::NotFound(Message("error_unknown_project", {arg("code", code)}));
  std::vector<LightChange> out;
  LUODI_RETURN_IF_ERROR(standing_of(rules(), events, today(), &out).status());
  return out;
}

Schedule Engine::Internals::schedule_of(const Engine& e, const TrackedProject& t,
                                        std::optional<Date> next_check) {
  const Standing& st = t.standing;
  Schedule s;
  if (const Deadline* listed = st.listed()) {  // what the overdue list shows
    s.due = listed->due;
    s.due_stage = listed->stage;
    s.due_source = listed->source;
    s.due_provisional = listed->provisional;
  }
  s.light = st.light.color;
  s.light_since = st.light_since;
  s.yellow_since = st.yellow_since;
  s.checked_on = e.today();
  s.next_check = next_check;
  return s;
}

Status Engine::Internals::keep_standing(Engine& e, const std::string& code, const TrackedProject& t,
                                        std::optional<Date> next_check, const Schedule* before) {
  return e.store_->schedule().save_schedule(code, schedule_of(e, t, next_check), before);
}

}  // namespace luodi
