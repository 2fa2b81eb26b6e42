// Backtesting the forecast (luodi/forecast.h, Backtest): the campaign as it
// stood on a past day, forecast with what was known then, against what the
// events show by its end.
#include "luodi/engine.h"

namespace luodi {

Result<Backtest> Engine::backtest(const std::string& id, Date as_of, ForecastRule rule) {
  LUODI_ASSIGN_OR_RETURN(CampaignReport report, campaign(id, as_of));
  const Date end = report.campaign.end();
  if (end >= today())
    return Status::BadInput("campaign " + id + " ends on " + end.str() +
                            ": a backtest needs its end passed, to know what happened");
  if (as_of > end)
    return Status::BadInput("--as-of " + as_of.str() + " is after the campaign's end (" +
                            end.str() + "): there is nothing left to forecast");
  // What was known on as_of: the history up to then (add_forecast reads no later event).
  LUODI_RETURN_IF_ERROR(add_forecast(report, rule));
  const Workflow& wf = rules_.on(as_of).workflow;  // the report's stage numbers
  Backtest out;
  out.campaign = id;
  out.as_of = as_of;
  out.end = end;
  out.rule = rule;
  for (size_t i = 0; i < report.projects.size(); ++i) {
    const CampaignProject& cp = report.projects[i];
    LUODI_ASSIGN_OR_RETURN(auto events, history(cp.project.code));
    Backtest::Row row;
    row.code = cp.project.code;
    row.outlook = report.forecast.outlooks[i].outlook;
    row.reached_on = reached_on(wf, events, cp.target_stage);
    row.met = row.reached_on && *row.reached_on <= end;
    out.rows.push_back(std::move(row));
  }
  out.tally();
  return out;
}

}  // namespace luodi
