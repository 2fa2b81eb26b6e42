// Due dates, traffic lights and the notifications they call for. Pure: every
// function takes "today" and does no I/O, so rules are tested day by day
// without waiting.
#pragma once

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

struct Deadline {
  enum class Source { kPlan, kCampaign, kLimit };
  Date due;
  int stage = 0;  // the stage to reach by `due`
  Source source = Source::kLimit;
  bool provisional = false;  // working days counted in a year without a holiday table
  bool paused = false;       // a pausing blocker is open: the clock stands still
};
std::string_view to_string(Deadline::Source s);

// The project's due date on `today`, in order of precedence: the supervisor's
// plan, the first milestone ahead of it among `milestones` (those of campaigns
// running today), the stage's time limit from stage_since, plus the days spent
// in pausing blockers. None for cancelled, dropped and finished projects, for
// pipeline projects (not on the key list), and for a stage without a limit.
std::optional<Deadline> deadline_of(const Workflow& wf, const WorkCalendar& cal,
                                    const ProjectState& p, const std::vector<Milestone>& milestones,
                                    Date today);

enum class LightColor { kNone, kGreen, kYellow, kRed };
std::string_view to_string(LightColor c);
std::optional<LightColor> parse_light(std::string_view s);

struct Light {
  LightColor color = LightColor::kGreen;
  std::string reason;
  // The yellow rules hold today (whatever the final colour): the caller keeps
  // the day this began as `yellow_since` for the "yellow N days → red" rule.
  bool yellow_rules_hold = false;
};

// The light on `today` by the workflow's rules. `yellow_since` is the day the
// light last turned yellow, if it is yellow now (for "yellow N days → red").
// Cancelled and dropped projects have no light (kNone); finished ones are green.
Light light_of(const Workflow& wf, const ProjectState& p, const std::optional<Deadline>& d,
               Date today, std::optional<Date> yellow_since);

// The first day after `today` on which the light may change, if any.
std::optional<Date> next_light_check(const Workflow& wf, const ProjectState& p,
                                     const std::optional<Deadline>& d, Date today,
                                     std::optional<Date> yellow_since);

// Days overdue → who should be chasing: "unit", "supervisor" or "leader".
std::string_view escalation_of(const Workflow& wf, int days_overdue);

}  // namespace luodi
