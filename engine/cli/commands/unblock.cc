#include <charconv>

#include "cli/command.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  UnblockRequest r;
  LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), inv.recorded());
  if (auto id = inv.get("blocker")) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(id->data(), id->data() + id->size(), v);
    if (ec != std::errc() || p != id->data() + id->size() || v <= 0)
      return Status::BadInput("--blocker '" + *id + "' is not a blocker id");
    r.blocker = v;
  }
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(auto ids, engine->unblock(inv.args[0], r));
  for (auto id : ids) inv.out << "resolved blocker " << id << "\n";
  return Status::Ok();
}

}  // namespace

Command unblock_command() {
  return {"unblock", "unblock CODE [--blocker ID] [--on DATE] [--note TEXT] [--by WHO]",
          "resolve a blocker (all open blockers when no id)",
          {{"blocker"}, {"on"}, {"note"}, {"by"}},
          1, 1, run};
}

}  // namespace luodi::cli
