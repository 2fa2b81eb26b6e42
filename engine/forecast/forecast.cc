#include "luodi/forecast.h"

#include <algorithm>

#include "lifecycle/lifecycle.h"
#include "luodi/deadline.h"

namespace luodi {

void StageHistory::add(int stage, int days) {
  if (stage < 0 || days < 0) return;
  if (static_cast<size_t>(stage) >= days_.size()) days_.resize(static_cast<size_t>(stage) + 1);
  days_[static_cast<size_t>(stage)].push_back(days);
}

int StageHistory::samples(int stage) const {
  return stage >= 0 && static_cast<size_t>(stage) < days_.size()
             ? static_cast<int>(days_[stage].size())
             : 0;
}

int StageHistory::samples_longer(int stage, int longer_than) const {
  if (samples(stage) == 0) return 0;
  const auto& v = days_[static_cast<size_t>(stage)];
  return static_cast<int>(
      std::count_if(v.begin(), v.end(), [&](int d) { return d > longer_than; }));
}

std::optional<int> StageHistory::median(int stage, int longer_than) const {
  if (samples_longer(stage, longer_than) == 0) return std::nullopt;
  std::vector<int> v;
  for (int d : days_[static_cast<size_t>(stage)])
    if (d > longer_than) v.push_back(d);
  auto mid = v.begin() + static_cast<long>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

void StageHistory::learn(const Workflow& wf, const std::vector<Event>& events) {
  std::optional<int> stage;
  std::optional<Date> since;
  for (const Event& e : events) {
    if (e.kind != EventKind::kCreated && e.kind != EventKind::kAdvanced) continue;
    const std::optional<int> to = wf.find_stage(e.to);
    if (!to) continue;
    if (e.kind == EventKind::kAdvanced && stage && since && *to == *stage + 1)
      add(*stage, e.on - *since);
    stage = to;
    since = e.on;
  }
}

std::string_view to_string(ForecastRule r) {
  switch (r) {
    case ForecastRule::kHistory:
      return "history";
    case ForecastRule::kCampaign:
      return "campaign";
    case ForecastRule::kLimits:
      return "limits";
  }
  return "history";
}

std::optional<ForecastRule> parse_forecast_rule(std::string_view s) {
  for (ForecastRule r : {ForecastRule::kHistory, ForecastRule::kCampaign, ForecastRule::kLimits})
    if (to_string(r) == s) return r;
  return std::nullopt;
}

std::optional<StageTime> stage_time(const ForecastRules& r, int stage) {
  if (r.rule == ForecastRule::kHistory && r.history && r.history->samples(stage) >= r.min_samples)
    return StageTime{
        {*r.history->median(stage), Duration::Unit::kDays},
        Message("basis_history", {arg("n", std::to_string(r.history->samples(stage)))})};
  if (r.campaign_durations && r.rule != ForecastRule::kLimits)
    if (auto it = r.campaign_durations->find(stage + 1); it != r.campaign_durations->end())
      return StageTime{it->second, Message("basis_campaign")};
  if (stage >= 0 && stage < static_cast<int>(r.workflow.stages.size()))
    if (const auto& limit = r.workflow.stages[static_cast<size_t>(stage)].limit)
      return StageTime{*limit, Message("basis_limit")};
  return std::nullopt;
}

namespace {

Date after(const ForecastRules& r, Date from, const Duration& d) {
  return d.unit == Duration::Unit::kDays ? from + d.count : r.calendar.add_workdays(from, d.count);
}

}  // namespace

ProjectForecast forecast_project(const ForecastRules& r, const ProjectState& p, Date day,
                                 std::optional<Date> resumed) {
  ProjectForecast f;
  if (!is_open(p)) return f;
  // Blocked, it does not move until it is unblocked: nothing is expected.
  f.blocked = p.status == ProjectStatus::kBlocked;
  if (f.blocked) return f;
  Date cursor = resumed ? std::max(p.stage_since, *resumed) : p.stage_since;
  for (int s = p.stage; s < r.workflow.final_stage(); ++s) {
    auto time = stage_time(r, s);
    if (!time) break;
    const int elapsed = day - cursor;
    // In its stage for a while already: like the projects that took longer.
    if (s == p.stage && elapsed > 0 && time->basis.id == "basis_history") {
      const int longer = r.history->samples_longer(s, elapsed);
      if (longer > 0)
        time = StageTime{
            {*r.history->median(s, elapsed), Duration::Unit::kDays},
            Message("basis_history_longer", {arg("n", std::to_string(longer)),
                                             arg("m", std::to_string(r.history->samples(s))),
                                             arg("days", std::to_string(elapsed))})};
    }
    Date expected = after(r, cursor, time->duration);
    if (s == p.stage && expected <= day) {
      f.late = true;
      expected = day + 1;
    }
    f.next.push_back({s + 1, expected, time->basis});
    cursor = expected;
  }
  return f;
}

std::optional<Date> ProjectForecast::reaches(int stage, const ProjectState& p) const {
  if (p.stage >= stage) return p.stage_since;
  for (const auto& n : next)
    if (n.stage == stage) return n.expected;
  return std::nullopt;
}

Messages ProjectForecast::basis_up_to(int stage) const {
  Messages out;
  for (const auto& n : next)
    if (n.stage <= stage && std::find(out.begin(), out.end(), n.basis) == out.end())
      out.push_back(n.basis);
  return out;
}

std::string_view to_string(Outlook o) {
  switch (o) {
    case Outlook::kMet:
      return "met";
    case Outlook::kAtRisk:
      return "at_risk";
    case Outlook::kWillMiss:
      return "will_miss";
  }
  return "at_risk";
}

std::optional<Date> resumed_on(const Workflow& wf, const std::vector<Event>& events, Date day) {
  std::optional<Date> resumed;
  std::optional<int> stage;
  bool was_blocked = false;
  (void)replay_by_day(wf, events, day, [&](Date on, const ProjectState& s) {
    if (stage && *stage != s.stage) resumed.reset();  // a new stage, a new clock
    const bool blocked = s.status == ProjectStatus::kBlocked;
    if (was_blocked && !blocked && stage == s.stage) resumed = on;
    stage = s.stage;
    was_blocked = blocked;
  });
  return resumed;
}

CampaignOutlook campaign_outlook(const Workflow& wf, const ProjectForecast& f,
                                 const ProjectState& p, int target_stage, Date end, bool behind) {
  CampaignOutlook o;
  o.stage = target_stage;
  const StageDef& target = wf.stages[static_cast<size_t>(target_stage)];
  auto words = [&](const char* id, std::vector<MessageArg> args = {}) {
    args.push_back(arg("stage", target.label.zh, target.id));
    args.push_back(arg("stage_id", target.id));
    return Message(id, std::move(args));
  };
  if (p.stage >= target_stage) {
    o.outlook = Outlook::kMet;
    o.reason = {words("outlook_reached")};
    return o;
  }
  if (!is_active_key(p)) {
    o.outlook = Outlook::kWillMiss;
    o.reason = {words("outlook_left")};
    return o;
  }
  if (f.blocked) {
    o.outlook = Outlook::kWillMiss;
    o.stage = p.stage + 1;
    o.reason = {words("outlook_blocked")};
    return o;
  }
  o.expected = f.reaches(target_stage, p);
  if (!o.expected) {
    o.outlook = Outlook::kAtRisk;
    o.reason = {words("outlook_no_duration")};
    return o;
  }
  o.days_after_end = std::max(0, *o.expected - end);
  if (behind) o.reason.push_back(words("outlook_missed"));
  if (o.days_after_end == 0) {
    o.outlook = behind ? Outlook::kAtRisk : Outlook::kMet;
    o.reason.push_back(words("outlook_expected", {arg("on", o.expected->str())}));
    return o;
  }
  o.outlook = behind ? Outlook::kWillMiss : Outlook::kAtRisk;
  o.reason.push_back(words("outlook_after_end",
                           {arg("on", o.expected->str()),
                            arg("days", std::to_string(o.days_after_end)), arg("end", end.str())}));
  return o;
}

void Backtest::tally() {
  met_met = met_missed = missed_met = missed_missed = 0;
  for (const auto& r : rows) {
    const bool forecast_met = r.outlook == Outlook::kMet;
    (forecast_met ? (r.met ? met_met : met_missed) : (r.met ? missed_met : missed_missed)) += 1;
  }
}

}  // namespace luodi
