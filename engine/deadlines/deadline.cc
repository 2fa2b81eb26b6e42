#include "luodi/deadline.h"

#include <algorithm>

#include "luodi/investment.h"

namespace luodi {

std::string_view to_string(Deadline::Source s) {
  switch (s) {
    case Deadline::Source::kStage:
      return "stage";
    case Deadline::Source::kPlan:
      return "plan";
    case Deadline::Source::kCampaign:
      return "campaign";
    case Deadline::Source::kInstruction:
      return "instruction";
  }
  return "stage";
}

std::optional<Deadline::Source> parse_deadline_source(std::string_view s) {
  for (auto source : {Deadline::Source::kStage, Deadline::Source::kPlan,
                      Deadline::Source::kCampaign, Deadline::Source::kInstruction})
    if (to_string(source) == s) return source;
  return std::nullopt;
}

// Deadlines are for projects being pushed: open, and on the key list (a
// pipeline project is still under negotiation).
bool is_open(const ProjectState& p) {
  return p.key && (p.status == ProjectStatus::kActive || p.status == ProjectStatus::kBlocked);
}

bool is_active_key(const ProjectState& p) {
  return p.key && p.status != ProjectStatus::kCancelled && p.status != ProjectStatus::kDropped;
}

namespace {

std::optional<Date> oldest_blocker(const ProjectState& p) {
  if (p.blockers.empty()) return std::nullopt;
  Date oldest = p.blockers.front().since;
  for (const auto& b : p.blockers) oldest = std::min(oldest, b.since);
  return oldest;
}

}  // namespace

int instruction_days_overdue(const ProjectState& p, Date today) {
  int days = 0;
  for (const auto& b : p.blockers)
    for (const auto& in : b.instructions)
      if (in.due && !in.done_on && *in.due < today) days = std::max(days, today - *in.due);
  return days;
}

namespace {

// The light by the deadline and blocker rules alone.
Light deadline_light(const Workflow& wf, const ProjectState& p, const std::optional<Deadline>& d,
                     Date today, std::optional<Date> yellow_since, bool with_reason) {
  // Reasons are built only when asked for: a walk over the days needs colours.
  auto why = [&](auto&& make) { return with_reason ? Messages{make()} : Messages{}; };
  if (p.status == ProjectStatus::kCancelled)
    return {LightColor::kNone, why([] { return Message("reason_no_light_cancelled"); })};
  if (p.status == ProjectStatus::kDropped)
    return {LightColor::kNone, why([] { return Message("reason_no_light_dropped"); })};
  if (p.status == ProjectStatus::kFinished)
    return {LightColor::kGreen, why([] { return Message("reason_finished"); })};
  if (!p.key) return {LightColor::kNone, why([] { return Message("reason_not_key"); })};
  const LightRules& r = wf.lights;
  const std::optional<Date> blocked = oldest_blocker(p);
  const int blocked_days = blocked ? today - *blocked : -1;
  const int days_left = d ? d->due - today : 0;
  auto blocked_text = [&] {
    const std::string& category = p.blockers.front().category;
    const BlockerCategory* c = wf.find_category(category);
    return Message("reason_blocked", {arg("category", c ? c->label.zh : category, category),
                                      arg("days", std::to_string(blocked_days))});
  };
  auto overdue_text = [&] {
    return Message("reason_overdue", {arg("days", std::to_string(-days_left))});
  };
  if (d && r.red_days_overdue && -days_left >= *r.red_days_overdue)
    return {LightColor::kRed, why(overdue_text)};
  if (blocked && r.red_blocked_days && blocked_days >= *r.red_blocked_days)
    return {LightColor::kRed, why(blocked_text)};
  Light base{LightColor::kGreen, why([&] {
               return d ? Message("reason_due", {arg("due", d->due.str()),
                                                 arg("days", std::to_string(days_left))})
                        : Message("reason_no_deadline");
             })};
  if (d && r.yellow_days_left && days_left <= *r.yellow_days_left) {
    base = {LightColor::kYellow, why([&] {
              return days_left < 0
                         ? overdue_text()
                         : Message("reason_days_left", {arg("days", std::to_string(days_left)),
                                                        arg("due", d->due.str())});
            })};
  } else if (blocked && r.yellow_blocked_days && blocked_days >= *r.yellow_blocked_days) {
    base = {LightColor::kYellow, why(blocked_text)};
  }
  base.yellow_rules_hold = base.color == LightColor::kYellow;
  if (base.yellow_rules_hold && yellow_since && r.red_yellow_days &&
      today - *yellow_since >= *r.red_yellow_days) {
    Messages reason;
    if (with_reason) {
      reason.push_back(Message(
          "reason_yellow_since",
          {arg("since", yellow_since->str()), arg("days", std::to_string(today - *yellow_since))}));
      reason.insert(reason.end(), base.reason.begin(), base.reason.end());
    }
    return {LightColor::kRed, std::move(reason), true};
  }
  return base;
}

}  // namespace

Light light_of(const Workflow& wf, const ProjectState& p, const std::optional<Deadline>& d,
               Date today, std::optional<Date> yellow_since, bool with_reason) {
  Light light = deadline_light(wf, p, d, today, yellow_since, with_reason);
  if (!is_open(p)) return light;
  const int late = instruction_days_overdue(p, today);
  if (late == 0) return light;
  Light red{LightColor::kRed, with_reason ? Messages{Message("reason_instruction_overdue",
                                                             {arg("days", std::to_string(late))})}
                                          : Messages{}};
  return worse_of(std::move(light), red);
}

std::optional<Date> next_light_check(const Workflow& wf, const ProjectState& p,
                                     const std::optional<Deadline>& d, Date today,
                                     std::optional<Date> yellow_since) {
  if (!is_open(p)) return std::nullopt;
  const LightRules& r = wf.lights;
  std::vector<Date> when;
  if (d && !d->paused) {
    if (r.yellow_days_left) when.push_back(d->due - *r.yellow_days_left);
    if (r.red_days_overdue) when.push_back(d->due + *r.red_days_overdue);
  }
  if (auto b = oldest_blocker(p)) {
    if (r.yellow_blocked_days) when.push_back(*b + *r.yellow_blocked_days);
    if (r.red_blocked_days) when.push_back(*b + *r.red_blocked_days);
  }
  if (yellow_since && r.red_yellow_days) when.push_back(*yellow_since + *r.red_yellow_days);
  // An open instruction turns the light red the day after its due date.
  for (const auto& b : p.blockers)
    for (const auto& in : b.instructions)
      if (in.due && !in.done_on) when.push_back(*in.due + 1);
  // Investment is judged against a schedule that steps at each month's end.
  if (!r.investment.empty() && p.attributes.plan_wan) when.push_back(next_schedule_change(today));
  std::optional<Date> next;
  for (Date w : when)
    if (w > today && (!next || w < *next)) next = w;
  return next;
}

std::string_view escalation_of(const Workflow& wf, int days_overdue) {
  const auto& r = wf.reminders;
  if (r.leader_after && days_overdue >= *r.leader_after) return "leader";
  if (r.supervisor_after && days_overdue >= *r.supervisor_after) return "supervisor";
  return "unit";
}

}  // namespace luodi
