// What-if (luodi/whatif.h): the scenario's writes run on an in-memory copy
// of the city through the same commands and lifecycle as real ones, in one
// transaction, each checked and appended only; then every project is weighed
// twice by the standing and forecast functions — on its recorded events, and
// on them plus the scenario's (read back once per moved project) — and only
// what differs is kept. So its cost is the city's once plus each event's
// once. (Before issue 25 every write was committed on its own and its
// project's standing worked out again after each: what_if_reference, kept as
// the oracle the tests compare with.)
#include <algorithm>
#include <set>

#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

namespace {

// What a scenario weighs under one set of rules.
struct Weighing {
  Rules rules;
  ForecastRules forecast;
  const Campaign* campaign;  // may be null
  Date end;                  // the campaign's end (31 December without one)
};

// A project's figures on `day` and its state then (none: not recorded yet).
struct Weighed {
  WhatIfFigures figures;
  ProjectState state;
};

Result<std::optional<Weighed>> weigh(const Weighing& w, const std::vector<Event>& events,
                                     Date day) {
  auto at_day = standing_of(w.rules, events, day);
  if (!at_day.ok()) {
    if (at_day.status().code() == ErrorCode::kNotFound) return std::optional<Weighed>();
    return at_day.status();
  }
  WhatIfFigures f;
  const ProjectState& p = at_day->project;
  if (at_day->standing.deadline) f.due = at_day->standing.deadline->due;
  LUODI_ASSIGN_OR_RETURN(TrackedProject at_end, standing_of(w.rules, events, std::max(w.end, day)));
  f.light = at_end.standing.light.color;
  const ProjectForecast forecast =
      forecast_project(w.forecast, p, day, resumed_on(w.rules.workflow, events, day));
  f.stage_at_campaign_end = p.stage;
  for (const auto& n : forecast.next)
    if (n.expected <= w.end) f.stage_at_campaign_end = n.stage;
  f.next_stage = std::min(p.stage + 1, w.rules.workflow.final_stage());
  if (p.stage < w.rules.workflow.final_stage()) f.next_expected = forecast.reaches(f.next_stage, p);
  for (const auto& dl : at_day->standing.deadlines) {
    if (dl.source != Deadline::Source::kCampaign || !w.campaign || dl.campaign != w.campaign->id)
      continue;
    const auto reached = forecast.reaches(dl.stage, p);
    f.milestones.push_back({dl.stage, dl.due, dl.met || (reached && *reached <= dl.due)});
    if (!f.target_stage || dl.stage > *f.target_stage)
      f.target_stage = dl.stage;  // the last milestone: the target
  }
  if (f.target_stage) f.target_expected = forecast.reaches(*f.target_stage, p);
  return std::optional<Weighed>(Weighed{std::move(f), std::move(at_day->project)});
}

void count(WhatIfHeadline& h, const Workflow& wf, const ProjectState& p, const WhatIfFigures& f) {
  if (!is_active_key(p)) return;
  ++h.active;
  h.started += f.stage_at_campaign_end >= wf.start_stage;
  h.red += f.light == LightColor::kRed;
}

}  // namespace

Result<WhatIf> Engine::what_if(const DecodedScenario& scenario) {
  return weigh_scenario(scenario, false);
}

Result<WhatIf> Engine::what_if_reference(const DecodedScenario& scenario) {
  return weigh_scenario(scenario, true);
}

