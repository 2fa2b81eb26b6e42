#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "luodi/report.h"
#include "notify/local_delivery.h"
#include "notify/notification_json.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  const bool json = inv.has("json"), dry_run = inv.has("dry-run");
  if (inv.has("keep-only")) {
    if (dry_run) return Status::BadInput("--keep-only and --dry-run do not go together");
    LUODI_ASSIGN_OR_RETURN(auto kept, engine->keep_standings());
    if (json) {
      print_json(inv.out, boost::json::object{{"kept", kept.kept}});
    } else {
      inv.out << "kept today's standing of " << kept.kept << " projects; nothing sent\n";
    }
    return Status::Ok();
  }
  // In JSON mode the array is the output: stdout-channel messages are in it.
  Engine& e = *engine;
  LocalDelivery delivery(inv.out, /*print_stdout=*/!json, [&e](Date as_of) -> Result<std::string> {
    LUODI_ASSIGN_OR_RETURN(Report r,
                           report_of(e, as_of, "", workflows_dir() + "/targets", Lang::kZh));
    return rendered(r, "html");
  });
  if (json) {  // the array is written row by row as the tick hands them out
    TickReport report;
    using Row = const Notification*;
    LUODI_RETURN_IF_ERROR(
        inv.stream_rows<Row>(
               [&](const auto& visit) -> Result<std::optional<std::string>> {
                 LUODI_ASSIGN_OR_RETURN(
                     report, engine->tick(&delivery, dry_run, {},
                                          [&](const Notification& n) { return visit(&n); }));
                 return std::optional<std::string>();
               },
               [](const Row& n) { return notification_json(*n); })
            .status());
    for (const auto& w : report.warnings) inv.err << "luodi tick: warning: " << w << "\n";
    return Status::Ok();
  }
  LUODI_ASSIGN_OR_RETURN(auto report, engine->tick(&delivery, dry_run));
  for (const auto& w : report.warnings) inv.err << "luodi tick: warning: " << w << "\n";
  inv.out << (dry_run ? "would emit " : "emitted ") << report.emitted_count << " notifications; "
          << report.projects_checked << " projects checked, " << report.light_changes
          << " light changes" << (dry_run ? " (--dry-run: nothing written)" : "") << "\n";
  return Status::Ok();
}

}  // namespace

Command tick_command() {
  return {"tick",
          "tick [--dry-run] [--keep-only] [--json]",
          "work out and send what is due up to now: lights, reminders, escalations (each once); "
          "--keep-only keeps today's standings and sends nothing (what the server does before its "
          "send time)",
          {{"dry-run", false}, {"keep-only", false}, {"json", false}},
          0,
          0,
          run};
}

}  // namespace luodi::cli
