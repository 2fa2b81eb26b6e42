// Campaigns as the engine keeps them: registered YAML, the scope and
// milestones fixed on the start date, and the day-by-day report.
#include <algorithm>
#include <filesystem>

#include "core/rule_meta.h"
#include "lifecycle/lifecycle.h"
#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

Status Engine::load_campaigns() {
  LUODI_ASSIGN_OR_RETURN(auto records, store_->campaigns().all());
  std::vector<CampaignText> texts;
  for (auto& rec : records) texts.push_back({std::move(rec.text), std::move(rec.source)});
  return rules_.set_campaigns(std::move(texts));
}

Status Engine::add_campaign(const Source& yaml) {
  LUODI_ASSIGN_OR_RETURN(Campaign c, parse_campaign(yaml.text, yaml.name, workflow()));
  const std::string stem = std::filesystem::path(yaml.name).stem().string();
  if (stem != c.id)
    return Status::BadInput(yaml.name + ":1:1: a campaign file is named after its id: expected " +
                            c.id + ".yaml");
  if (std::any_of(campaigns().begin(), campaigns().end(),
                  [&](const Campaign& k) { return k.id == c.id; }))
    return Status::Conflict("campaign " + c.id + " is registered already");
  LUODI_RETURN_IF_ERROR(in_transaction([&]() -> Status {
    LUODI_RETURN_IF_ERROR(store_->campaigns().put_campaign({c.id, yaml.text, yaml.name}));
    // Due dates change on the start date: every project is looked at then,
    // and a standing kept for that day or later did not know the campaign.
    LUODI_RETURN_IF_ERROR(store_->schedule().forget_standing_since(c.start));
    LUODI_RETURN_IF_ERROR(store_->schedule().recheck_by(std::max(c.start, today())));
    return keep_city_rules(*store_, store_->city());
  }));
  return load_campaigns();
}

// The forecast from the city's history up to the report's day: each
// project's next stages, its outlook at the campaign's end, and the year's
// start ratio.
Status Engine::add_forecast(CampaignReport& report, ForecastRule rule) {
  const Date day = report.as_of;
  // The stage numbers of the report are those of its day's rules.
  const RuleVersion& rv = rules_.on(day);
  const Workflow& wf = rv.workflow;
  StageHistory history(static_cast<int>(wf.stages.size()));
  std::vector<ProjectState> now;
  std::map<std::string, Date> resumed;  // by code: the day its stage clock restarted
  LUODI_RETURN_IF_ERROR(for_each_history(day, [&](std::vector<Event>& events) -> Status {
    history.learn(wf, events);
    LUODI_ASSIGN_OR_RETURN(ProjectState state, replay(wf, events, day));
    if (auto r = resumed_on(wf, events, day)) resumed.emplace(state.code, *r);
    now.push_back(std::move(state));
    return Status::Ok();
  }));
  auto resumed_of = [&](const std::string& code) {
    auto it = resumed.find(code);
    return it == resumed.end() ? std::nullopt : std::optional<Date>(it->second);
  };
  CampaignForecast& f = report.forecast;
  f.rule = rule;
  for (int s = 0; s < static_cast<int>(wf.stages.size()); ++s)
    f.history_samples += history.samples(s);
  ForecastRules rules{wf, rv.calendar, &history, &report.campaign.durations};
  rules.rule = rule;
  for (const auto& cp : report.projects) {
    f.projects.push_back(forecast_project(rules, cp.project, day, resumed_of(cp.project.code)));
    f.outlooks.push_back(campaign_outlook(wf, f.projects.back(), cp.project, cp.target_stage,
                                          report.campaign.end(), cp.behind));
    switch (f.outlooks.back().outlook) {
      case Outlook::kMet:
        ++f.met;
        break;
      case Outlook::kAtRisk:
        ++f.at_risk;
        break;
      case Outlook::kWillMiss:
        ++f.will_miss;
        break;
    }
  }
  f.year_end = Date::from_ymd(day.year(), 12, 31);
  ForecastRules standard{wf, rv.calendar, &history, nullptr};
  standard.rule = rule;
  for (const auto& p : now) {
    if (!is_active_key(p)) continue;
    ++f.active;
    if (p.stage >= wf.start_stage) {
      ++f.started;
      ++f.expected_started;
      continue;
    }
    const auto when =
        forecast_project(standard, p, day, resumed_of(p.code)).reaches(wf.start_stage, p);
    f.expected_started += when && *when <= f.year_end;
  }
  f.expected_start_ratio = f.active ? static_cast<double>(f.expected_started) / f.active : 0.0;
  return Status::Ok();
}

Result<CampaignReport> Engine::campaign(const std::string& id, std::optional<Date> as_of) {
  const Date day = std::min(as_of.value_or(today()), today());
  // The campaign and its stage numbers as the rules of its day read them.
  const RuleVersion& rv = rules_.on(day);
  auto it = std::find_if(rv.campaigns.begin(), rv.campaigns.end(),
                         [&](const Campaign& c) { return c.id == id; });
  if (it == rv.campaigns.end()) return Status::NotFound("unknown campaign " + id);
  const bool past = day < today();
  CampaignReport report;
  report.campaign = *it;
  report.as_of = day;
  report.day = it->day(day);
  // The scope is where projects stood on the start date (from the events, so
  // late entries count); before the start, a preview from where they stand today.
  report.started = it->start <= day;
  std::vector<ProjectState> at_start;
  if (report.started) {
    LUODI_ASSIGN_OR_RETURN(at_start, states_as_of(it->start, rv.workflow));
  } else {
    LUODI_ASSIGN_OR_RETURN(at_start, states_as_of(day, rv.workflow));
  }
  for (const auto& then : at_start) {
    if (!it->in_scope(then)) continue;
    auto milestones = schedule_backwards(*it, rv.calendar, then.stage);
    if (!milestones) continue;
    LUODI_ASSIGN_OR_RETURN(ProjectState p, past ? project(then.code, day) : project(then.code));
    CampaignProject cp{
        p, then.stage, it->targets.at(then.stage), std::move(*milestones), false, false, false, {}};
    LUODI_ASSIGN_OR_RETURN(auto events, history(then.code));
    judge_campaign_project(rv.workflow, cp, events, day);
    count_campaign_project(report.counts, cp);
    count_campaign_project(report.by_unit[p.attributes.unit], cp);
    count_campaign_project(report.by_leader[p.attributes.leader], cp);
    report.projects.push_back(std::move(cp));
  }
  // Weekly burn-down over milestones: due by each week's end, and reached by
  // then (as of that date, from the events).
  for (Date week = it->start + 6;; week = week + 7) {
    const Date point = std::min(week, it->end());
    BurndownPoint b{point, 0, 0};
    std::map<std::string, int> stage_then;
    if (point <= day) {
      LUODI_ASSIGN_OR_RETURN(auto states, states_as_of(point, rv.workflow));
      for (const auto& s : states) stage_then[s.code] = s.stage;
    }
    for (const auto& cp : report.projects) {
      for (const auto& m : cp.milestones) {
        if (m.due <= point) ++b.planned;
        auto s = stage_then.find(cp.project.code);
        if (s != stage_then.end() && s->second >= m.stage) ++b.met;
      }
      if (auto ahead = schedule_forwards(*it, rv.calendar, cp.start_stage))
        for (const auto& m : *ahead) b.expected += m.due <= point;
    }
    report.burndown.push_back(b);
    if (point >= it->end()) break;
  }
  return report;
}

}  // namespace luodi
