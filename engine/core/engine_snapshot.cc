// Reports look back: the state and standing of every project and the
// campaigns on a given day, worked out from the events.
#include <algorithm>
#include <array>
#include <map>

#include "lifecycle/lifecycle.h"
#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

Status Engine::each_reported(Date as_of,
                             const std::function<Status(const ReportedProject&)>& visit) {
  LUODI_RETURN_IF_ERROR(day_asked(as_of).status());
  // 29 February has no day a year before; take the 28th.
  const unsigned day = as_of.month() == 2 && as_of.day() == 29 ? 28u : as_of.day();
  const std::array<Date, 3> dates = {Date::from_ymd(as_of.year() - 1, 12, 31),
                                     Date::from_ymd(as_of.year() - 1, as_of.month(), day),
                                     Date::from_ymd(as_of.year() - 2, 12, 31)};
  const Rules r = rules_on(as_of);
  return for_each_history(as_of, [&](std::vector<Event>& events) -> Status {
    LUODI_ASSIGN_OR_RETURN(TrackedProject now, standing_of(r, events, as_of));
    std::array<std::optional<ProjectState>, 3> then;
    for (size_t i = 0; i < dates.size(); ++i)
      if (events.front().on <= dates[i]) {
        LUODI_ASSIGN_OR_RETURN(then[i], replay(rules_.on(as_of).workflow, events, dates[i]));
      }
    auto ptr = [](const std::optional<ProjectState>& s) { return s ? &*s : nullptr; };
    return visit(ReportedProject{now, ptr(then[0]), ptr(then[1]), ptr(then[2])});
  });
}

Result<std::vector<CampaignReport>> Engine::campaigns_on(Date as_of) {
  std::vector<CampaignReport> out;
  for (const auto& c : campaigns()) {
    if (c.start > as_of) continue;
    LUODI_ASSIGN_OR_RETURN(auto report, campaign(c.id, as_of));
    LUODI_RETURN_IF_ERROR(add_forecast(report));
    out.push_back(std::move(report));
  }
  return out;
}

Result<Snapshot> Engine::snapshot(Date as_of) {
  Snapshot snap;
  snap.as_of = as_of;
  LUODI_RETURN_IF_ERROR(each_reported(as_of, [&](const ReportedProject& p) {
    snap.projects.push_back(p.now);
    if (p.year_start) snap.year_start.push_back(*p.year_start);
    if (p.last_year) snap.last_year.push_back(*p.last_year);
    if (p.last_year_start) snap.last_year_start.push_back(*p.last_year_start);
    return Status::Ok();
  }));
  LUODI_ASSIGN_OR_RETURN(snap.campaigns, campaigns_on(as_of));
  return snap;
}

}  // namespace luodi
