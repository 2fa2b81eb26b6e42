// The CLI's write verbs, built from the one table of commands
// (commands/write_commands.h): flags, usage and help come from the table's
// fields; a run turns the positional CODE and the flags into the command's
// fields, lets the table decode them, executes the request and prints the
// state the engine returns (--json: the API's answer, the same object).
#include <algorithm>
#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "commands/write_commands.h"
#include "lifecycle/lifecycle.h"

namespace luodi::cli {

namespace json = boost::json;
using commands::FieldType;
using commands::WriteCommand;

namespace {

// CLI-only flags: who acts, and the answer as JSON.
const Flag kBy{"by"};
const Flag kJson{"json", false};

std::string usage_of(const WriteCommand& c) {
  std::string u = c.cli_verb + " CODE";
  for (const auto& f : c.fields) {
    if (f.name == "code") continue;
    std::string flag = "--" + c.flag_of(f);
    if (f.type != FieldType::kSwitch) flag += " " + f.meta;
    u += " " + (f.required ? flag : "[" + flag + "]" + (f.type == FieldType::kMap ? "..." : ""));
  }
  return u + " [--by WHO] [--json]";
}

// The command a run means: the one whose selector flag is given, else the one
// without a selector.
const WriteCommand& chosen(const std::vector<const WriteCommand*>& shared, const Invocation& inv) {
  for (const auto* c : shared)
    if (!c->cli_selector.empty() && inv.has(c->cli_selector)) return *c;
  for (const auto* c : shared)
    if (c->cli_selector.empty()) return *c;
  return *shared.front();
}

// CODE and the flags as the command's fields (the JSON an API call would send).
Result<json::object> fields_of(const WriteCommand& c, const Invocation& inv) {
  json::object o;
  o["code"] = inv.args[0];
  for (const auto& [flag, value] : inv.options) {
    if (flag == kBy.name || flag == kJson.name) continue;
    const commands::Field* field = nullptr;
    for (const auto& f : c.fields)
      if (f.name != "code" && c.flag_of(f) == flag) field = &f;
    if (!field)
      return Status::BadInput("--" + flag + " does not go with " + c.cli_verb +
                              (c.cli_selector.empty() ? "" : " --" + c.cli_selector) +
                              " (see 'luodi help " + c.cli_verb + "')");
    if (field->type == FieldType::kSwitch) {
      o[field->name] = true;
    } else if (field->type == FieldType::kMap) {
      const auto eq = value.find('=');
      if (eq == std::string::npos || eq == 0)
        return Status::BadInput("--" + flag + " '" + value + "' must be KEY=VALUE");
      auto& map = o[field->name];
      if (!map.is_object()) map = json::object{};
      map.as_object()[value.substr(0, eq)] = value.substr(eq + 1);
    } else {
      o[field->name] = value;
    }
  }
  return o;
}

Status run(const std::vector<const WriteCommand*>& shared, Invocation& inv) {
  const WriteCommand& c = chosen(shared, inv);
  LUODI_ASSIGN_OR_RETURN(json::object fields, fields_of(c, inv));
  LUODI_ASSIGN_OR_RETURN(WriteRequest request,
                         commands::decode(c, commands::Params(std::move(fields)), inv.actor()));
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(Written written, engine->execute(request));
  if (inv.has(kJson.name)) {
    print_json(inv.out, commands::written_json(engine->workflow(), request, written, inv.lang));
  } else {
    c.print(inv.out, engine->workflow(), request, written);
  }
  return Status::Ok();
}

}  // namespace

std::vector<Command> write_verbs() {
  std::vector<std::string> verbs;
  for (const auto& c : commands::write_commands())
    if (std::find(verbs.begin(), verbs.end(), c.cli_verb) == verbs.end())
      verbs.push_back(c.cli_verb);
  std::vector<Command> out;
  for (const auto& verb : verbs) {
    std::vector<const WriteCommand*> shared;
    for (const auto& c : commands::write_commands())
      if (c.cli_verb == verb) shared.push_back(&c);
    Command cmd{verb, "", "", {kBy, kJson}, 1, 1, nullptr, ""};
    for (const auto* c : shared) {
      cmd.usage += (cmd.usage.empty() ? "" : " | ") + usage_of(*c);
      cmd.summary += (cmd.summary.empty() ? "" : "; --" + c->cli_selector + ": ") + c->summary;
      cmd.detail +=
          "  over HTTP: " + c->method + " " + c->route + " with the same fields as JSON\n";
      // The states the lifecycle chart takes the move in (lifecycle.h).
      if (auto move = parse_move(c->name))
        cmd.detail += "  " + (c->cli_selector.empty() ? "" : "--" + c->cli_selector + " ") +
                      "allowed while " + statuses_taking(*move) + "\n";
      for (const auto& f : c->fields) {
        if (f.name == "code") continue;
        const std::string flag = c->flag_of(f);
        if (std::none_of(cmd.flags.begin(), cmd.flags.end(),
                         [&](const Flag& g) { return g.name == flag; }))
          cmd.flags.push_back({flag, f.type != FieldType::kSwitch, f.type == FieldType::kMap});
      }
    }
    cmd.run = [shared](Invocation& inv) { return run(shared, inv); };
    out.push_back(std::move(cmd));
  }
  return out;
}

}  // namespace luodi::cli
