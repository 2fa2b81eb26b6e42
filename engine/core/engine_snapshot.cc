// Reports look back: the state of every project, its standing and the
// campaigns on a given day, worked out from the events.
#include <algorithm>

#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

Result<Standing> Engine::standing_on(const ProjectState& p, Date day) {
  if (day >= today()) return standing(p);
  LUODI_ASSIGN_OR_RETURN(auto milestones, running_milestones(p.code, day));
  LUODI_ASSIGN_OR_RETURN(auto changes, store_->light_changes(p.code));
  // The last light change on or before `day`, as the tick recorded it.
  std::optional<LightChange> last;
  for (const auto& c : changes)
    if (c.on <= day && (!last || c.on >= last->on)) last = c;
  Standing st;
  st.deadline = deadline_of(workflow_, calendar_, p, milestones, day);
  st.days_left = st.deadline ? st.deadline->due - day : 0;
  const bool yellow = last && last->light == LightColor::kYellow;
  st.light = light_of(workflow_, p, st.deadline, day, yellow ? std::optional<Date>(last->on) : std::nullopt);
  st.light_since = last && last->light == st.light.color ? std::optional<Date>(last->on)
                                                         : std::optional<Date>(day);
  return st;
}

Result<Snapshot> Engine::snapshot(Date as_of) {
  if (as_of > today()) return Status::BadInput("--as-of " + as_of.str() + " is in the future");
  Snapshot snap;
  snap.as_of = as_of;
  LUODI_ASSIGN_OR_RETURN(auto states, states_as_of(as_of));
  for (auto& s : states) {
    LUODI_ASSIGN_OR_RETURN(Standing st, standing_on(s, as_of));
    snap.projects.push_back({std::move(s), std::move(st)});
  }
  const Date year_start = Date::from_ymd(as_of.year() - 1, 12, 31);
  const Date last_year_start = Date::from_ymd(as_of.year() - 2, 12, 31);
  // 29 February has no day a year before; take the 28th.
  const unsigned day = as_of.month() == 2 && as_of.day() == 29 ? 28u : as_of.day();
  const Date last_year = Date::from_ymd(as_of.year() - 1, as_of.month(), day);
  LUODI_ASSIGN_OR_RETURN(snap.year_start, states_as_of(year_start));
  LUODI_ASSIGN_OR_RETURN(snap.last_year, states_as_of(last_year));
  LUODI_ASSIGN_OR_RETURN(snap.last_year_start, states_as_of(last_year_start));
  for (const auto& c : campaigns_) {
    if (c.start > as_of) continue;
    LUODI_ASSIGN_OR_RETURN(auto report, campaign(c.id, as_of));
    snap.campaigns.push_back(std::move(report));
  }
  return snap;
}

}  // namespace luodi
