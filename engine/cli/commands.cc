#include "cli/command.h"

namespace luodi::cli {

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = [] {
    std::vector<Command> all = {init_command(), city_command(), import_command()};
    for (auto& c : write_verbs()) all.push_back(std::move(c));
    for (auto c : {show_command(),     lights_command(),  history_command(),  list_command(),
                   overdue_command(),  stats_command(),   report_command(),   export_command(),
                   tick_command(),     outbox_command(),  contact_command(),  campaign_command(),
                   calendar_command(), targets_command(), workflow_command(), serve_command(),
                   user_command(),     backup_command(),  migrate_command(),  verify_command(),
                   whatif_command(),   help_command()})
      all.push_back(std::move(c));
    return all;
  }();
  return commands;
}

}  // namespace luodi::cli
