#include <charconv>

#include "cli/command.h"

namespace luodi::cli {

namespace {

// Parses a positive id given to --FLAG.
Result<std::int64_t> id_flag(const Invocation& inv, const char* flag) {
  const std::string text = inv.get(flag).value_or("");
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || id <= 0)
    return Status::BadInput("--" + std::string(flag) + " ID is required (a number)");
  return id;
}

Status done(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(std::int64_t id, id_flag(inv, "done"));
  LUODI_ASSIGN_OR_RETURN(Recorded r, inv.recorded());
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_RETURN_IF_ERROR(engine->instruction_done(inv.args[0], id, r));
  inv.out << inv.args[0] << ": instruction " << id << " done\n";
  return Status::Ok();
}

Status run(Invocation& inv) {
  if (inv.has("done")) return done(inv);
  InstructRequest r;
  LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), inv.recorded());
  LUODI_ASSIGN_OR_RETURN(r.blocker, id_flag(inv, "blocker"));
  r.text = inv.get("text").value_or("");
  if (r.text.empty()) return Status::BadInput("--text TEXT is required");
  r.assignee = inv.get("assignee").value_or("");
  LUODI_ASSIGN_OR_RETURN(r.due, inv.date("due"));
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(auto id, engine->instruct(inv.args[0], r));
  inv.out << id << "\n";
  return Status::Ok();
}

}  // namespace

Command instruct_command() {
  return {"instruct",
          "instruct CODE --blocker ID --text TEXT [--assignee WHO] [--due DATE] [--on DATE] [--by WHO]"
          " | instruct CODE --done ID [--note TEXT] [--on DATE] [--by WHO]",
          "a leader's instruction (批示) on an open blocker (prints its id); --done closes one on "
          "its assignee's report",
          {{"blocker"}, {"text"}, {"assignee"}, {"due"}, {"on"}, {"by"}, {"done"}, {"note"}},
          1, 1, run};
}

}  // namespace luodi::cli
