// Where a project stands on a day: its deadlines, the binding one, whether it
// is overdue and who must chase it, and its light. This is the one answer to
// "who is late": every view (show, list, overdue, stats, reports, digests,
// reminders, metrics, the API, the dashboard and the wall) takes it from
// standing_of(), and the copy the projection keeps for speed is checked
// against it (Engine::verify). Pure: a function of the project's events, the
// rules and the day; no clock, no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "luodi/calendar.h"
#include "luodi/campaign.h"
#include "luodi/deadline.h"
#include "luodi/project.h"
#include "luodi/status.h"
#include "luodi/workflow.h"

namespace luodi {

// The rules a standing is worked out under. The referenced objects must
// outlive every call that is given them.
struct Rules {
  const Workflow& workflow;
  const WorkCalendar& calendar;
  const std::vector<Campaign>& campaigns;
};

struct Standing {
  Date on;  // the day it stands on
  // Every deadline of the day, earliest first, met or not: the stage's time
  // limit or the plan that replaces it, the milestones of each campaign the
  // project was in when it started, and the instructions on its blockers.
  std::vector<Deadline> deadlines;
  // The binding deadline: the earliest unmet stage, plan or campaign deadline.
  // Instructions are chased at their assignees and do not bind the project.
  std::optional<Deadline> deadline;
  int days_left = 0;       // to the binding deadline; negative when overdue; 0 without one
  int days_overdue = 0;    // max(0, -days_left)
  std::string escalation;  // who chases an overdue project: unit | supervisor | leader; else empty
  bool paused = false;     // a blocker that pauses one of its clocks is open
  bool provisional = false;  // the binding deadline is provisional
  Light light;
  std::optional<Date> light_since;  // the first day of the light's unbroken run
  std::optional<Date>
      yellow_since;  // the first day of the yellow rules' unbroken run, if they hold
  // The open instruction most overdue on the day (due before it), if any: it
  // turns the light red and puts the project on the overdue list.
  std::optional<Deadline> instruction_overdue;
  int instruction_days_overdue = 0;
  std::string instruction_escalation;  // who chases it, by its days overdue

  // Past the binding due date, or an open instruction past its own.
  bool overdue() const { return (deadline && days_left < 0) || instruction_overdue.has_value(); }
  // The deadline the overdue list shows and orders by (and the projection
  // keeps): the binding one, unless an overdue instruction is due earlier.
  const Deadline* listed() const {
    if (instruction_overdue && (!deadline || instruction_overdue->due < deadline->due))
      return &*instruction_overdue;
    return deadline ? &*deadline : nullptr;
  }
};

// A project's state on a day, and its standing then.
struct TrackedProject {
  ProjectState project;
  Standing standing;
};

// One line of the overdue list: who is late, by how much, and who chases
// it. Made from the standing function's answer (overdue_row), or from the
// standing the projection keeps (each_overdue), which a test proves equal.
struct OverdueRow {
  std::string code, name, unit, leader;
  int stage = 0;  // the project's stage
  // "project": late on its binding deadline; "instruction": an open
  // instruction (批示) past its due date, earlier than the binding one.
  std::string kind = "project";
  Deadline binding;  // the deadline listed (Standing::listed): due date, stage, source, provisional
  int days_overdue = 0;
  LightColor light = LightColor::kNone;
  std::string escalation;  // unit | supervisor | leader
};
// The row of an overdue project (t.standing.overdue()).
OverdueRow overdue_row(const TrackedProject& t);

// How late a binding deadline due on `due` is on `day`: the one place the
// days and the escalation are worked out.
struct Lateness {
  int days_left = 0;       // negative when overdue
  int days_overdue = 0;    // max(0, -days_left)
  std::string escalation;  // empty unless overdue
};
Lateness lateness_of(const Workflow& wf, Date due, Date day);

// A day on which a project's light changed (the first entry: its first day).
struct LightChange {
  Date on;
  LightColor light = LightColor::kGreen;
  Messages reason;
};

// The state and standing of the project whose events (in effective order:
// date, then sequence) are `events`, on `day`; events after `day` are
// ignored. Rules over time ("yellow N days → red") are evaluated over every
// day since the project was recorded, so the answer never depends on when
// anyone looked. When `history` is given, the days the light changed up to
// `day` are appended to it. NotFound when the project did not exist on
// `day`; Refused when the events do not replay.
//
// `from`, when given, is where an earlier walk over the same events stopped
// (the standing kept for the day it was worked out): the walk resumes after
// that day instead of starting on the first, with the same answer; `history`
// then holds only the changes after it. It is ignored unless it lies between
// the project's first day and `day` (exclusive).
struct WalkCheckpoint {
  Date on;  // the last day walked
  LightColor color = LightColor::kGreen;
  std::optional<Date> light_since, yellow_since;
};
//
// The walk looks only at the days on which something may change (the state,
// a light rule's threshold, a campaign's start; every day while a clock is
// paused). `every_day` walks every day instead: the reference the faster walk
// is tested against.
Result<TrackedProject> standing_of(const Rules& rules, const std::vector<Event>& events, Date day,
                                   std::vector<LightChange>* history = nullptr,
                                   const WalkCheckpoint* from = nullptr, bool every_day = false);

// Whether `t` passes a list's filters; the light is one of none, green,
// yellow, red.
struct StandingFilter {
  std::optional<int> stage;
  std::optional<std::string> unit;
  std::optional<std::string> leader;
  std::optional<ProjectStatus> status;
  std::optional<LightColor> light;
  bool overdue = false;
  bool matches(const TrackedProject& t) const;
};

// The filter of a list as asked (by the CLI's flags or the API's query):
// resolved against the rules into a StandingFilter.
struct ListQuery {
  std::optional<std::string> stage;  // id or label
  std::optional<std::string> unit;
  std::optional<std::string> leader;
  std::optional<std::string> status;  // active|blocked|cancelled|dropped|finished
  std::optional<std::string> light;   // none|green|yellow|red
  bool overdue = false;
};

}  // namespace luodi
