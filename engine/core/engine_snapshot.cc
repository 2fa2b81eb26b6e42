// Reports look back: the state and standing of every project and the
// campaigns on a given day, worked out from the events.
#include <algorithm>

#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

Result<Snapshot> Engine::snapshot(Date as_of) {
  LUODI_RETURN_IF_ERROR(day_asked(as_of).status());
  Snapshot snap;
  snap.as_of = as_of;
  LUODI_ASSIGN_OR_RETURN(snap.projects, standings_on(as_of, {}));
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
