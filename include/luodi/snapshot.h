// What a periodic report is computed from (Engine::snapshot,
// Engine::each_reported): value types only.
#pragma once

#include <vector>

#include "luodi/campaign_status.h"
#include "luodi/date.h"
#include "luodi/project.h"
#include "luodi/standing.h"

namespace luodi {

// Everything a periodic report is computed from, as of one date, worked out
// from the events (so entries made late count) and the dated light history.
struct Snapshot {
  Date as_of;
  std::vector<TrackedProject> projects;  // every project as it stood on as_of
  // The same projects' states on 31 December before as_of, on the same day a
  // year before, and on 31 December before that: the year-to-date and
  // year-on-year baselines of the cumulative investment figures.
  std::vector<ProjectState> year_start, last_year, last_year_start;
  std::vector<CampaignReport> campaigns;  // campaigns started by as_of
};

// One project as a report on `as_of` sees it: its state and standing then,
// and its states on the days the year's figures are measured from (null
// when it was not recorded yet on that day).
struct ReportedProject {
  const TrackedProject& now;
  const ProjectState* year_start;       // 31 December before as_of
  const ProjectState* last_year;        // the same day a year before
  const ProjectState* last_year_start;  // 31 December before that
};

}  // namespace luodi
