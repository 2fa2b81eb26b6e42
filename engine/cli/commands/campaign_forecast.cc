#include "cli/campaign_forecast.h"

#include <cstdio>

#include "catalogue/catalogue.h"
#include "cli/output.h"
#include "cli/table.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", share * 100);
  return buf;
}

Status backtest(Invocation& inv, Engine& engine, const std::string& id, Date as_of,
                ForecastRule rule) {
  LUODI_ASSIGN_OR_RETURN(Backtest b, engine.backtest(id, as_of, rule));
  // Every rule's hit rate on the same day, to compare.
  std::vector<std::pair<ForecastRule, double>> rules;
  for (ForecastRule r : {ForecastRule::kHistory, ForecastRule::kCampaign, ForecastRule::kLimits}) {
    if (r == rule) {
      rules.emplace_back(r, b.hit_rate());
      continue;
    }
    LUODI_ASSIGN_OR_RETURN(Backtest other, engine.backtest(id, as_of, r));
    rules.emplace_back(r, other.hit_rate());
  }
  if (inv.has("json")) {
    print_json(inv.out, views::backtest_json(b, rules));
    return Status::Ok();
  }
  inv.out << b.campaign << ": forecasts made on " << b.as_of.str() << " (rule " << to_string(b.rule)
          << ") against what happened by the end (" << b.end.str() << "), " << b.rows.size()
          << " projects\n";
  Table t({"", "met by the end", "missed"});
  t.add({"forecast met", std::to_string(b.met_met), std::to_string(b.met_missed)});
  t.add({"forecast missed", std::to_string(b.missed_met), std::to_string(b.missed_missed)});
  t.print(inv.out);
  inv.out << "hit rate: " << percent(b.hit_rate()) << " (" << b.hits() << " of " << b.rows.size()
          << ")\n";
  inv.out << "every rule:";
  for (const auto& [r, rate] : rules) inv.out << " " << to_string(r) << " " << percent(rate);
  inv.out << "\n";
  return Status::Ok();
}

}  // namespace

Status campaign_forecast(Invocation& inv, Engine& engine) {
  const std::string& id = inv.args[1];
  LUODI_ASSIGN_OR_RETURN(std::optional<Date> as_of, inv.date("as-of"));
  ForecastRule rule = kDefaultForecastRule;
  if (auto r = inv.get("rule")) {
    auto parsed = parse_forecast_rule(*r);
    if (!parsed) return Status::BadInput("--rule must be history, campaign or limits");
    rule = *parsed;
  }
  if (inv.has("backtest")) {
    if (!as_of)
      return Status::BadInput("--backtest needs --as-of DATE: the day the forecasts are made");
    return backtest(inv, engine, id, *as_of, rule);
  }
  LUODI_ASSIGN_OR_RETURN(auto report, engine.campaign(id, as_of));
  LUODI_RETURN_IF_ERROR(engine.add_forecast(report, rule));
  const auto& wf = engine.workflow_on(report.as_of);
  const auto json = views::forecast_json(wf, report, inv.lang);
  if (inv.has("json")) {
    print_json(inv.out, json);
    return Status::Ok();
  }
  const CampaignForecast& f = report.forecast;
  inv.out << report.campaign.label.zh << " forecast on " << report.as_of.str() << " (rule "
          << to_string(rule) << "): met " << f.met << ", at risk " << f.at_risk << ", will miss "
          << f.will_miss << "\n";
  Table t({"code", "stage", "target", "outlook", "why"});
  for (size_t i = 0; i < report.projects.size(); ++i) {
    const CampaignProject& cp = report.projects[i];
    t.add({cp.project.code, wf.stages[cp.project.stage].id, wf.stages[cp.target_stage].id,
           std::string(to_string(f.outlooks[i].outlook)),
           catalogue::render(f.outlooks[i].reason, inv.lang)});
  }
  t.print(inv.out);
  return Status::Ok();
}

}  // namespace luodi::cli
