// Headline figures of the key-project list, as the half-year report gives them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "luodi/date.h"
#include "luodi/project.h"
#include "luodi/standing.h"
#include "luodi/workflow.h"

namespace luodi {

struct Stats {
  Date as_of;
  int key_projects = 0;  // on the key list, cancelled included, dropped excluded
  int cancelled = 0;     // key projects cancelled
  int dropped = 0;       // projects taken off the key list
  int pipeline = 0;      // projects never put on the key list (在谈)
  std::vector<std::pair<std::string, int>> by_stage;  // stage id → key projects not cancelled
  int active = 0;                                     // key projects not cancelled
  double active_investment_wan = 0;
  int site_entry_or_later = 0;  // active key projects at the workflow's start stage or later
  double start_ratio = 0;       // site_entry_or_later / active, unrounded; 0 when active is 0
  double land_need_mu = 0;
  double land_secured_mu = 0;
  double land_shortfall_mu = 0;  // Σ (need − secured) over active key projects whose need is known
  int land_need_unknown = 0;     // … with land secured and no need recorded (see Land)
  // From the standing function: only active key projects have deadlines and lights.
  int overdue = 0;
  int red = 0, yellow = 0, green = 0;

  bool operator==(const Stats&) const = default;
};

// The land ledger of one project, in 亩: what it needs, what quota it has
// secured (never more than its need: luodi refuses that) and the shortfall,
// need − secured. Quota secured by a project whose need is not recorded
// counts in `secured` like any other (it is land the city has); its need and
// shortfall are unknown, so it counts 0 there and 1 in `need_unknown`, which
// every sum shows beside them.
struct Land {
  double need = 0, secured = 0, shortfall = 0;
  long need_unknown = 0;  // projects with quota secured and no need recorded
};
Land land_of(const ProjectAttributes& a);

// What the headline figures need of a project, and of many alike: projects in
// the same stage, status, list, light and lateness, counted, with their
// amounts summed. The engine counts whole cities in groups (the store adds
// them up in SQL from the standing it keeps) and single projects as groups of
// one; the figures come from the groups either way.
struct StandingGroup {
  int stage = 0;
  ProjectStatus status = ProjectStatus::kActive;
  bool key = true;
  LightColor light = LightColor::kNone;
  bool overdue = false;
  long count = 0;
  double investment_wan = 0;  // Σ investment_wan (unknown counts 0)
  Land land;                  // Σ land_of()
};

// The group of one project in its standing.
StandingGroup group_of(const TrackedProject& t);

// Pure: computes the figures from the groups of the projects' states and
// standings on `as_of`.
Stats compute_stats(const Workflow& workflow, Date as_of, const std::vector<StandingGroup>& groups);
// The same from groups counted without their lateness (the gauges:
// `overdue` false in each) and how many are overdue.
Stats compute_stats(const Workflow& workflow, Date as_of, const std::vector<StandingGroup>& groups,
                    long overdue);
Stats compute_stats(const Workflow& workflow, Date as_of,
                    const std::vector<TrackedProject>& projects);

}  // namespace luodi
