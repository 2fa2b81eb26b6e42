// Due dates, traffic lights and the notifications they call for. Pure: every
// function takes "today" and does no I/O, so rules are tested day by day
// without waiting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/calendar.h"
#include "luodi/light.h"
#include "luodi/project.h"
#include "luodi/workflow.h"

namespace luodi {

// One date a project must meet, as the standing function lists them.
struct Deadline {
  enum class Source {
    kStage,        // the stage's time limit, from the day the stage was entered
    kPlan,         // a supervisor's plan (it replaces the time limits up to its stage)
    kCampaign,     // a campaign milestone: an extra deadline, never a reprieve
    kInstruction,  // a leader's instruction, chased at its assignee
  };
  Date due;
  int stage = 0;  // the stage to reach by `due` (kInstruction: the project's stage)
  Source source = Source::kStage;
  bool met = false;  // the stage was reached (the instruction reported done)
  std::optional<Date>
      met_on;  // the day it was met: the stage first reached, the instruction reported done
  // Met after its due date, or still unmet and past it on the day asked: a
  // deadline met late stays late.
  bool late = false;
  int days_late =
      0;  // met: met_on - due when positive; unmet: days past due on the day asked; else 0
  int paused_days = 0;  // how far pausing blockers moved it (working days for a working-day limit)
  bool provisional = false;      // working days counted in a year without a holiday table
  bool paused = false;           // a blocker that pauses it is open: its clock stands still
  std::string campaign;          // kCampaign: the campaign's id
  std::int64_t instruction = 0;  // kInstruction: the instruction's id
  std::string assignee;          // kInstruction: who must act
};
std::string_view to_string(Deadline::Source s);
std::optional<Deadline::Source> parse_deadline_source(std::string_view s);

// Whether deadlines, lights' deadline rules and reminders apply to `p`: an
// open project (active or blocked) on the key list.
bool is_open(const ProjectState& p);

// Whether `p` counts among the active key projects (the start ratio's
// denominator): on the key list, neither cancelled nor dropped.
bool is_active_key(const ProjectState& p);

// The light on `today` by the workflow's rules, for the binding deadline `d`.
// `yellow_since` is the first day of the unbroken run of days, up to
// yesterday, on which the yellow rules held (for "yellow N days → red").
// Cancelled, dropped and pipeline projects have no light (kNone); finished ones are green.
// An open project with an open instruction past its due date is red, whatever
// its deadline says (the reasons of both are given).
// `with_reason` false leaves the reason empty (day-by-day walks need only the colour).
Light light_of(const Workflow& wf, const ProjectState& p, const std::optional<Deadline>& d,
               Date today, std::optional<Date> yellow_since, bool with_reason = true);

// An open instruction on one of `p`'s blockers is overdue on `today` when its
// due date is before it: the project's light is then red ("instruction
// overdue by N days", N for the most overdue). The days of the most overdue
// open instruction, 0 when none is.
int instruction_days_overdue(const ProjectState& p, Date today);

// The first day after `today` on which the light may change, if any.
std::optional<Date> next_light_check(const Workflow& wf, const ProjectState& p,
                                     const std::optional<Deadline>& d, Date today,
                                     std::optional<Date> yellow_since);

// Days overdue → who should be chasing: "unit", "supervisor" or "leader".
std::string_view escalation_of(const Workflow& wf, int days_overdue);

}  // namespace luodi
