// What-if (luodi/whatif.h): the scenario's writes run on an in-memory copy
// of the projects they touch (their rows, the city's settings and campaigns)
// through the same commands and lifecycle as real ones, in one transaction,
// each checked and appended only; then each touched project is weighed twice
// by the standing and forecast functions — on its recorded events, and on
// them plus the scenario's — and only what differs is kept. Untouched
// projects see the same events, rules and history on both sides, so the
// city's headline after is the one before less the touched projects' before
// plus their after. The city's side (the history the forecasts learn from,
// the headline before) is one streamed pass, kept in the engine for the
// city's state it was worked out at (WhatIfBasis): a second what-if on an
// unchanged city costs only its touched projects. A moved campaign end can
// change any project's figures: then every project is weighed on both sides.
// (Before issue 25 every write was committed on its own and its project's
// standing worked out again after each, on a copy of the whole city:
// what_if_reference, kept as the oracle the tests compare with.)
#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

// The city's side of a what-if, for one state of the city (`key`).
struct WhatIfBasis {
  std::string key;       // last event, data version, rules revision, campaigns, today
  StageHistory history;  // every project's stage durations up to today
  // The headline of every project weighed before the scenario, by the day
  // it is weighed on (the scenario's last day); at most kDays of them.
  std::map<Date, WhatIfHeadline> before;
  static constexpr std::size_t kDays = 32;
};

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

void count(WhatIfHeadline& h, const Workflow& wf, const ProjectState& p, const WhatIfFigures& f,
           int sign = 1) {
  if (!is_active_key(p)) return;
  h.active += sign;
  h.started += sign * (f.stage_at_campaign_end >= wf.start_stage);
  h.red += sign * (f.light == LightColor::kRed);
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
  std::set<std::string> touched;
  for (const auto& w : scenario.writes) {
    const Date day =
        std::visit([](const Recorded& r) { return r.on; }, w.request).value_or(out.today);
    if (day < out.today)
      return Status::BadInput(w.where + ": a what-if looks ahead: " + day.str() +
                              " is before today (" + out.today.str() + ")");
    out.last_event = std::max(out.last_event, day);
    writes.push_back({&w.request, day, &w.where});
    touched.insert(code_of(w.request));
  }
  std::stable_sort(writes.begin(), writes.end(),
                   [](const Dated& a, const Dated& b) { return a.on < b.on; });

  // The copy, its clock at the scenario's last day: the touched projects'
  // rows (the reference: the whole city).
  ManualClock clock(*parse_local(out.last_event.str() + "T23:00"));
  LUODI_ASSIGN_OR_RETURN(auto memory, open_store(":memory:", OpenMode::kCreate));
  LUODI_RETURN_IF_ERROR(memory->begin());
  if (Status s = per_event ? copy_city_rows(*store_, *memory)
                           : copy_project_rows(*store_, *memory, touched);
      !s.ok()) {
    memory->rollback();
    return s;
  }
  LUODI_RETURN_IF_ERROR(memory->commit());
  LUODI_ASSIGN_OR_RETURN(RuleVersions rules, read_rules(*memory, store_->city()));
  Engine copy(std::move(memory), std::move(rules), clock);
  std::vector<Campaign> moved_ends = campaigns();
  auto run = [&]() -> Status {
    for (const auto& d : writes) {
      auto written = copy.execute(*d.request);
      if (!written.ok()) return written.status().prefixed(*d.where + ": ");
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

  // The city's side for its state now: kept from an earlier what-if, or
  // worked out (the reference works it out each time and keeps nothing).
  LUODI_ASSIGN_OR_RETURN(std::int64_t last_seq, store_->last_event_seq());
  std::string key = std::to_string(last_seq) + "|" + rules_revision_ + "|" + out.today.str();
  for (const auto& c : campaigns()) key += "|" + c.id;
  std::shared_ptr<WhatIfBasis> basis = per_event ? nullptr : what_if_basis_;
  if (!basis || basis->key != key) {
    basis = std::make_shared<WhatIfBasis>();
    basis->key = key;
    // The city's history of stage durations, for the forecasts of both sides.
    basis->history = StageHistory(static_cast<int>(workflow().stages.size()));
    LUODI_RETURN_IF_ERROR(for_each_history(out.today, [&](std::vector<Event>& events) {
      basis->history.learn(workflow(), events);
      return Status::Ok();
    }));
    if (!per_event) what_if_basis_ = basis;
  }
  const Date day = out.last_event;
  auto weighing = [&](const std::vector<Campaign>& campaigns) {
    const Campaign* c = campaign_in_view(campaigns, day);
    return Weighing{
        Rules{workflow(), calendar(), campaigns},
        ForecastRules{workflow(), calendar(), &basis->history, c ? &c->durations : nullptr}, c,
        c ? c->end() : Date::from_ymd(day.year(), 12, 31)};
  };
  const Weighing before = weighing(campaigns()), after = weighing(moved_ends);
  if (before.campaign) out.campaign = before.campaign->id;

  if (per_event || !scenario.campaign_ends.empty()) {
    // Every project weighed on both sides (a moved end can change any).
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
  } else {
    // The city's headline before (every project that has a standing on
    // `day`), then each touched project's part of it exchanged for its after.
    auto kept = basis->before.find(day);
    if (kept == basis->before.end()) {
      WhatIfHeadline city;
      LUODI_RETURN_IF_ERROR(
          for_each_history(std::nullopt, [&](std::vector<Event>& events) -> Status {
            LUODI_ASSIGN_OR_RETURN(auto was, weigh(before, events, day));
            if (was) count(city, workflow(), was->state, was->figures);
            return Status::Ok();
          }));
      if (basis->before.size() >= WhatIfBasis::kDays) basis->before.erase(basis->before.begin());
      kept = basis->before.emplace(day, city).first;
    }
    out.before = out.after = kept->second;
    for (const std::string& code : touched) {
      LUODI_ASSIGN_OR_RETURN(std::vector<Event> events, store_->projects().project_events(code));
      if (events.empty()) continue;  // added by the scenario: not weighed
      LUODI_ASSIGN_OR_RETURN(auto was, weigh(before, events, day));
      if (!was) continue;
      count(out.before, workflow(), was->state, was->figures, -1);
      count(out.after, workflow(), was->state, was->figures, -1);
      LUODI_ASSIGN_OR_RETURN(events, copy.history(code));
      LUODI_ASSIGN_OR_RETURN(auto will, weigh(after, events, day));
      if (!will) continue;
      count(out.before, workflow(), was->state, was->figures);
      count(out.after, workflow(), will->state, will->figures);
      if (was->figures != will->figures)
        out.projects.push_back({code, std::move(was->figures), std::move(will->figures)});
    }
  }
  out.before.campaign_end = before.end;
  out.after.campaign_end = after.end;
  for (WhatIfHeadline* h : {&out.before, &out.after})
    h->start_ratio = h->active ? static_cast<double>(h->started) / h->active : 0.0;
  return out;
}

}  // namespace luodi
