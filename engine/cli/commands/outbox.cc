#include <boost/json.hpp>

#include "notify/notification_json.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  if (inv.has("pending") && inv.has("failed")) return Status::BadInput("--pending or --failed, not both");
  std::optional<std::string> state;
  if (inv.has("pending")) state = "pending";
  if (inv.has("failed")) state = "failed";
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(PageRequest page, inv.page());
  LUODI_ASSIGN_OR_RETURN(auto listed, engine->outbox(state, page));
  if (inv.print_rows(listed, [](const Notification& n) { return notification_json(n); })) return Status::Ok();
  const auto& rows = listed.items;
  Table t({"key", "recipient", "channel", "state", "attempts", "last_error"});
  for (const auto& n : rows)
    t.add({n.key, n.recipient, n.channel, n.state, std::to_string(n.attempts), n.last_error});
  t.print(inv.out);
  inv.print_next(listed.next);
  return Status::Ok();
}

}  // namespace

Command outbox_command() {
  return {"outbox", "outbox [--pending|--failed] [--json|--jsonl] [--limit N] [--cursor C]",
          "the notifications: key, recipient, channel, state, attempts, last error",
          with_page_flags({{"pending", false}, {"failed", false}, {"json", false}}), 0, 0, run};
}

}  // namespace luodi::cli
