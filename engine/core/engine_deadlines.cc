// Deadlines and lights as the engine serves them: the pure rules of
// luodi/deadline.h fed with the store's milestones and schedules.
#include <algorithm>

#include "luodi/engine.h"
#include "lifecycle/lifecycle.h"
#include "store/store.h"

namespace luodi {

Result<std::vector<Milestone>> Engine::campaign_milestones(const std::string& code) {
  std::vector<Milestone> out;
  const Date day = today();
  const bool any_started = std::any_of(campaigns_.begin(), campaigns_.end(),
                                       [&](const Campaign& c) { return c.start <= day; });
  if (!any_started) return out;  // the common case costs nothing
  LUODI_ASSIGN_OR_RETURN(auto events, store_->project_events(code));
  for (const auto& c : campaigns_) {
    if (c.start > day) continue;
    auto at_start = replay(workflow_, events, c.start);
    if (!at_start.ok() || !c.in_scope(*at_start)) continue;
    if (auto m = schedule_backwards(c, calendar_, at_start->stage))
      out.insert(out.end(), m->begin(), m->end());
  }
  return out;
}

Result<std::vector<Milestone>> Engine::running_milestones(const std::string& code, Date day) {
  if (std::none_of(campaigns_.begin(), campaigns_.end(), [&](const Campaign& c) { return c.running(day); }))
    return std::vector<Milestone>{};
  LUODI_ASSIGN_OR_RETURN(auto all, campaign_milestones(code));
  std::erase_if(all, [&](const Milestone& m) {
    auto c = std::find_if(campaigns_.begin(), campaigns_.end(),
                          [&](const Campaign& c) { return c.id == m.campaign; });
    return c == campaigns_.end() || !c->running(day);
  });
  return all;
}

Result<std::optional<Date>> Engine::due_after_move(const ProjectState& s) {
  LUODI_ASSIGN_OR_RETURN(auto milestones, running_milestones(s.code, today()));
  auto d = deadline_of(workflow_, calendar_, s, milestones, today());
  return d ? std::optional<Date>(d->due) : std::nullopt;
}

Result<Standing> Engine::standing(const ProjectState& p) {
  const Date day = today();
  LUODI_ASSIGN_OR_RETURN(auto milestones, running_milestones(p.code, day));
  LUODI_ASSIGN_OR_RETURN(Schedule sched, store_->load_schedule(p.code));
  Standing st;
  st.deadline = deadline_of(workflow_, calendar_, p, milestones, day);
  st.days_left = st.deadline ? st.deadline->due - day : 0;
  // The stored yellow streak holds only if the tick has followed it up to yesterday.
  const bool streak_current = sched.checked_on && *sched.checked_on >= day - 1;
  st.light = light_of(workflow_, p, st.deadline, day,
                      streak_current ? sched.yellow_since : std::nullopt);
  st.light_since = st.light.color == sched.light ? sched.light_since : std::optional<Date>(day);
  return st;
}

Result<std::vector<TrackedProject>> Engine::tracked(const ListQuery& q) {
  std::optional<LightColor> light;
  if (q.light) {
    light = parse_light(*q.light);
    if (!light) return Status::BadInput("unknown light '" + *q.light + "' (red, yellow, green, none)");
  }
  LUODI_ASSIGN_OR_RETURN(auto projects, list(q));
  std::vector<TrackedProject> out;
  for (auto& p : projects) {
    LUODI_ASSIGN_OR_RETURN(Standing st, standing(p));
    if (light && st.light.color != *light) continue;
    if (q.overdue && !(st.deadline && st.days_left < 0)) continue;
    out.push_back({std::move(p), std::move(st)});
  }
  return out;
}

Result<std::vector<OverdueProject>> Engine::overdue(const ListQuery& q) {
  ProjectFilter f;
  f.unit = q.unit;
  f.leader = q.leader;
  LUODI_ASSIGN_OR_RETURN(auto codes, store_->overdue_candidates(today(), f));
  std::vector<OverdueProject> out;
  for (const auto& code : codes) {
    LUODI_ASSIGN_OR_RETURN(ProjectState p, project(code));
    LUODI_ASSIGN_OR_RETURN(Standing st, standing(p));
    if (!st.deadline || st.days_left >= 0) continue;
    const int late = -st.days_left;
    out.push_back({std::move(p), std::move(st), late, std::string(escalation_of(workflow_, late))});
  }
  std::stable_sort(out.begin(), out.end(), [](const OverdueProject& a, const OverdueProject& b) {
    return a.days_overdue > b.days_overdue;
  });
  return out;
}

Result<std::vector<LightChangeView>> Engine::light_history(const std::string& code) {
  LUODI_RETURN_IF_ERROR(project(code).status());
  LUODI_ASSIGN_OR_RETURN(auto changes, store_->light_changes(code));
  std::vector<LightChangeView> out;
  for (auto& c : changes) out.push_back({c.on, c.light, std::move(c.reason)});
  return out;
}

}  // namespace luodi
