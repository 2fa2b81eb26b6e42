#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(auto changes, engine->light_history(inv.args[0]));
  if (inv.has("json")) {
    print_json(inv.out, views::light_history_json(changes));
    return Status::Ok();
  }
  Table t({"on", "light", "reason"});
  for (const auto& c : changes) t.add({c.on.str(), std::string(to_string(c.light)), c.reason});
  t.print(inv.out);
  return Status::Ok();
}

}  // namespace

Command lights_command() {
  return {"lights", "lights CODE [--json]",
          "the dated light history: each day the project's light changed, up to today",
          {{"json", false}}, 1, 1, run};
}

}  // namespace luodi::cli