Result<WhatIf> Engine::weigh_scenario(const DecodedScenario& scenario, bool per_event) {
  WhatIf out;
  out.today = today();
  out.last_event = out.today;
  // Each write as decoded by its command, in the order of its day.
  struct Dated {
    const WriteRequest* request;
    Date on;
    const std::string* where;
  };
  std::vector<Dated> writes;
  for (const auto& w : scenario.writes) {
    const Date day =
        std::visit([](const Recorded& r) { return r.on; }, w.request).value_or(out.today);
    if (day < out.today)
      return Status::BadInput(w.where + ": a what-if looks ahead: " + day.str() +
                              " is before today (" + out.today.str() + ")");
    out.last_event = std::max(out.last_event, day);
    writes.push_back({&w.request, day, &w.where});
  }
  std::stable_sort(writes.begin(), writes.end(),
                   [](const Dated& a, const Dated& b) { return a.on < b.on; });

  // The copy: the whole city in memory, its clock at the scenario's last day.
  ManualClock clock(*parse_local(out.last_event.str() + "T23:00"));
  LUODI_ASSIGN_OR_RETURN(auto memory, open_store(":memory:", OpenMode::kCreate));
  LUODI_RETURN_IF_ERROR(memory->begin());
  if (Status s = copy_city_rows(*store_, *memory); !s.ok()) {
    memory->rollback();
    return s;
  }
  LUODI_RETURN_IF_ERROR(memory->commit());
  LUODI_ASSIGN_OR_RETURN(RuleVersions rules, read_rules(*memory, store_->city()));
  Engine copy(std::move(memory), std::move(rules), clock);
  std::vector<Campaign> moved_ends = campaigns();
  std::set<std::string> touched;
  auto run = [&]() -> Status {
    for (const auto& d : writes) {
      auto written = copy.execute(*d.request);
      if (!written.ok()) return written.status().prefixed(*d.where + ": ");
      touched.insert(code_of(*d.request));
    }
    return Status::Ok();
  };
  if (per_event) {
    LUODI_RETURN_IF_ERROR(run());
  } else {
    copy.weighing_copy_ = true;
    LUODI_RETURN_IF_ERROR(copy.batch(run));
  }
  for (const auto& move : scenario.campaign_ends) {
    auto c = std::find_if(moved_ends.begin(), moved_ends.end(),
                          [&](const Campaign& k) { return k.id == move.campaign; });
    if (c == moved_ends.end())
      return Status::BadInput(move.where + ": unknown campaign " + move.campaign);
    if (move.end < c->start)
      return Status::BadInput(move.where + ": the campaign would end before it starts (" +
                              c->start.str() + ")");
    c->days = move.end - c->start + 1;
  }

  // The city's history of stage durations, for the forecasts of both sides.
  StageHistory history(static_cast<int>(workflow().stages.size()));
  LUODI_RETURN_IF_ERROR(for_each_history(out.today, [&](std::vector<Event>& events) {
    history.learn(workflow(), events);
    return Status::Ok();
  }));
  const Date day = out.last_event;
  auto weighing = [&](const std::vector<Campaign>& campaigns) {
    const Campaign* c = campaign_in_view(campaigns, day);
    return Weighing{Rules{workflow(), calendar(), campaigns},
                    ForecastRules{workflow(), calendar(), &history, c ? &c->durations : nullptr}, c,
                    c ? c->end() : Date::from_ymd(day.year(), 12, 31)};
  };
  const Weighing before = weighing(campaigns()), after = weighing(moved_ends);
  if (before.campaign) out.campaign = before.campaign->id;
  out.before.campaign_end = before.end;
  out.after.campaign_end = after.end;
  LUODI_RETURN_IF_ERROR(for_each_history(std::nullopt, [&](std::vector<Event>& events) -> Status {
    const std::string code = events.front().project;
    LUODI_ASSIGN_OR_RETURN(auto was, weigh(before, events, day));
    if (touched.count(code)) {
      LUODI_ASSIGN_OR_RETURN(events, copy.history(code));
    }
    LUODI_ASSIGN_OR_RETURN(auto will, weigh(after, events, day));
    if (!was || !will) return Status::Ok();
    count(out.before, workflow(), was->state, was->figures);
    count(out.after, workflow(), will->state, will->figures);
    if (was->figures != will->figures)
      out.projects.push_back({code, std::move(was->figures), std::move(will->figures)});
    return Status::Ok();
  }));
  for (WhatIfHeadline* h : {&out.before, &out.after})
    h->start_ratio = h->active ? static_cast<double>(h->started) / h->active : 0.0;
  return out;
}

}  // namespace luodi
