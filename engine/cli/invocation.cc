#include <charconv>
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
    if (eq == std::string::npos || eq == 0)
      return Status::BadInput("--evidence '" + kv + "' must be KEY=VALUE");
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

Result<PageRequest> Invocation::page() const {
  PageRequest p;
  if (auto limit = get("limit")) {
    LUODI_ASSIGN_OR_RETURN(p.limit, limit_of(*limit));
  }
  p.cursor = get("cursor");
  LUODI_RETURN_IF_ERROR(check_page(p));
  return p;
}

void Invocation::print_next(const std::optional<std::string>& next) {
  if (next) err << "next: " << *next << "\n";
}

std::vector<Flag> with_page_flags(std::vector<Flag> flags) {
  for (Flag f : {Flag{"limit"}, Flag{"cursor"}, Flag{"jsonl", false}})
    flags.push_back(std::move(f));
  return flags;
}

Result<std::unique_ptr<Engine>> Invocation::open_engine() const {
  LUODI_ASSIGN_OR_RETURN(auto engine, Engine::open(db_path, clock, city));
  // A command reads the first 32 MiB of the database (all of a city's)
  // through a memory map, without a copy of each page, and keeps 32 MiB of
  // copies of the rest: what it maps counts as its memory, which stays
  // bounded. `luodi serve` opens its own engines, with page caches only.
  LUODI_RETURN_IF_ERROR(engine->map_for_reading(std::size_t{32} << 20));
  LUODI_RETURN_IF_ERROR(engine->limit_page_cache(32 << 10));
  return engine;
}

}  // namespace luodi::cli
