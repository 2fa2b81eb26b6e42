#include "views/json_views.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "catalogue/catalogue.h"
#include "lifecycle/lifecycle.h"
#include "model/attribute_json.h"
#include "views/event_words.h"

namespace luodi::views {

namespace json = boost::json;

namespace {

json::value amount(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object label_json(const Label& l) { return {{"zh", l.zh}, {"en", l.en}}; }

}  // namespace

double percent(double ratio, int decimals) {
  const double scale = std::pow(10.0, decimals);
  // Half-up on the decimal value; the 1e-9 absorbs binary noise (0.125 → 12.5).
  return std::floor(ratio * 100.0 * scale + 0.5 + 1e-9) / scale;
}

json::value project_json(const Workflow& wf, const ProjectState& p) {
  const auto& a = p.attributes;
  json::array blockers;
  for (const auto& b : p.blockers) {
    json::array instructions;
    for (const auto& in : b.instructions)
      instructions.push_back(
          {{"id", in.id},
           {"text", in.text},
           {"assignee", in.assignee},
           {"due", in.due ? json::value(in.due->str()) : json::value(nullptr)},
           {"on", in.on.str()},
           {"by", in.by},
           {"done_on", in.done_on ? json::value(in.done_on->str()) : json::value(nullptr)},
           {"done_note", in.done_note}});
    blockers.push_back(json::object{{"id", b.id},
                                    {"category", b.category},
                                    {"reason", b.reason},
                                    {"owner", b.owner},
                                    {"since", b.since.str()},
                                    {"instructions", std::move(instructions)}});
  }
  // The attributes by their declaration: the texts after the code, the
  // amounts after the blockers.
  json::object o{{"code", p.code}};
  for (const AttributeField& f : attribute_fields())
    if (f.text) o[f.name] = a.*f.text;
  json::object rest{
      {"stage", wf.stages[p.stage].id},
      {"stage_label", label_json(wf.stages[p.stage].label)},
      {"stage_since", p.stage_since.str()},
      {"status", to_string(p.status)},
      {"key", p.key},
      {"blockers", std::move(blockers)},
  };
  for (auto& kv : rest) o[kv.key()] = std::move(kv.value());
  for (const AttributeField& f : attribute_fields())
    if (f.amount) o[f.name] = amount(a.*f.amount);
  // The ledger's line for quota secured with no need recorded: "need unknown".
  o["land_need_unknown"] = land_of(a).need_unknown > 0;
  o["created_on"] = p.created_on.str();
  o["progress"] =
      p.progress ? json::value(json::object{
                       {"on", p.progress->on.str()},
                       {"fixed_asset_wan", p.progress->fixed_asset_wan},
                       {"foreign_arrived_usd_wan", amount(p.progress->foreign_arrived_usd_wan)}})
                 : json::value(nullptr);
  return o;
}

json::value deadline_json(const Workflow& wf, const Deadline& d) {
  json::object o{
      {"source", to_string(d.source)},
      {"stage", d.source == Deadline::Source::kInstruction ? json::value(nullptr)
                                                           : json::value(wf.stages[d.stage].id)},
      {"date", d.due.str()},
      {"met", d.met},
      {"met_on", d.met_on ? json::value(d.met_on->str()) : json::value(nullptr)},
      {"late", d.late},
      {"days_late", d.days_late},
      {"paused_days", d.paused_days},
      {"provisional", d.provisional},
      {"paused", d.paused},
  };
  if (d.source == Deadline::Source::kCampaign) o["campaign"] = d.campaign;
  if (d.source == Deadline::Source::kInstruction) {
    o["instruction"] = d.instruction;
    o["assignee"] = d.assignee;
  }
  return o;
}

namespace {

// An instruction's mark: done on time or late, overdue, due soon (within the
// yellow light's days, 3 without that rule), or open.
std::string_view instruction_state(const Workflow& wf, const Deadline* dl, bool done, Date today) {
  if (done) return dl && dl->late ? "done_late" : "done_on_time";
  if (!dl) return "open";
  if (dl->late) return "overdue";
  if (dl->due - today <= wf.lights.yellow_days_left.value_or(3)) return "due_soon";
  return "open";
}

}  // namespace

json::value tracked_json(const Workflow& wf, const TrackedProject& t, Lang lang) {
  const ProjectState& p = t.project;
  const Standing& s = t.standing;
  json::value v = project_json(wf, p);
  json::object& o = v.as_object();
  const auto& d = s.deadline;
  json::array deadlines;
  for (const auto& each : s.deadlines) deadlines.push_back(deadline_json(wf, each));
  o["deadlines"] = std::move(deadlines);
  // Each blocker's days open, and each instruction's lateness and mark, as
  // its deadline on the day has it (one without a due date is never late).
  auto& blocker_values = o["blockers"].as_array();
  for (std::size_t b = 0; b < blocker_values.size() && b < p.blockers.size(); ++b) {
    json::object& bo = blocker_values[b].as_object();
    bo["days_blocked"] = std::max(0, s.on - p.blockers[b].since);
    for (auto& iv : bo["instructions"].as_array()) {
      json::object& in = iv.as_object();
      const auto dl = std::find_if(s.deadlines.begin(), s.deadlines.end(), [&](const Deadline& x) {
        return x.source == Deadline::Source::kInstruction && x.instruction == in["id"].as_int64();
      });
      const bool tracked = dl != s.deadlines.end();
      in["met_on"] = in["done_on"];
      in["late"] = tracked && dl->late;
      in["days_late"] = tracked ? dl->days_late : 0;
      in["state"] = instruction_state(wf, tracked ? &*dl : nullptr, !in["done_on"].is_null(), s.on);
    }
  }
  o["due"] = d ? json::value(d->due.str()) : json::value(nullptr);
  o["due_stage"] = d ? json::value(wf.stages[d->stage].id) : json::value(nullptr);
  o["due_source"] = d ? json::value(to_string(d->source)) : json::value(nullptr);
  o["days_left"] = d ? json::value(s.days_left) : json::value(nullptr);
  o["days_overdue"] = s.days_overdue;
  o["overdue"] = s.overdue();  // past the binding due date, or an open instruction past its own
  o["escalation"] = s.escalation.empty() ? json::value(nullptr) : json::value(s.escalation);
  o["provisional"] = s.provisional;
  o["paused"] = s.paused;
  o["light"] = to_string(s.light.color);
  o["light_reason"] = catalogue::render(s.light.reason, lang);
  o["light_since"] = s.light_since ? json::value(s.light_since->str()) : json::value(nullptr);
  o["plan"] = p.plan ? json::value(json::object{{"due", p.plan->due.str()},
                                                {"stage", wf.stages[p.plan->stage].id},
                                                {"note", p.plan->note},
                                                {"on", p.plan->on.str()}})
                     : json::value(nullptr);
  // What may be done from here, as the lifecycle chart says (the dashboard
  // offers its forms from this): the moves' names, and the stages an advance
  // may go to (empty when it may not).
  json::array moves, advance_to;
  for (const auto& m : legal_moves(wf, p)) {
    moves.emplace_back(to_string(m.move));
    if (m.move == Move::kAdvance)
      for (const auto& to : m.to) advance_to.emplace_back(to);
  }
  o["allowed_moves"] = std::move(moves);
  o["advance_to"] = std::move(advance_to);
  return v;
}

void write_overdue_json(JsonWriter& w, const Workflow& wf, const OverdueRow& o) {
  using M = JsonWriter::Member;
  const std::string due = o.binding.due.str();
  w.flat_object({M::string("code", o.code), M::string("name", o.name), M::string("unit", o.unit),
                 M::string("leader", o.leader), M::string("stage", wf.stages[o.stage].id),
                 M::string("due", due), M::string("due_stage", wf.stages[o.binding.stage].id),
                 M::string("due_source", to_string(o.binding.source)),
                 M::boolean("provisional", o.binding.provisional),
                 M::integer("days_overdue", o.days_overdue), M::string("light", to_string(o.light)),
                 M::string("escalation", o.escalation), M::string("kind", o.kind)});
}

json::value overdue_json(const Workflow& wf, const OverdueRow& o) {
  std::string text;
  JsonWriter w(text);
  write_overdue_json(w, wf, o);
  return json::parse(text);
}

json::value light_history_json(const std::vector<LightChange>& changes, Lang lang) {
  json::array a;
  for (const auto& c : changes)
    a.push_back(json::object{{"on", c.on.str()},
                             {"light", to_string(c.light)},
                             {"reason", catalogue::render(c.reason, lang)}});
  return a;
}

json::value campaign_plan_json(const Workflow& wf, const CampaignReport& r, Date today) {
  json::array projects;
  for (const auto& p : r.projects) {
    json::array milestones;
    for (size_t i = 0; i < p.milestones.size(); ++i) {
      const Milestone& m = p.milestones[i];
      const bool reached = p.project.stage >= m.stage;
      // The day its stage was first reached (the burn-down's week it was met,
      // late when after `due`); null when not reached by the day asked.
      const auto on = i < p.reached_on.size() ? p.reached_on[i] : std::nullopt;
      milestones.push_back({{"stage", wf.stages[m.stage].id},
                            {"due", m.due.str()},
                            {"met", reached},
                            {"missed", !reached && m.due < today},
                            {"reached_on", on ? json::value(on->str()) : json::value(nullptr)}});
    }
    projects.push_back({{"code", p.project.code},
                        {"name", p.project.attributes.name},
                        {"unit", p.project.attributes.unit},
                        {"leader", p.project.attributes.leader},
                        {"stage", wf.stages[p.project.stage].id},
                        {"start_stage", wf.stages[p.start_stage].id},
                        {"target", wf.stages[p.target_stage].id},
                        {"met", p.met},
                        {"behind", p.behind},
                        {"milestones", std::move(milestones)}});
  }
  return json::object{{"id", r.campaign.id},
                      {"start", r.campaign.start.str()},
                      {"end", r.campaign.end().str()},
                      {"started", r.started},
                      {"projects", std::move(projects)}};
}

json::object counts_json(const CampaignCounts& c) {
  return {{"projects", c.projects}, {"met", c.met},
          {"on_track", c.on_track}, {"behind", c.behind},
          {"blocked", c.blocked},   {"left", c.left},
          {"met_late", c.met_late}, {"recovered", c.recovered}};
}

json::value what_if_json(const Workflow& wf, const WhatIf& w) {
  auto stage_id = [&](int s) { return wf.stages[static_cast<size_t>(s)].id; };
  auto date = [](const std::optional<Date>& d) {
    return d ? json::value(d->str()) : json::value(nullptr);
  };
  auto figures = [&](const WhatIfFigures& f) {
    json::array milestones;
    for (const auto& m : f.milestones)
      milestones.push_back({{"stage", stage_id(m.stage)}, {"due", m.due.str()}, {"met", m.met}});
    return json::object{
        {"due", date(f.due)},
        {"light", to_string(f.light)},
        {"stage_at_campaign_end", stage_id(f.stage_at_campaign_end)},
        {"next_stage", stage_id(f.next_stage)},
        {"next_expected", date(f.next_expected)},
        {"target", f.target_stage ? json::value(stage_id(*f.target_stage)) : json::value(nullptr)},
        {"target_expected", date(f.target_expected)},
        {"milestones", std::move(milestones)}};
  };
  // Days later (positive) or earlier after the scenario; null unless both are expected.
  auto slip = [](const std::optional<Date>& before, const std::optional<Date>& after) {
    return before && after ? json::value(*after - *before) : json::value(nullptr);
  };
  auto headline = [](const WhatIfHeadline& h) {
    return json::object{{"campaign_end", h.campaign_end.str()},
                        {"start_ratio_at_campaign_end", std::round(h.start_ratio * 10000) / 10000},
                        {"started_at_campaign_end", h.started},
                        {"active", h.active},
                        {"red", h.red}};
  };
  json::array projects;
  for (const auto& p : w.projects)
    projects.push_back({{"code", p.code},
                        {"before", figures(p.before)},
                        {"after", figures(p.after)},
                        {"slip_days",
                         {{"next", slip(p.before.next_expected, p.after.next_expected)},
                          {"target", slip(p.before.target_expected, p.after.target_expected)}}}});
  return json::object{
      {"today", w.today.str()},
      {"weighed_on", w.last_event.str()},
      {"campaign", w.campaign.empty() ? json::value(nullptr) : json::value(w.campaign)},
      {"projects", std::move(projects)},
      {"headline", {{"before", headline(w.before)}, {"after", headline(w.after)}}},
      {"basis",
       "written to an in-memory copy, never to the database; lights on the campaign's end "
       "date if nothing else happens; stages by then under the forecast's durations"}};
}

json::value backtest_json(const Backtest& b,
                          const std::vector<std::pair<ForecastRule, double>>& rules) {
  json::array rows;
  for (const auto& r : b.rows)
    rows.push_back(
        {{"code", r.code},
         {"outlook", to_string(r.outlook)},
         {"met", r.met},
         {"reached_on", r.reached_on ? json::value(r.reached_on->str()) : json::value(nullptr)}});
  json::object by_rule;
  for (const auto& [rule, rate] : rules)
    by_rule[to_string(rule)] = std::round(rate * 10000) / 10000;
  return json::object{{"campaign", b.campaign},
                      {"as_of", b.as_of.str()},
                      {"end", b.end.str()},
                      {"rule", to_string(b.rule)},
                      {"projects", b.rows.size()},
                      {"table",
                       {{"forecast_met", {{"met", b.met_met}, {"missed", b.met_missed}}},
                        {"forecast_missed", {{"met", b.missed_met}, {"missed", b.missed_missed}}}}},
                      {"hits", b.hits()},
                      {"hit_rate", std::round(b.hit_rate() * 10000) / 10000},
                      {"rules", std::move(by_rule)},
                      {"rows", std::move(rows)}};
}

// The forecast's rule in words.
static std::string forecast_basis(ForecastRule rule, Lang lang) {
  switch (rule) {
    case ForecastRule::kHistory:
      return catalogue::text("basis_rule_history", lang);
    case ForecastRule::kCampaign:
      return catalogue::text("basis_rule_campaign", lang);
    case ForecastRule::kLimits:
      return catalogue::text("basis_rule_limits", lang);
  }
  return "";
}

json::value forecast_json(const Workflow& wf, const CampaignReport& r, Lang lang) {
  const CampaignForecast& f = r.forecast;
  json::array projects;
  for (size_t i = 0; i < r.projects.size() && i < f.projects.size(); ++i) {
    const CampaignProject& cp = r.projects[i];
    const ProjectForecast& pf = f.projects[i];
    json::array next;
    for (const auto& n : pf.next)
      next.push_back({{"stage", wf.stages[n.stage].id},
                      {"expected", n.expected.str()},
                      {"basis", catalogue::render(n.basis, lang)}});
    const auto target_on = pf.reaches(cp.target_stage, cp.project);
    projects.push_back(
        {{"code", cp.project.code},
         {"stage", wf.stages[cp.project.stage].id},
         {"target", wf.stages[cp.target_stage].id},
         {"expected_target_on", cp.project.stage >= cp.target_stage || !target_on
                                    ? json::value(nullptr)
                                    : json::value(target_on->str())},
         {"outlook", to_string(f.outlooks[i].outlook)},
         {"reason", catalogue::render(f.outlooks[i].reason, lang)},
         {"days_after_end", f.outlooks[i].days_after_end},
         {"blocked", pf.blocked},
         {"late", pf.late},
         {"basis", cp.project.stage >= cp.target_stage
                       ? catalogue::text("basis_reached", lang)
                       : catalogue::render_list(pf.basis_up_to(cp.target_stage), lang)},
         {"next", std::move(next)}});
  }
  return json::object{{"met", f.met},
                      {"at_risk", f.at_risk},
                      {"will_miss", f.will_miss},
                      {"year_end", f.year_end.str()},
                      {"active", f.active},
                      {"started", f.started},
                      {"expected_started", f.expected_started},
                      {"expected_start_ratio", f.expected_start_ratio},
                      {"history_samples", f.history_samples},
                      {"rule", to_string(f.rule)},
                      {"basis", forecast_basis(f.rule, lang)},
                      {"projects", std::move(projects)}};
}

json::value campaign_status_json(const Workflow& wf, const CampaignReport& r, Date today,
                                 Lang lang) {
  json::object o = counts_json(r.counts);
  o["id"] = r.campaign.id;
  o["label"] = label_json(r.campaign.label);
  o["start"] = r.campaign.start.str();
  o["end"] = r.campaign.end().str();
  o["day"] = r.day;
  o["days"] = r.campaign.days;
  o["days_left"] = r.campaign.days - r.day;
  o["ended"] = today > r.campaign.end();
  o["ended_on"] =
      today > r.campaign.end() ? json::value(r.campaign.end().str()) : json::value(nullptr);
  o["started"] = r.started;
  json::object by_unit, by_leader;
  for (const auto& [k, c] : r.by_unit) by_unit[k] = counts_json(c);
  for (const auto& [k, c] : r.by_leader) by_leader[k] = counts_json(c);
  o["by_unit"] = std::move(by_unit);
  o["by_leader"] = std::move(by_leader);
  json::array burndown;
  for (const auto& b : r.burndown)
    burndown.push_back({{"date", b.date.str()},
                        {"met", b.date <= today ? json::value(b.met) : json::value(nullptr)},
                        {"planned", b.planned},
                        {"expected", b.expected}});
  o["burndown"] = std::move(burndown);
  o["forecast"] = forecast_json(wf, r, lang);
  return o;
}

json::value event_json(const Event& e) {
  json::object o{
      {"seq", e.seq},
      {"on", e.on.str()},
      {"recorded_at", format_local(e.recorded_at)},
      {"kind", to_string(e.kind)},
      {"from", e.from},
      {"to", e.to},
      {"by", e.actor},
      {"note", e.note},
  };
  if (!e.evidence.empty()) {
    json::object ev;
    for (const auto& [k, v] : e.evidence) ev[k] = v;
    o["evidence"] = std::move(ev);
  }
  if (e.due) o["due"] = e.due->str();
  if (e.progress) {
    o["fixed_asset_wan"] = e.progress->fixed_asset_wan;
    o["foreign_arrived_usd_wan"] = amount(e.progress->foreign_arrived_usd_wan);
  }
  if (e.instruction)
    o["instruction"] =
        json::object{{"id", e.instruction->id}, {"assignee", e.instruction->assignee}};
  if (e.changes) o["changes"] = changes_json(*e.changes);
  if (e.correction) o["correction"] = true;
  if (e.blocker) {
    json::object b{{"id", e.blocker->id}};
    if (e.kind == EventKind::kBlocked) {
      b["category"] = e.blocker->category;
      b["reason"] = e.blocker->reason;
      b["owner"] = e.blocker->owner;
    }
    o["blocker"] = std::move(b);
  }
  return o;
}

json::value history_json(const Workflow& wf, const std::vector<Event>& events, Lang lang) {
  json::array a;
  for (const auto& e : events) {
    json::value v = event_json(e);
    v.as_object()["summary"] = catalogue::render(event_message(wf, e), lang);
    a.push_back(std::move(v));
  }
  return a;
}

json::value stats_json(const Workflow& wf, const Stats& s) {
  json::object by_stage;
  for (const auto& [id, n] : s.by_stage) by_stage[id] = n;
  return json::object{
      {"as_of", s.as_of.str()},
      {"key_projects", s.key_projects},
      {"cancelled", s.cancelled},
      {"dropped", s.dropped},
      {"pipeline", s.pipeline},
      {"by_stage", std::move(by_stage)},
      {"active", s.active},
      {"active_investment_wan", s.active_investment_wan},
      {"site_entry_or_later", s.site_entry_or_later},
      {"start_stage", wf.stages[wf.start_stage].id},
      {"start_ratio", s.start_ratio},
      {"start_ratio_percent", percent(s.start_ratio)},
      {"start_ratio_rounding", "percent, half-up to 2 decimals"},
      {"land_need_mu", s.land_need_mu},
      {"land_secured_mu", s.land_secured_mu},
      {"land_shortfall_mu", s.land_shortfall_mu},
      {"land_need_unknown", s.land_need_unknown},
      {"overdue", s.overdue},
      {"lights", json::object{{"red", s.red}, {"yellow", s.yellow}, {"green", s.green}}},
  };
}

json::value workflow_json(const Workflow& wf) {
  json::array stages, categories;
  for (const auto& st : wf.stages) {
    json::array evidence;
    for (const auto& e : st.evidence)
      evidence.push_back(json::object{{"id", e.id}, {"label", label_json(e.label)}});
    stages.push_back(json::object{
        {"id", st.id}, {"label", label_json(st.label)}, {"evidence", std::move(evidence)}});
  }
  for (const auto& c : wf.blocker_categories)
    categories.push_back(json::object{{"id", c.id}, {"label", label_json(c.label)}});
  return json::object{{"stages", std::move(stages)}, {"blocker_categories", std::move(categories)}};
}

}  // namespace luodi::views
