// The Engine's work over the store's own rows: kept standings and the
// projects due for a look. Private to core/: engine.h names none of these
// types.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

struct Engine::Internals {
  // Keeps `t`, the standing of `code` today, in the projection (the copy
  // verify() checks), to be looked at by the tick on `next_check`.
  // `before`: what the projection kept until now, if it was read.
  static Status keep_standing(Engine& e, const std::string& code, const TrackedProject& t,
                              std::optional<Date> next_check, const Schedule* before = nullptr);
  // What the projection keeps of `t`, worked out today, with `next_check`.
  static Schedule schedule_of(const Engine& e, const TrackedProject& t,
                              std::optional<Date> next_check);
  // Where the walk over a project's days may resume for `day`: the standing
  // kept on an earlier day, under the rules in force on `day`.
  static std::optional<WalkCheckpoint> checkpoint_of(const Engine& e, const Schedule& kept,
                                                     Date day);
  // Each project whose kept standing does not hold on `day` (today), with its
  // standing worked out again (null when it did not exist on the day), the
  // walk resumed where its kept standing left it.
  static Status each_unkept(
      Engine& e, Date day,
      const std::function<void(const UnkeptRow&, const TrackedProject*)>& visit);
  // Works out what is due for one project of the tick: its standing, the
  // reminders not sent yet, its next check.
  static Status check_project(Engine& e, const DueProject& due,
                              const std::vector<Contact>& directory, TickReport& report,
                              std::vector<Notification>& created);
};

}  // namespace luodi
