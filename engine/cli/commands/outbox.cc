#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "notify/notification_json.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

// The text face of the read `outbox`, from the rows --json prints.
Status print(Invocation& inv, Engine& engine, const commands::ReadArgs& args) {
  LUODI_ASSIGN_OR_RETURN(auto listed, read_rows(commands::read_command("outbox"), engine, args));
  auto text = [](const boost::json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v);
  };
  Table t({"key", "recipient", "channel", "state", "attempts", "last_error"});
  for (const auto& row : listed.items) {
    const auto& n = row.as_object();
    t.add({text(n.at("key")), text(n.at("recipient")), text(n.at("channel")), text(n.at("state")),
           text(n.at("attempts")), text(n.at("last_error"))});
  }
  t.print(inv.out);
  inv.print_next(listed.next);
  return Status::Ok();
}

}  // namespace

Command outbox_command() { return read_verb("outbox", print); }

}  // namespace luodi::cli
