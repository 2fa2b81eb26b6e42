#include "catalogue/catalogue.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

// The text face of the read `lights` (--json prints its answer).
Status print(Invocation& inv, Engine& engine, const commands::ReadArgs& args) {
  LUODI_ASSIGN_OR_RETURN(auto changes, engine.light_history(args.positional));
  Table t({"on", "light", "reason"});
  for (const auto& c : changes)
    t.add({c.on.str(), std::string(to_string(c.light)), catalogue::render(c.reason, args.lang)});
  t.print(inv.out);
  return Status::Ok();
}

}  // namespace

Command lights_command() { return read_verb("lights", print); }

}  // namespace luodi::cli
