#include <charconv>

#include "cli/command.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  InstructRequest r;
  LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), inv.recorded());
  auto blocker = inv.get("blocker").value_or("");
  auto [p, ec] = std::from_chars(blocker.data(), blocker.data() + blocker.size(), r.blocker);
  if (blocker.empty() || ec != std::errc() || p != blocker.data() + blocker.size())
    return Status::BadInput("--blocker ID is required");
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
          "instruct CODE --blocker ID --text TEXT [--assignee WHO] [--due DATE] [--on DATE] [--by WHO]",
          "a leader's instruction (批示) on an open blocker (prints its id)",
          {{"blocker"}, {"text"}, {"assignee"}, {"due"}, {"on"}, {"by"}},
          1, 1, run};
}

}  // namespace luodi::cli
