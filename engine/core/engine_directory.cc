// The directory of contacts: entries added and removed one at a time, or
// loaded whole from a YAML file.
#include <set>

#include "common/yaml_reader.h"
#include "luodi/engine.h"
#include "notify/robots.h"
#include "store/store.h"

namespace luodi {

Status Engine::add_contact(const Contact& c) {
  if (c.name.empty()) return Status::BadInput("a contact needs a name");
  if (c.role == Role::kUnit && c.unit.empty())
    return Status::BadInput("a unit contact needs --unit (the unit it speaks for)");
  if (!c.channel.empty() && c.channel != "stdout" && c.channel.rfind("file:", 0) != 0 &&
      c.channel.rfind("webhook:", 0) != 0)
    return Status::BadInput("unknown channel '" + c.channel +
                            "' (stdout, file:PATH or webhook:http[s]://HOST[:PORT]/PATH)");
  if (c.channel.rfind("file:", 0) == 0 && c.channel.size() == 5)
    return Status::BadInput("channel file: needs a path");
  if (c.channel.rfind("webhook:", 0) == 0 && !parse_webhook_url(c.channel.substr(8)))
    return Status::BadInput("webhook '" + c.channel.substr(8) +
                            "' is not http[s]://HOST[:PORT]/PATH");
  if (const std::string problem = robot_settings_problem(c); !problem.empty())
    return Status::BadInput("contact " + c.name + ": " + problem);
  return in_transaction([&] { return store_->directory().put_contact(c); });
}

Result<bool> Engine::remove_contact(const std::string& name) {
  bool removed = false;
  LUODI_RETURN_IF_ERROR(in_transaction([&]() -> Status {
    LUODI_ASSIGN_OR_RETURN(removed, store_->directory().remove_contact(name));
    return Status::Ok();
  }));
  return removed;
}

Result<std::vector<Contact>> Engine::contacts() { return store_->directory().contacts(); }

Status Engine::import_contacts(const Source& yaml) {
  yaml::Reader r(yaml.name);
  auto root = r.parse(yaml.text);
  if (!root) return r.status();
  std::vector<std::pair<YAML::Node, Contact>> entries;
  if (r.check_map(*root, {"contacts"}, "directory") && r.require(*root, "contacts", "directory")) {
    const auto& list = (*root)["contacts"];
    if (!list.IsSequence()) r.error(list, "contacts must be a list");
    for (size_t i = 0; list.IsSequence() && i < list.size(); ++i) {
      const auto& n = list[i];
      if (!r.check_map(n,
                       {"name", "role", "unit", "channel", "format", "secret", "at", "rate",
                        "window", "pause"},
                       "contact"))
        continue;
      if (!r.require(n, "name", "contact") || !r.require(n, "role", "contact")) continue;
      Contact c;
      c.name = r.string(n["name"], "contact name").value_or("");
      auto role = r.string(n["role"], "contact role");
      if (role && (!parse_role(*role) || *parse_role(*role) == Role::kProvince))
        r.error(n["role"], "role must be unit, supervisor or leader");
      c.role = role ? parse_role(*role).value_or(Role::kUnit) : Role::kUnit;
      if (n["unit"]) c.unit = r.string(n["unit"], "contact unit").value_or("");
      if (n["channel"]) c.channel = r.string(n["channel"], "contact channel").value_or("");
      if (n["format"]) c.format = r.string(n["format"], "contact format").value_or("json");
      if (n["secret"]) c.secret = r.string(n["secret"], "contact secret").value_or("");
      if (const auto& at = n["at"]; at) {
        if (!at.IsSequence()) r.error(at, "at must be a list of mobile numbers");
        for (std::size_t j = 0; at.IsSequence() && j < at.size(); ++j)
          if (auto mobile = r.string(at[j], "mobile")) c.mentions.push_back(*mobile);
      }
      if (const auto& rate = n["rate"]; rate) {
        auto text = r.string(rate, "contact rate");
        auto per_min = text ? parse_robot_rate(*text) : std::nullopt;
        if (text && !per_min) r.error(rate, "rate must be N/min, 1 to 600");
        c.rate_per_min = per_min.value_or(0);
      }
      if (const auto& window = n["window"]; window) {
        auto text = r.string(window, "contact window");
        auto ms = text ? parse_robot_duration(*text) : std::nullopt;
        if (text && !ms) r.error(window, "window must be a duration from 1s to 24h, e.g. 61s");
        c.rate_window_ms = ms ? static_cast<int>(ms->count()) : 0;
      }
      if (const auto& pause = n["pause"]; pause) {
        auto text = r.string(pause, "contact pause");
        auto ms = text ? parse_robot_duration(*text) : std::nullopt;
        if (text && !ms) r.error(pause, "pause must be a duration from 1s to 24h, e.g. 10m");
        c.throttle_pause_ms = ms ? static_cast<int>(ms->count()) : 0;
      }
      entries.emplace_back(n, c);
    }
  }
  if (!r.ok()) return r.status();
  return in_transaction([&]() -> Status {
    for (const auto& [node, c] : entries) {
      Status s = add_contact(c);
      if (!s.ok()) r.error(node, s.message());
    }
    return r.status();
  });
}

}  // namespace luodi
