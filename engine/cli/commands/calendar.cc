// luodi calendar workdays|add|show: the working-day calendar the database uses.
#include <boost/json.hpp>
#include <charconv>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/rule_output.h"
#include "cli/table.h"
#include "importer/field_values.h"

namespace luodi::cli {

namespace {

Result<Date> date_arg(const std::string& s) {
  auto d = field::date(s);
  if (!d) return Status::BadInput("'" + s + "' is not " + kDateForm);
  return *d;
}

Result<int> int_arg(const std::string& s, const char* what) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < -100000 || v > 100000)
    return Status::BadInput(std::string(what) + " '" + s + "' is not a whole number");
  return v;
}

Status workdays(Invocation& inv, const WorkCalendar& cal) {
  if (inv.args.size() != 3)
    return Status::BadInput("usage: luodi calendar workdays FROM TO [--json]");
  LUODI_ASSIGN_OR_RETURN(Date from, date_arg(inv.args[1]));
  LUODI_ASSIGN_OR_RETURN(Date to, date_arg(inv.args[2]));
  const int n = cal.workdays_between(from, to);
  const bool provisional = !cal.covers(from.year()) || !cal.covers(to.year());
  if (inv.has("json")) {
    print_json(
        inv.out,
        boost::json::object{
            {"from", from.str()}, {"to", to.str()}, {"workdays", n}, {"provisional", provisional}});
  } else {
    inv.out << n << (provisional ? " (provisional: no holiday table for part of the range)" : "")
            << "\n";
  }
  return Status::Ok();
}

Status add(Invocation& inv, const WorkCalendar& cal) {
  if (inv.args.size() != 3) return Status::BadInput("usage: luodi calendar add DATE N [--json]");
  LUODI_ASSIGN_OR_RETURN(Date from, date_arg(inv.args[1]));
  LUODI_ASSIGN_OR_RETURN(int n, int_arg(inv.args[2], "N"));
  const Date to = cal.add_workdays(from, n);
  const bool provisional = !cal.covers(to.year()) || !cal.covers(from.year());
  if (inv.has("json")) {
    print_json(inv.out, boost::json::object{{"from", from.str()},
                                            {"workdays", n},
                                            {"date", to.str()},
                                            {"provisional", provisional}});
  } else {
    inv.out << to.str() << (provisional ? " (provisional)" : "") << "\n";
  }
  return Status::Ok();
}

Status show(Invocation& inv, const WorkCalendar& cal, Date today) {
  int year = today.year();
  if (auto y = inv.get("year")) {
    LUODI_ASSIGN_OR_RETURN(year, int_arg(*y, "--year"));
  }
  auto it = cal.years.find(year);
  if (it == cal.years.end())
    return Status::NotFound("calendar " + cal.id + " has no holiday table for " +
                            std::to_string(year) + "; only weekends are known");
  const CalendarYear& cy = it->second;
  if (inv.has("json")) {
    boost::json::array holidays, workdays;
    for (const auto& h : cy.holidays)
      holidays.push_back({{"name", {{"zh", h.name.zh}, {"en", h.name.en}}},
                          {"from", h.from.str()},
                          {"to", h.to.str()},
                          {"days", h.to - h.from + 1}});
    for (const auto& d : cy.makeup_workdays) workdays.push_back(boost::json::value(d.str()));
    print_json(inv.out, boost::json::object{{"calendar", cal.id},
                                            {"year", year},
                                            {"holidays", std::move(holidays)},
                                            {"makeup_workdays", std::move(workdays)}});
    return Status::Ok();
  }
  Table t({"holiday", "from", "to", "days"});
  for (const auto& h : cy.holidays)
    t.add(
        {h.name.zh + " " + h.name.en, h.from.str(), h.to.str(), std::to_string(h.to - h.from + 1)});
  t.print(inv.out);
  inv.out << "make-up working days (调休):";
  for (const auto& d : cy.makeup_workdays) inv.out << " " << d.str();
  inv.out << "\n";
  return Status::Ok();
}

// A new year's table into the running city, in force from today.
Status load(Invocation& inv, Engine& engine) {
  if (inv.args.size() != 2)
    return Status::BadInput("usage: luodi calendar load FILE [--dry-run] [--json]");
  LUODI_ASSIGN_OR_RETURN(std::string text, read_input_file(inv.args[1]));
  const bool dry = inv.has("dry-run");
  LUODI_ASSIGN_OR_RETURN(RuleLoad load, engine.load_calendar({std::move(text), inv.args[1]}, dry));
  if (!dry)
    LUODI_RETURN_IF_ERROR(engine.keep_standings().status());  // every standing worked out again now
  std::string years;
  for (int y : load.years) years += (years.empty() ? "" : ", ") + std::to_string(y);
  return print_rule_load(inv, load, years);
}

// The text face of the read `calendar changes` (--json prints its answer).
Status print_changes(Invocation& inv, Engine& engine, const commands::ReadArgs&) {
  return print_rule_changes(inv, engine.rule_versions().changes());
}

Status run(Invocation& inv) {
  const std::string& verb = inv.args[0];
  if (verb == "changes")
    return run_read(commands::read_command("calendar changes"), print_changes, inv, "");
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  const WorkCalendar& cal = engine->calendar();
  if (verb == "workdays") return workdays(inv, cal);
  if (verb == "add") return add(inv, cal);
  if (verb == "show") return show(inv, cal, engine->today());
  if (verb == "load") return load(inv, *engine);
  return Status::BadInput("unknown calendar command '" + verb +
                          "' (workdays, add, show, load, changes)");
}

}  // namespace

Command calendar_command() {
  return {"calendar",
          "calendar workdays FROM TO | calendar add DATE N | calendar show [--year Y] | calendar "
          "load FILE [--dry-run] | " +
              commands::read_command("calendar changes").cli_usage(true),
          "working days between dates, N working days after a date, a year's holidays; load a new "
          "year's "
          "table into the running city (from today on) and list the tables loaded",
          {{"json", false}, {"year"}, {"dry-run", false}},
          1,
          3,
          run};
}

}  // namespace luodi::cli
