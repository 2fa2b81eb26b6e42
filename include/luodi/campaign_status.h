// Where a campaign stands on a day: each project in its scope judged against
// its milestones, counted in exactly one part of the campaign's partition, the
// burn-down and the forecast. The engine fills a CampaignReport
// (Engine::campaign); every view of a campaign's status reads one.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "luodi/campaign.h"
#include "luodi/forecast.h"
#include "luodi/project.h"
#include "luodi/workflow.h"

namespace luodi {

struct CampaignProject {
  ProjectState project;
  int start_stage = 0;
  int target_stage = 0;
  std::vector<Milestone> milestones;
  bool met = false;     // at the target stage or beyond
  bool behind = false;  // a milestone date passed before its stage was reached
  bool late = false;    // a milestone met after its date, or missed now
  std::vector<std::optional<Date>>
      reached_on;  // as milestones: the first day at its stage, if by the day asked
};

// A partition of a campaign's scope: each project counts in exactly one of
// left (dropped or cancelled since the start), met (target stage reached,
// every milestone on time), met_late (… some milestone met late), blocked
// (an open blocker), behind (a milestone missed now), recovered (a milestone
// met late, none missed now) and on_track (no milestone ever missed).
struct CampaignCounts {
  int projects = 0, met = 0, on_track = 0, behind = 0, blocked = 0, left = 0;
  int met_late = 0, recovered = 0;
};

// Where `cp` (its project's state on `day`, its milestones) stands on `day`:
// met, behind, late and reached_on, from the project's `events` (effective
// order) up to that day.
void judge_campaign_project(const Workflow& wf, CampaignProject& cp,
                            const std::vector<Event>& events, Date day);
// Counts `p` in exactly one part of `c`: the one count every view of a
// campaign's status takes its figures from.
void count_campaign_project(CampaignCounts& c, const CampaignProject& p);

struct BurndownPoint {
  Date date;
  int met = 0;       // milestones reached by then
  int planned = 0;   // milestones due by then
  int expected = 0;  // … expected reached by then at the campaign's standard pace from its start
};

// Where a campaign is heading (luodi/forecast.h), as of the report's day.
struct CampaignForecast {
  std::vector<ProjectForecast> projects;  // as CampaignReport::projects
  std::vector<CampaignOutlook> outlooks;  // … each project's expected result at the end, and why
  ForecastRule rule = kDefaultForecastRule;
  int met = 0, at_risk = 0, will_miss = 0;
  // The year's start ratio expected on 31 December: active key projects at
  // the starting stage or beyond, or expected there by then.
  Date year_end;
  int active = 0, started = 0, expected_started = 0;
  double expected_start_ratio = 0;
  int history_samples = 0;  // stage durations the city's history holds
};

struct CampaignReport {
  Campaign campaign;
  Date as_of;            // the day it is worked out for
  bool started = false;  // false: a preview from today's stages
  int day = 0;
  std::vector<CampaignProject> projects;
  CampaignCounts counts;
  std::map<std::string, CampaignCounts> by_unit;
  std::map<std::string, CampaignCounts> by_leader;
  std::vector<BurndownPoint> burndown;  // weekly, from the start to the end
  CampaignForecast forecast;            // filled by Engine::add_forecast
};

}  // namespace luodi
