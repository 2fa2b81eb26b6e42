#include <algorithm>

#include "luodi/notify.h"

namespace luodi {

std::string_view to_string(Role r) {
  switch (r) {
    case Role::kUnit: return "unit";
    case Role::kSupervisor: return "supervisor";
    case Role::kLeader: return "leader";
  }
  return "unit";
}

std::optional<Role> parse_role(std::string_view s) {
  for (auto r : {Role::kUnit, Role::kSupervisor, Role::kLeader})
    if (to_string(r) == s) return r;
  return std::nullopt;
}

namespace {

// Severity orders what one catch-up keeps: the climb up the ladder beats the
// overdue series, which beats the due day, the countdown and staleness.
constexpr int kStale = 0, kBefore = 100, kDue = 200, kOverdue = 300, kSupervisor = 10000,
              kLeader = 20000;

bool is_open(const ProjectState& p) {
  return p.key && (p.status == ProjectStatus::kActive || p.status == ProjectStatus::kBlocked);
}

// All reminders of the deadline series and staleness, with fire <= horizon.
// The overdue series is infinite: it is cut at `horizon`, plus the first one after it.
std::vector<Reminder> series(const Workflow& wf, const WorkCalendar& cal, const ProjectState& p,
                             const std::optional<Deadline>& d, Date horizon) {
  std::vector<Reminder> out;
  if (!is_open(p)) return out;
  const ReminderRules& r = wf.reminders;
  if (d && !d->paused) {
    const Date due = d->due;
    for (int n : r.before_due)
      out.push_back({"before-" + std::to_string(n), Role::kUnit, due - n, due, kBefore - n, ""});
    if (r.on_due) out.push_back({"due", Role::kUnit, due, due, kDue, ""});
    if (r.overdue_every) {
      for (int j = 1;; ++j) {
        const int late = j * *r.overdue_every;
        out.push_back({"overdue-" + std::to_string(late), Role::kUnit, due + late, due, kOverdue + late, ""});
        if (due + late > horizon) break;
      }
    }
    if (r.supervisor_after)
      out.push_back({"escalate-supervisor", Role::kSupervisor, due + *r.supervisor_after, due, kSupervisor, ""});
    if (r.leader_after)
      out.push_back({"escalate-leader", Role::kLeader, due + *r.leader_after, due, kLeader, ""});
  }
  // Instructions with a due date are chased like deadlines, at their assignee.
  for (const auto& b : p.blockers) {
    for (const auto& in : b.instructions) {
      if (!in.due) continue;
      const std::string id = "instruction-" + std::to_string(in.id) + "-";
      const Date due = *in.due;
      for (int n : r.before_due)
        out.push_back({id + "before-" + std::to_string(n), Role::kUnit, due - n, due, kBefore - n, in.assignee});
      out.push_back({id + "due", Role::kUnit, due, due, kDue, in.assignee});
      if (r.overdue_every) {
        for (int j = 1;; ++j) {
          const int late = j * *r.overdue_every;
          out.push_back({id + "overdue-" + std::to_string(late), Role::kUnit, due + late, due,
                         kOverdue + late, in.assignee});
          if (due + late > horizon) break;
        }
      }
    }
  }
  if (r.stale_workdays) {
    const Date fire = cal.add_workdays(p.last_event_on, *r.stale_workdays);
    out.push_back({"stale", Role::kUnit, fire, p.last_event_on, kStale, ""});
  }
  return out;
}

}  // namespace

std::vector<Reminder> reminders_up_to(const Workflow& wf, const WorkCalendar& cal,
                                      const ProjectState& p, const std::optional<Deadline>& d,
                                      Date today) {
  auto all = series(wf, cal, p, d, today);
  std::erase_if(all, [&](const Reminder& r) { return r.fire > today; });
  return all;
}

std::optional<Date> next_reminder_after(const Workflow& wf, const WorkCalendar& cal,
                                        const ProjectState& p, const std::optional<Deadline>& d,
                                        Date today) {
  std::optional<Date> next;
  for (const auto& r : series(wf, cal, p, d, today))
    if (r.fire > today && (!next || r.fire < *next)) next = r.fire;
  return next;
}

std::string reminder_key(const Workflow& wf, const ProjectState& p, const Reminder& r) {
  return p.code + "|" + wf.stages[p.stage].id + "|" + r.due.str() + "|" + r.rule;
}

}  // namespace luodi
