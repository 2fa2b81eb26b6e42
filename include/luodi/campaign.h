// The hundred-day campaign (百日攻坚): a fixed window in which each project in
// scope gets a target stage, with milestones scheduled backwards from the end
// (倒排工期). Pure: parsing, scheduling and counting take dates as arguments.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/calendar.h"
#include "luodi/project.h"
#include "luodi/workflow.h"

namespace luodi {

// A campaign's milestone for one project: reach `stage` by `due`.
struct Milestone {
  std::string campaign;
  int stage = 0;
  Date due;
};

struct Campaign {
  std::string id;
  Label label;
  Date start;
  int days = 100;
  bool key_only = true;               // scope: projects on the key list …
  std::vector<std::string> units;     // … and/or these units (empty: all units)
  std::map<int, int> targets;         // stage at the start → stage to reach by the end
  std::map<int, Duration> durations;  // stage → standard time to reach it from the one before

  Date end() const { return start + (days - 1); }
  bool running(Date today) const { return start <= today && today <= end(); }
  // 0 before the start, 1 on the start date … `days` on the end date and after.
  int day(Date today) const;
  bool in_scope(const ProjectState& p) const;
  bool operator==(const Campaign&) const = default;
};

// Parses and checks a campaign against the workflow. Errors: "file:line:col: …".
Result<Campaign> parse_campaign(std::string_view yaml_text, const std::string& file_name,
                                const Workflow& wf);

// The milestones of a project that stood at `start_stage` when the campaign
// began: the target on the end date, each stage before it a standard duration
// earlier (never before the start). None when the campaign sets it no target.
std::optional<std::vector<Milestone>> schedule_backwards(const Campaign& c, const WorkCalendar& cal,
                                                         int start_stage);

// The same stages scheduled forwards: each a standard duration after the one
// before, from the start date (a stage without one, and any that would fall
// later, on the end date) — when, at the standard pace, each is expected
// reached: the burn-down's expected line (a target one stage ahead has no
// interim milestone to plan by). None when the campaign sets it no target.
std::optional<std::vector<Milestone>> schedule_forwards(const Campaign& c, const WorkCalendar& cal,
                                                        int start_stage);

// The day a project first stood at `stage` or beyond, from its history in
// effective order (creation at a later stage counts); none if it never has.
std::optional<Date> reached_on(const Workflow& wf, const std::vector<Event>& history, int stage);

// The campaign to look at on `day` (the wall chart's, a what-if's): the one
// running, else the latest started, else the next to start; none without any.
const Campaign* campaign_in_view(const std::vector<Campaign>& campaigns, Date day);

// The wall chart's flag for a milestone (挂图作战): red when reached by its
// due date, black when the due date passed first, pending otherwise.
enum class Flag { kPending, kRed, kBlack };
std::string_view to_string(Flag f);
Flag milestone_flag(Date due, std::optional<Date> reached, Date today);

}  // namespace luodi
