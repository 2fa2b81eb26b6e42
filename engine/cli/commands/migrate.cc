// `luodi migrate --from SRC --to DST [--city ID]`: a city moved between
// databases (SQLite file ⇄ PostgreSQL), its whole history, verified there.
#include <filesystem>

#include "catalogue/catalogue.h"
#include "cli/command.h"
#include "cli/output.h"
#include "store/store.h"

namespace luodi::cli {

namespace {

// A file's city read this year's targets from the shared
// workflows/targets/YEAR.yaml, which is the default city's alone: as tenant
// `city` it has none unless it loaded its own. Said once, with the command.
Status hint_targets_left_behind(Invocation& inv, const std::string& to, const std::string& city) {
  const int year = inv.clock.today().year();
  const std::string shared = workflows_dir() + "/targets";
  if (!std::filesystem::exists(shared + "/" + std::to_string(year) + ".yaml") ||
      !targets_dir_of_city(shared, city).empty())
    return Status::Ok();
  LUODI_ASSIGN_OR_RETURN(auto engine, Engine::open(to, inv.clock, city));
  LUODI_ASSIGN_OR_RETURN(auto own, engine->targets(year));
  if (!own)
    inv.err << catalogue::text("hint_targets_left_behind", inv.lang,
                               {arg("city", city), arg("year", std::to_string(year)),
                                arg("file", "workflows/targets/" + std::to_string(year) + ".yaml"),
                                arg("command", "luodi --city " + city + " targets load")})
            << "\n";
  return Status::Ok();
}

Status run(Invocation& inv) {
  auto from = inv.get("from");
  auto to = inv.get("to");
  if (!from || !to) return Status::BadInput("usage: luodi migrate --from SRC --to DST [--city ID]");
  const std::string& city = inv.city;  // --city, a global option
  LUODI_ASSIGN_OR_RETURN(auto report, migrate_city(*from, *to, city, inv.clock));
  inv.out << "copied city " << (city.empty() ? std::string(kDefaultCity) : city) << " to " << *to
          << ":";
  const char* sep = " ";
  for (const auto& [table, n] : report.rows) {
    inv.out << sep << table << " " << n;
    sep = ", ";
  }
  inv.out << "\n";
  if (!report.verify.differences.empty()) {
    for (const auto& d : report.verify.differences) inv.out << d << "\n";
    return Status::Internal("the copy does not verify (" +
                            std::to_string(report.verify.differences.size()) +
                            " difference(s)); it is left at " + *to + " for inspection");
  }
  inv.out << "verify: ok: " << report.verify.projects << " projects, " << report.verify.events
          << " events; the projection equals the replay\n";
  if (report.name.empty()) {  // the city as it is now called at DST
    const bool tenant = is_postgres_location(*to) && !city.empty();
    hint_unnamed_cities(inv.err, {{tenant ? city : std::string(kDefaultCity), ""}}, inv.lang);
  }
  if (!is_postgres_location(*from) && is_postgres_location(*to) && !city.empty() &&
      city != kDefaultCity)
    LUODI_RETURN_IF_ERROR(hint_targets_left_behind(inv, *to, city));
  return Status::Ok();
}

}  // namespace

Command migrate_command() {
  return {"migrate",
          "migrate --from SRC --to DST [--city ID]",
          "copy a city's whole history (events, outbox, users, directory, campaigns) to a new "
          "database, "
          "SQLite or PostgreSQL, and verify it there",
          {{"from"}, {"to"}},
          0,
          0,
          run,
          "SRC and DST are SQLite files or postgresql:// URIs; DST must not hold the city yet. "
          "A SQLite file holds the default city: --city ID names the city on the PostgreSQL side "
          "(a city file joins a province database as city ID, or city ID leaves it as a file), "
          "and on both sides between two PostgreSQL databases. Nothing is left at DST when the "
          "copy fails."};
}

}  // namespace luodi::cli
