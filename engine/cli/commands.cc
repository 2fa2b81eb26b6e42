#include "cli/command.h"

namespace luodi::cli {

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {
      init_command(),     import_command(),   add_command(),     advance_command(),
      block_command(),    unblock_command(),  cancel_command(),  drop_command(),
      reinstate_command(), promote_command(), plan_command(),    instruct_command(),
      invest_command(),   update_command(),
      show_command(),     lights_command(),
      history_command(),  list_command(),     overdue_command(), stats_command(),
      report_command(),   export_command(),
      tick_command(),     outbox_command(),   contact_command(), campaign_command(),
      calendar_command(), serve_command(),    user_command(),    backup_command(),
      verify_command(),
      help_command(),
  };
  return commands;
}

}  // namespace luodi::cli
