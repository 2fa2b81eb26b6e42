// luodi targets load FILE [--city ID]: a year's targets (fixed-asset, foreign
// capital, the monthly schedule curve) into the city (--city, else the
// default one); that city's report of that year uses them, and no other
// city's does (each city of a province has its own targets).
#include "cli/command.h"
#include "cli/output.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  if (inv.args[0] != "load" || inv.args.size() != 2)
    return Status::BadInput("usage: luodi targets load FILE [--city ID]");
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(std::string text, read_input_file(inv.args[1]));
  LUODI_ASSIGN_OR_RETURN(Targets t, engine->store_targets({std::move(text), inv.args[1]}));
  if (inv.has("json")) {
    print_json(inv.out, boost::json::object{{"city", engine->city()},
                                            {"year", t.year},
                                            {"units", t.units.size()},
                                            {"schedule", t.schedule.has_value()}});
    return Status::Ok();
  }
  inv.out << "targets for " << t.year << " loaded into city " << engine->city() << " ("
          << t.units.size() << " unit(s)" << (t.schedule ? ", a monthly schedule" : "")
          << "); its report of " << t.year << " uses them\n";
  return Status::Ok();
}

}  // namespace

Command targets_command() {
  return {"targets",
          "targets load FILE [--city ID] [--json]",
          "load a year's investment targets into a city (its report of that year uses them)",
          {{"json", false}},
          2,
          2,
          run};
}

}  // namespace luodi::cli
