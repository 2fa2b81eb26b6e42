#include "luodi/campaign_status.h"

#include <algorithm>

namespace luodi {

// Each project counts once: a project that left the list is gone whatever it
// reached; a blocked one is held up whether or not a milestone passed; a
// milestone met late is never forgotten (met_late, recovered).
void count_campaign_project(CampaignCounts& c, const CampaignProject& p) {
  ++c.projects;
  const ProjectStatus s = p.project.status;
  if (s == ProjectStatus::kCancelled || s == ProjectStatus::kDropped) {
    ++c.left;
  } else if (p.met) {
    ++(p.late ? c.met_late : c.met);
  } else if (s == ProjectStatus::kBlocked) {
    ++c.blocked;
  } else if (p.behind) {
    ++c.behind;
  } else if (p.late) {
    ++c.recovered;
  } else {
    ++c.on_track;
  }
}

void judge_campaign_project(const Workflow& wf, CampaignProject& cp,
                            const std::vector<Event>& events, Date day) {
  const ProjectState& p = cp.project;
  cp.met = p.stage >= cp.target_stage;
  cp.behind =
      !cp.met && std::any_of(cp.milestones.begin(), cp.milestones.end(),
                             [&](const Milestone& m) { return m.due < day && p.stage < m.stage; });
  // When each milestone's stage was reached (as the wall's flags): one
  // reached after its date stays late.
  cp.late = false;
  cp.reached_on.clear();
  std::vector<Event> until;
  for (const auto& e : events)
    if (e.on <= day) until.push_back(e);
  for (const auto& m : cp.milestones) {
    const auto reached = reached_on(wf, until, m.stage);
    cp.reached_on.push_back(reached);
    cp.late |= reached ? *reached > m.due : m.due < day;
  }
}

}  // namespace luodi
