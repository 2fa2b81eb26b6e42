#include <boost/json.hpp>

#include "cli/campaign_forecast.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

Status add(Invocation& inv, Engine& engine) {
  LUODI_ASSIGN_OR_RETURN(std::string text, read_input_file(inv.args[1]));
  LUODI_RETURN_IF_ERROR(engine.add_campaign({std::move(text), inv.args[1]}));
  inv.out << "campaign " << engine.campaigns().back().id << " registered\n";
  return Status::Ok();
}

// The text face of the read `campaign plan` (--json prints its answer).
Status plan(Invocation& inv, Engine& engine, const commands::ReadArgs& args) {
  LUODI_ASSIGN_OR_RETURN(auto report, engine.campaign(args.positional));
  const auto& wf = engine.workflow();
  inv.out << report.campaign.label.zh << " " << report.campaign.start.str() << " – "
          << report.campaign.end().str() << (report.started ? "" : " (preview: not started)")
          << "\n";
  Table t({"code", "name", "unit", "stage", "target", "milestones"});
  for (const auto& p : report.projects) {
    std::string ms;
    for (const auto& m : p.milestones)
      ms += (ms.empty() ? "" : ", ") + wf.stages[m.stage].label.zh + " " + m.due.str();
    t.add({p.project.code, p.project.attributes.name, p.project.attributes.unit,
           wf.stages[p.project.stage].label.zh, wf.stages[p.target_stage].label.zh, ms});
  }
  t.print(inv.out);
  return Status::Ok();
}

// The text face of the read `campaign status` (its --json answer): the
// same counts, by unit, by leader, and the burn-down.
Status status(Invocation& inv, Engine& engine, const commands::ReadArgs& args) {
  LUODI_ASSIGN_OR_RETURN(auto report, engine.campaign(args.positional));
  LUODI_RETURN_IF_ERROR(engine.add_forecast(report));
  const auto json =
      views::campaign_status_json(engine.workflow(), report, engine.today(), args.lang);
  const auto& o = json.as_object();
  auto n = [](const boost::json::object& c, const char* key) {
    return std::to_string(c.at(key).as_int64());
  };
  // After the end: when it ended, and the partition is the final one.
  if (o.at("ended").as_bool())
    inv.out << report.campaign.label.zh << ": ended on " << o.at("ended_on").as_string().c_str()
            << " (" << n(o, "days") << " days from " << o.at("start").as_string().c_str()
            << ")\n  final: ";
  else
    inv.out << report.campaign.label.zh << ": day " << n(o, "day") << " of " << n(o, "days") << ", "
            << n(o, "days_left") << " left\n  ";
  inv.out << "projects " << n(o, "projects") << ": met " << n(o, "met") << ", met late "
          << n(o, "met_late") << ", on track " << n(o, "on_track") << ", recovered "
          << n(o, "recovered") << ", behind " << n(o, "behind") << ", blocked " << n(o, "blocked")
          << ", left " << n(o, "left") << "\n";
  const auto& f = o.at("forecast").as_object();
  inv.out << "  forecast at the end: met " << n(f, "met") << ", at risk " << n(f, "at_risk")
          << ", will miss " << n(f, "will_miss") << "; started by "
          << f.at("year_end").as_string().c_str() << ": " << n(f, "expected_started") << " of "
          << n(f, "active") << " expected (" << n(f, "started")
          << " now)\n  basis: " << f.at("basis").as_string().c_str() << " ("
          << n(f, "history_samples") << " durations in the city's history)\n";
  for (const char* by : {"by_unit", "by_leader"}) {
    Table t({by == std::string("by_unit") ? "unit" : "leader", "projects", "met", "met late",
             "on track", "recovered", "behind", "blocked", "left"});
    for (const auto& [who, cv] : o.at(by).as_object()) {
      const auto& c = cv.as_object();
      t.add({std::string(who), n(c, "projects"), n(c, "met"), n(c, "met_late"), n(c, "on_track"),
             n(c, "recovered"), n(c, "behind"), n(c, "blocked"), n(c, "left")});
    }
    inv.out << "\n";
    t.print(inv.out);
  }
  Table b({"week ending", "milestones due", "expected at the standard pace", "milestones met"});
  for (const auto& pv : o.at("burndown").as_array()) {
    const auto& p = pv.as_object();
    b.add({std::string(p.at("date").as_string()), n(p, "planned"), n(p, "expected"),
           p.at("met").is_null() ? "" : n(p, "met")});
  }
  inv.out << "\nburn-down\n";
  b.print(inv.out);
  return Status::Ok();
}

Status run(Invocation& inv) {
  if (inv.args.size() != 2)
    return Status::BadInput("usage: luodi " +
                            std::string("campaign add FILE | plan ID | status ID | forecast ID"));
  const std::string& verb = inv.args[0];
  // The reads, from the table of reads.
  if (verb == "plan")
    return run_read(commands::read_command("campaign plan"), plan, inv, inv.args[1]);
  if (verb == "status")
    return run_read(commands::read_command("campaign status"), status, inv, inv.args[1]);
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  if (verb == "add") return add(inv, *engine);
  if (verb == "forecast") return campaign_forecast(inv, *engine);
  return Status::BadInput("unknown campaign command '" + verb + "' (add, plan, status, forecast)");
}

}  // namespace

Command campaign_command() {
  // plan and status: the table of reads' usage (their flags are in this verb's).
  return {"campaign",
          "campaign add FILE | " + commands::read_command("campaign plan").cli_usage(true) + " | " +
              commands::read_command("campaign status").cli_usage(true) +
              " | campaign forecast ID [--as-of DATE] [--rule history|campaign|limits] "
              "[--backtest] [--json]",
          "the hundred-day campaign: register, milestones per project, day N and who is behind, "
          "where it is "
          "heading (--backtest: the forecasts made on --as-of against what happened by the end)",
          {{"json", false}, {"as-of"}, {"rule"}, {"backtest", false}},
          2,
          2,
          run};
}

}  // namespace luodi::cli
