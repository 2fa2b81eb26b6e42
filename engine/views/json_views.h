// The JSON shapes of projects, events and figures: one definition shared by
// the CLI's --json and the HTTP API, so both faces say the same thing.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <vector>

#include "common/json_writer.h"
#include "luodi/campaign_status.h"
#include "luodi/lang.h"
#include "luodi/stats.h"
#include "luodi/whatif.h"

namespace luodi::views {

boost::json::value project_json(const Workflow& wf, const ProjectState& p);
// The project with where it stands: deadlines, due, days_left, light … (the
// view model that `show` prints as text too).
boost::json::value tracked_json(const Workflow& wf, const TrackedProject& t, Lang lang);
boost::json::value deadline_json(const Workflow& wf, const Deadline& d);
// An overdue project, one line of `luodi overdue`, written as text (the
// overdue list is long) …
void write_overdue_json(JsonWriter& w, const Workflow& wf, const OverdueRow& o);
// … and the same as a value.
boost::json::value overdue_json(const Workflow& wf, const OverdueRow& o);
// The dated light history: on, light, reason.
boost::json::value light_history_json(const std::vector<LightChange>& changes, Lang lang);
// A what-if's answer (luodi whatif --json, POST /api/whatif): the projects
// where something differs, before and after, and the headline figures.
boost::json::value what_if_json(const Workflow& wf, const WhatIf& w);
// A campaign's counts: projects = met + on_track + behind + blocked + left.
boost::json::object counts_json(const CampaignCounts& c);
boost::json::value campaign_plan_json(const Workflow& wf, const CampaignReport& r, Date today);
boost::json::value campaign_status_json(const Workflow& wf, const CampaignReport& r, Date today,
                                        Lang lang);
// Where the campaign is heading: totals by outlook, the year's expected start
// ratio, and each project's expected stages with their basis.
boost::json::value forecast_json(const Workflow& wf, const CampaignReport& r, Lang lang);
// A backtest: {campaign, as_of, end, rule, projects, table: {forecast_met:
// {met, missed}, forecast_missed: {met, missed}}, hits, hit_rate, rules:
// {rule: hit_rate}, rows: [{code, outlook, met, reached_on}]}.
boost::json::value backtest_json(const Backtest& b,
                                 const std::vector<std::pair<ForecastRule, double>>& rules);
boost::json::value event_json(const Event& e);
// Each event with `summary`, what it did in words (with its amounts and its
// old → new values) in `lang`.
boost::json::value history_json(const Workflow& wf, const std::vector<Event>& events, Lang lang);
boost::json::value stats_json(const Workflow& wf, const Stats& s);
// The stages (with the evidence each needs) and blocker categories, for forms.
boost::json::value workflow_json(const Workflow& wf);

// Percent rounded half-up to `decimals` places: 34/49 → 69.39.
double percent(double ratio, int decimals = 2);

}  // namespace luodi::views
