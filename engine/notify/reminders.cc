#include <algorithm>

#include "luodi/notify.h"

namespace luodi {

namespace {

// The countdown, due day and overdue repeats of one deadline at `assignee`
// (empty: the project's unit); `prefix` names the rules of an instruction's series.
ReminderSeries deadline_series(const ReminderRules& r, std::string id, const std::string& prefix,
                               Date due, const std::string& assignee) {
  ReminderSeries s;
  s.id = std::move(id);
  std::vector<int> before = r.before_due;
  std::sort(before.begin(), before.end(), std::greater<>());
  for (int n : before)
    s.fixed.push_back(
        {prefix + "before-" + std::to_string(n), Role::kUnit, due - n, due, assignee});
  if (r.on_due || !prefix.empty())
    s.fixed.push_back({prefix + "due", Role::kUnit, due, due, assignee});
  s.every = r.overdue_every;
  s.overdue = {prefix + "overdue-", Role::kUnit, due, due, assignee};
  return s;
}

ReminderSeries single(std::string id, Reminder r) {
  ReminderSeries s;
  s.id = std::move(id);
  s.fixed.push_back(std::move(r));
  return s;
}

}  // namespace

std::optional<Date> ReminderSeries::fire_of(const std::string& rule) const {
  for (const auto& r : fixed)
    if (r.rule == rule) return r.fire;
  if (!every || rule.rfind(overdue.rule, 0) != 0) return std::nullopt;
  const std::string n = rule.substr(overdue.rule.size());
  if (n.empty() || n.size() > 7 || !std::all_of(n.begin(), n.end(), ::isdigit)) return std::nullopt;
  return overdue.due + std::stoi(n);
}

ReminderSeries::Backlog ReminderSeries::backlog(std::optional<Date> after, Date today) const {
  Backlog b;
  auto take = [&](const Reminder& r) {
    ++b.count;
    if (!b.first) b.first = r;
    b.last = r;
  };
  for (const auto& r : fixed)
    if ((!after || r.fire > *after) && r.fire <= today) take(r);
  if (every && *every > 0) {
    const Date due = overdue.due;
    // Repeats k = 1, 2, … fire on due + k·every: those in (after, today] are lo … hi.
    const int lo = after && *after > due ? (*after - due) / *every + 1 : 1;
    const int hi = today > due ? (today - due) / *every : 0;
    auto repeat = [&](int k) {
      Reminder r = overdue;
      r.rule += std::to_string(k * *every);
      r.fire = due + k * *every;
      return r;
    };
    if (lo <= hi) {
      b.count += hi - lo + 1;
      if (!b.first) b.first = repeat(lo);
      b.last = repeat(hi);
    }
  }
  return b;
}

std::optional<Date> ReminderSeries::next_after(Date today) const {
  std::optional<Date> next;
  for (const auto& r : fixed)
    if (r.fire > today && (!next || r.fire < *next)) next = r.fire;
  if (every && *every > 0) {
    const Date due = overdue.due;
    const int k = today < due ? 1 : (today - due) / *every + 1;
    const Date fire = due + k * *every;
    if (!next || fire < *next) next = fire;
  }
  return next;
}

std::vector<ReminderSeries> reminder_series(const Workflow& wf, const WorkCalendar& cal,
                                            const ProjectState& p, const std::optional<Deadline>& d,
                                            const std::vector<Deadline>& instructions) {
  std::vector<ReminderSeries> out;
  if (!is_open(p)) return out;
  const ReminderRules& r = wf.reminders;
  if (d && !d->paused) {
    const Date due = d->due;
    out.push_back(deadline_series(r, "deadline", "", due, ""));
    if (r.supervisor_after)
      out.push_back(single("escalate-supervisor", {"escalate-supervisor", Role::kSupervisor,
                                                   due + *r.supervisor_after, due, ""}));
    if (r.leader_after)
      out.push_back(single("escalate-leader",
                           {"escalate-leader", Role::kLeader, due + *r.leader_after, due, ""}));
  }
  // Instructions with a due date are chased like deadlines, at their assignee.
  for (const auto& in : instructions) {
    if (in.source != Deadline::Source::kInstruction || in.met) continue;
    const std::string id = "instruction-" + std::to_string(in.instruction);
    out.push_back(deadline_series(r, id, id + "-", in.due, in.assignee));
  }
  if (r.stale_workdays)
    out.push_back(
        single("stale", {"stale", Role::kUnit, cal.add_workdays(p.last_event_on, *r.stale_workdays),
                         p.last_event_on, ""}));
  return out;
}

std::string reminder_key(const Workflow& wf, const ProjectState& p, const Reminder& r) {
  return p.code + "|" + wf.stages[p.stage].id + "|" + r.due.str() + "|" + r.rule;
}

}  // namespace luodi
