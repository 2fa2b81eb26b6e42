#include <cstdlib>

#include "cli/command.h"
#include "importer/field_values.h"

namespace luodi::cli {

std::optional<std::string> Invocation::get(const std::string& flag) const {
  auto it = options.find(flag);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Invocation::all(const std::string& flag) const {
  std::vector<std::string> out;
  auto [b, e] = options.equal_range(flag);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

Result<std::optional<Date>> Invocation::date(const std::string& flag) const {
  auto v = get(flag);
  if (!v) return std::optional<Date>();
  auto d = field::date(*v);
  if (!d) return Status::BadInput("--" + flag + " '" + *v + "' is not " + kDateForm);
  return std::optional<Date>(d);
}

std::string Invocation::actor() const {
  if (auto by = get("by")) return *by;
  for (const char* var : {"LUODI_USER", "USER"})
    if (const char* v = std::getenv(var); v && *v) return v;
  return "cli";
}

Result<std::map<std::string, std::string>> Invocation::evidence() const {
  std::map<std::string, std::string> out;
  for (const auto& kv : all("evidence")) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return Status::BadInput("--evidence '" + kv + "' must be KEY=VALUE");
    out[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return out;
}

Result<Recorded> Invocation::recorded(const std::string& note_flag) const {
  Recorded r;
  LUODI_ASSIGN_OR_RETURN(r.on, date("on"));
  r.by = actor();
  r.note = get(note_flag).value_or("");
  return r;
}

Result<std::unique_ptr<Engine>> Invocation::open_engine() const {
  return Engine::open(db_path, clock);
}

}  // namespace luodi::cli
