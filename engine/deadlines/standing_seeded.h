// The standing of a project just written, worked out from what the
// projection keeps (the row before the write, the kept standing) and the
// event, instead of from its whole history: the same walk over the days
// (luodi/standing.h), from a timeline seeded instead of replayed. Taken only
// where the rules allow it; the property test
// Agreement.AWriteReworksTheStandingAsTheWholeWalkDoes proves it equal to
// standing_of over every event.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "luodi/standing.h"

namespace luodi {

struct StandingSeed {
  // The row as loaded for the write: the project at the end of
  // before.last_event_on, with its attributes.
  const ProjectState& before;
  const ProjectState& after;  // … once the event, dated `on`, is applied
  Date on;
  // The kept standing and the day it was worked out (kept->on), if any,
  // under the rules in force today (the caller checks the rule versions).
  std::optional<WalkCheckpoint> kept;
};

// standing_of(rules, every event, day) from the seed, or nullopt where the
// seed does not decide it: paused days the row does not place (a limit in
// working days, or a plan's clock, with days paused), a campaign started in
// the project's life, the kept runs not known on the eve of the event, the
// progress at a year's end before the row's day. The caller then walks the
// whole history. `day` is today, on or after seed.on. Rests on: a stage is
// entered with no blocker open (the row's paused days are the stage's own).
std::optional<TrackedProject> standing_seeded(const Rules& rules, const StandingSeed& seed,
                                              Date day);

// What differs between two answers ("" when none): for the test that checks
// every seeded answer against the whole walk.
std::string standing_difference(const TrackedProject& a, const TrackedProject& b);

// Test-only: how many writes took each path; with `cross_check`, every
// seeded answer is compared with the whole walk's, and the first
// difference kept.
struct SeededWrites {
  std::atomic<long> seeded{0}, whole{0}, differed{0};
  bool cross_check = false;
  std::string first_difference;
};
SeededWrites& seeded_writes();

}  // namespace luodi
