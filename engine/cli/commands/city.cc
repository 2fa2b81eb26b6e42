// `luodi city add ID --name N [--workflow FILE] [--calendar FILE]`,
// `luodi city rename ID --name N`, `luodi city remove ID --yes` and
// `luodi city list [--json]`: the cities a PostgreSQL database holds (a
// SQLite file holds one, default, which may be renamed). Servers that serve every city (serve
// --all-cities) follow the list within their lease's time.
#include <boost/json.hpp>

#include "catalogue/catalogue.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"

namespace luodi::cli {

namespace {

Status add(Invocation& inv) {
  if (inv.args.size() != 2)
    return Status::BadInput(
        "usage: luodi city add ID --name N [--workflow FILE] [--calendar FILE]");
  const std::string& id = inv.args[1];
  LUODI_RETURN_IF_ERROR(check_city_id(id));
  auto name = inv.get("name");
  if (!name || name->empty())
    return Status::BadInput("city add needs --name (what people call the city)");
  return create_city(inv, id, *name);
}

// Names a city as people call it (the default city of a database made
// without a name shows by its id until then).
Status rename(Invocation& inv) {
  auto name = inv.get("name");
  if (inv.args.size() != 2 || !name)
    return Status::BadInput(
        Message("error_city_rename_usage", {arg("command", "luodi city rename ID")}));
  const std::string& id = inv.args[1];
  LUODI_RETURN_IF_ERROR(check_city_id(id));
  LUODI_ASSIGN_OR_RETURN(auto engine, Engine::open(inv.db_path, inv.clock, id));
  LUODI_RETURN_IF_ERROR(engine->rename_city(*name));
  inv.out << catalogue::text("city_renamed", inv.lang, {arg("id", id), arg("name", *name)}) << "\n";
  return Status::Ok();
}

// Drops a city and everything it holds, for good (asked for with --yes).
Status remove(Invocation& inv) {
  if (inv.args.size() != 2) return Status::BadInput("usage: luodi city remove ID --yes");
  const std::string& id = inv.args[1];
  LUODI_RETURN_IF_ERROR(check_city_id(id));
  LUODI_ASSIGN_OR_RETURN(auto engine, Engine::open(inv.db_path, inv.clock, id));
  if (std::string(engine->store_kind()) != "postgresql")
    return Status::BadInput("a SQLite database holds one city: to remove it, remove the file");
  if (!inv.has("yes"))
    return Status::BadInput(
        "city remove drops city " + id +
        " and everything it holds (projects, history, users, contacts, outbox) for good; "
        "keep a copy first (luodi migrate --from DB --to FILE.db --city " +
        id + ", or pg_dump), then run it again with --yes");
  LUODI_RETURN_IF_ERROR(engine->discard_city());
  inv.out << "removed city " << id << "\n";
  return Status::Ok();
}

Status list(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(auto cities, engine->cities());
  if (inv.has("json")) {
    boost::json::array a;
    for (const auto& c : cities)
      a.push_back({{"id", c.id}, {"name", c.shown()}, {"named", !c.name.empty()}});
    print_json(inv.out, a);
  } else {
    Table t({"id", "name"});
    for (const auto& c : cities) t.add({c.id, c.shown()});
    t.print(inv.out);
  }
  hint_unnamed_cities(inv.err, cities, inv.lang);
  return Status::Ok();
}

Status run(Invocation& inv) {
  const std::string& verb = inv.args[0];
  if (verb == "add") return add(inv);
  if (verb == "rename") return rename(inv);
  if (verb == "remove") return remove(inv);
  if (verb == "list") return list(inv);
  return Status::BadInput("unknown city command '" + verb + "' (add, rename, remove, list)");
}

}  // namespace

Command city_command() {
  return {
      "city",
      "city add ID --name N [--workflow FILE] [--calendar FILE] [--campaigns DIR] | "
      "city rename ID --name N | city remove ID --yes | city list [--json]",
      "add a city to a PostgreSQL database (each with its own workflow, calendar and users), "
      "name one as people call it, remove one with all it holds, or list them",
      {{"name"}, {"workflow"}, {"calendar"}, {"campaigns"}, {"json", false}, {"yes", false}},
      1,
      2,
      run,
      "A SQLite database holds one city (default; rename names it). A city without a name "
      "(init without --name, or a database from before names) shows by its id, and the "
      "commands that show city names say how to name it. Every command works in the city of --city "
      "ID or $LUODI_CITY, else the default city. Servers started with serve --all-cities "
      "serve a city added, and stop serving a city removed, within their --lease-ms, without "
      "a restart."};
}

}  // namespace luodi::cli
