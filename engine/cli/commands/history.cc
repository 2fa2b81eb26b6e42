#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "model/attribute_json.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

// The text face of the read `history` (--json prints its answer).
Status print(Invocation& inv, Engine& engine, const commands::ReadArgs& args) {
  LUODI_ASSIGN_OR_RETURN(auto events, engine.history(args.positional));
  Table t({"on", "kind", "from", "to", "by", "note", "recorded_at"});
  for (const auto& e : events) {
    std::string note = e.note;
    if (e.blocker && e.kind == EventKind::kBlocked)
      note = "#" + std::to_string(e.blocker->id) + " " + e.blocker->category + ": " +
             e.blocker->reason + (note.empty() ? "" : "; " + note);
    if (e.blocker && e.kind == EventKind::kUnblocked)
      note = "#" + std::to_string(e.blocker->id) + (note.empty() ? "" : ": " + note);
    for (const auto& [k, v] : e.evidence) note += (note.empty() ? "" : "; ") + k + "=" + v;
    if (e.changes)
      for (const auto& [field, change] : changes_json(*e.changes))
        note += (note.empty() ? "" : "; ") + std::string(field) + ": " +
                to_json_text(change.at("from"), false) + " → " +
                to_json_text(change.at("to"), false);
    t.add({e.on.str(), std::string(to_string(e.kind)), e.from, e.to, e.actor, note,
           format_local(e.recorded_at)});
  }
  t.print(inv.out);
  return Status::Ok();
}

}  // namespace

Command history_command() { return read_verb("history", print); }

}  // namespace luodi::cli
