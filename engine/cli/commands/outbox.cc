#include <boost/json.hpp>

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
  LUODI_ASSIGN_OR_RETURN(auto rows, engine->outbox(state));
  if (inv.has("json")) {
    boost::json::array a;
    for (const auto& n : rows) a.push_back(views::notification_json(n));
    print_json(inv.out, a);
    return Status::Ok();
  }
  Table t({"key", "recipient", "channel", "state", "attempts", "last_error"});
  for (const auto& n : rows)
    t.add({n.key, n.recipient, n.channel, n.state, std::to_string(n.attempts), n.last_error});
  t.print(inv.out);
  return Status::Ok();
}

}  // namespace

Command outbox_command() {
  return {"outbox", "outbox [--pending|--failed] [--json]",
          "the notifications: key, recipient, channel, state, attempts, last error",
          {{"pending", false}, {"failed", false}, {"json", false}}, 0, 0, run};
}

}  // namespace luodi::cli
