// `luodi city add ID --name N [--workflow FILE] [--calendar FILE]` and
// `luodi city list [--json]`: the cities a database holds.
#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"

namespace luodi::cli {

namespace {

Status add(Invocation& inv) {
  if (inv.args.size() != 2) return Status::BadInput("usage: luodi city add ID --name N [--workflow FILE] [--calendar FILE]");
  const std::string& id = inv.args[1];
  LUODI_RETURN_IF_ERROR(check_city_id(id));
  auto name = inv.get("name");
  if (!name || name->empty()) return Status::BadInput("city add needs --name (what people call the city)");
  return create_city(inv, id, *name);
}

Status list(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(auto cities, engine->cities());
  if (inv.has("json")) {
    boost::json::array a;
    for (const auto& c : cities) a.push_back({{"id", c.id}, {"name", c.name}});
    print_json(inv.out, a);
    return Status::Ok();
  }
  Table t({"id", "name"});
  for (const auto& c : cities) t.add({c.id, c.name});
  t.print(inv.out);
  return Status::Ok();
}

Status run(Invocation& inv) {
  const std::string& verb = inv.args[0];
  if (verb == "add") return add(inv);
  if (verb == "list") return list(inv);
  return Status::BadInput("unknown city command '" + verb + "' (add, list)");
}

}  // namespace

Command city_command() {
  return {"city",
          "city add ID --name N [--workflow FILE] [--calendar FILE] [--campaigns DIR] | city list [--json]",
          "add a city to a PostgreSQL database (each with its own workflow, calendar and users), or list them",
          {{"name"}, {"workflow"}, {"calendar"}, {"campaigns"}, {"json", false}},
          1,
          2,
          run,
          "A SQLite database holds one city (default). Every command works in the city of --city ID or "
          "$LUODI_CITY, else the default city."};
}

}  // namespace luodi::cli
