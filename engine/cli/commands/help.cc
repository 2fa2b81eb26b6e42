#include "cli/command.h"
#include "cli/table.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  if (!inv.args.empty()) {
    for (const auto& c : all_commands()) {
      if (c.name == inv.args[0]) {
        inv.out << "usage: luodi " << c.usage << "\n  " << c.summary << "\n";
        if (!c.detail.empty()) inv.out << c.detail << "\n";
        return Status::Ok();
      }
    }
    return Status::BadInput("unknown command '" + inv.args[0] + "'");
  }
  inv.out << "luodi — supervision of key investment projects (落地)\n\n"
          << "usage: luodi [--db PATH] [--now YYYY-MM-DD[THH:MM]] COMMAND [ARGS]\n\n";
  Table t({"command", "what it does"});
  for (const auto& c : all_commands()) t.add({c.name, c.summary});
  t.print(inv.out);
  inv.out << "\n--db defaults to $LUODI_DB, else ./luodi.db; --now to $LUODI_NOW, else the clock.\n"
          << "Exit codes: 0 done, 2 bad input, 3 refused by the workflow, 1 anything else.\n"
          << "'luodi help COMMAND' shows one command's usage.\n";
  return Status::Ok();
}

}  // namespace

Command help_command() {
  return {"help", "help [COMMAND]", "this list, or one command's usage", {}, 0, 1, run};
}

}  // namespace luodi::cli
