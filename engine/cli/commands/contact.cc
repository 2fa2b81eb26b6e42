#include <algorithm>
#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "notify/local_delivery.h"
#include "notify/robots.h"
#include "server/robot_sender.h"
#include "server/webhook_client.h"

namespace luodi::cli {

namespace {

Status add(Invocation& inv, Engine& engine) {
  if (inv.args.size() != 2)
    return Status::BadInput("usage: luodi contact add NAME --role ROLE ...");
  Contact c;
  c.name = inv.args[1];
  auto role = inv.get("role");
  if (!role || !parse_role(*role) || *parse_role(*role) == Role::kProvince)
    return Status::BadInput("--role must be unit, supervisor or leader");
  c.role = *parse_role(*role);
  c.unit = inv.get("unit").value_or("");
  c.channel = inv.get("channel").value_or("");
  c.format = inv.get("format").value_or("json");
  c.secret = inv.get("secret").value_or("");
  c.mentions = inv.all("at");
  if (auto rate = inv.get("rate")) {
    auto per_min = parse_robot_rate(*rate);
    if (!per_min) return Status::BadInput("--rate must be N/min, from 1/min to 600/min");
    c.rate_per_min = *per_min;
  }
  if (auto window = inv.get("window")) {
    auto ms = parse_robot_duration(*window);
    if (!ms) return Status::BadInput("--window must be a duration from 1s to 24h, e.g. 61s");
    c.rate_window_ms = static_cast<int>(ms->count());
  }
  if (auto pause = inv.get("pause")) {
    auto ms = parse_robot_duration(*pause);
    if (!ms) return Status::BadInput("--pause must be a duration from 1s to 24h, e.g. 10m");
    c.throttle_pause_ms = static_cast<int>(ms->count());
  }
  LUODI_RETURN_IF_ERROR(engine.add_contact(c));
  inv.out << "contact " << c.name << " (" << to_string(c.role) << ") saved\n";
  return Status::Ok();
}

// A secret is never shown, only whether there is one.
std::string secret_shown(const Contact& c) { return c.secret.empty() ? "" : "set"; }

// Messages a window its robot is sent (0: not a robot, no limit), that
// window, and its silence after a "too many" refusal, as the server applies them
// by default (serve --rate-window-ms changes the default window).
int rate_of(const Contact& c) {
  return c.rate_per_min ? c.rate_per_min : default_robot_rate(c.format);
}
std::int64_t window_of(const Contact& c) {
  if (c.rate_window_ms) return c.rate_window_ms;
  return rate_of(c) ? kRobotRateWindow.count() : 0;
}
std::int64_t pause_of(const Contact& c) {
  if (c.throttle_pause_ms) return c.throttle_pause_ms;
  return is_robot_format(c.format) ? robot_throttle_pause(c.format).count() : 0;
}

Status list(Invocation& inv, Engine& engine) {
  LUODI_ASSIGN_OR_RETURN(auto contacts, engine.contacts());
  if (inv.has("json")) {
    boost::json::array a;
    for (const auto& c : contacts) {
      boost::json::array at;
      for (const auto& m : c.mentions) at.emplace_back(m);
      a.push_back({{"name", c.name},
                   {"role", to_string(c.role)},
                   {"unit", c.unit},
                   {"channel", c.channel},
                   {"format", c.format},
                   {"secret", secret_shown(c)},
                   {"at", at},
                   {"rate_per_min", rate_of(c)},
                   {"rate_window_ms", window_of(c)},
                   {"throttle_pause_ms", pause_of(c)}});
    }
    print_json(inv.out, a);
    return Status::Ok();
  }
  Table t({"name", "role", "unit", "channel", "format", "secret"});
  for (const auto& c : contacts)
    t.add({c.name, std::string(to_string(c.role)), c.unit, c.channel, c.format, secret_shown(c)});
  t.print(inv.out);
  return Status::Ok();
}

Status remove(Invocation& inv, Engine& engine) {
  if (inv.args.size() != 2) return Status::BadInput("usage: luodi contact remove NAME");
  LUODI_ASSIGN_OR_RETURN(bool removed, engine.remove_contact(inv.args[1]));
  if (!removed) return Status::NotFound("no contact named " + inv.args[1]);
  inv.out << "contact " << inv.args[1] << " removed\n";
  return Status::Ok();
}

Status import(Invocation& inv, Engine& engine) {
  if (inv.args.size() != 2) return Status::BadInput("usage: luodi contact import FILE.yaml");
  LUODI_ASSIGN_OR_RETURN(std::string text, read_input_file(inv.args[1]));
  LUODI_RETURN_IF_ERROR(engine.import_contacts({std::move(text), inv.args[1]}));
  LUODI_ASSIGN_OR_RETURN(auto contacts, engine.contacts());
  inv.out << "directory has " << contacts.size() << " contacts\n";
  return Status::Ok();
}

// A test message through the contact's channel now: the receiver's answer
// printed, Ok only when it accepted the message.
Status test(Invocation& inv, Engine& engine) {
  if (inv.args.size() != 2) return Status::BadInput("usage: luodi contact test NAME");
  LUODI_ASSIGN_OR_RETURN(auto contacts, engine.contacts());
  const auto it = std::find_if(contacts.begin(), contacts.end(),
                               [&](const Contact& c) { return c.name == inv.args[1]; });
  if (it == contacts.end()) return Status::NotFound("no contact named " + inv.args[1]);
  const Contact& c = *it;
  Notification n;
  n.key = "test|" + c.name + "|" + format_local(inv.clock.now());
  n.recipient = c.name;
  n.role = c.role;
  n.rule = "test";
  n.due = inv.clock.today();
  n.message = "【测试消息】落地发给" + c.name + "的提醒将经此通道送达。";
  n.channel = c.channel;
  n.format = c.format;
  n.state = "pending";
  n.created_at = inv.clock.now();
  if (c.channel.empty()) return Status::BadInput("contact " + c.name + " has no channel");
  if (c.channel.rfind("webhook:", 0) != 0) {  // stdout or a file
    LocalDelivery local(inv.out, true);
    LUODI_RETURN_IF_ERROR(local.deliver(n));
    inv.out << "delivered to " << c.channel << "\n";
    return Status::Ok();
  }
  LUODI_ASSIGN_OR_RETURN(auto tls, server::tls_client_context(server::ca_file_from_environment()));
  server::WebhookMessage message;
  message.url = c.channel.substr(std::string("webhook:").size());
  message.robot.title = robot_title(n.message);
  message.robot.texts = {n.message};
  message.plain_body = webhook_body(n);
  message.idempotency_key = n.key;
  std::optional<server::SendOutcome> outcome;
  boost::asio::io_context io;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        outcome = co_await server::send_to(c, message, *tls, std::chrono::seconds(10));
      },
      boost::asio::detached);
  io.run();
  if (!outcome) return Status::Internal("the test message was not sent");
  if (outcome->answer)
    inv.out << "HTTP " << outcome->answer->status << " " << outcome->answer->body << "\n";
  if (!outcome->accepted)
    return Status::Internal("contact " + c.name + ": not accepted: " + outcome->error +
                            (outcome->permanent ? " (retrying will not help)" : ""));
  inv.out << "accepted by " << c.name << "'s receiver\n";
  return Status::Ok();
}

Status run(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  const std::string& verb = inv.args[0];
  if (verb == "add") return add(inv, *engine);
  if (verb == "list") return list(inv, *engine);
  if (verb == "remove") return remove(inv, *engine);
  if (verb == "import") return import(inv, *engine);
  if (verb == "test") return test(inv, *engine);
  return Status::BadInput("unknown contact command '" + verb +
                          "' (add, list, remove, import, test)");
}

}  // namespace

Command contact_command() {
  return {
      "contact",
      "contact add NAME --role unit|supervisor|leader [--unit U] "
      "[--channel stdout|file:PATH|webhook:URL] [--format json|dingtalk|wecom|feishu] [--secret S] "
      "[--at MOBILE]... [--rate N/min] [--window 61s] [--pause 10m] | "
      "contact list [--json] | contact remove NAME | contact import FILE.yaml | contact test NAME",
      "the directory: who gets reminders, through which channel",
      {{"role"},
       {"unit"},
       {"channel"},
       {"format"},
       {"secret"},
       {"at", true, true},
       {"rate"},
       {"window"},
       {"pause"},
       {"json", false}},
      1,
      2,
      run};
}

}  // namespace luodi::cli
