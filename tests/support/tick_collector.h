// A tick whose notifications are kept, for tests that look at them: the
// engine hands them out one at a time (it holds none), this collects them.
#pragma once

#include <vector>

#include "luodi/engine.h"

namespace luodi::testing {

struct CollectedTick : TickReport {
  std::vector<Notification> emitted;  // as the sink got them, in order
};

inline Result<CollectedTick> collect_tick(Engine& engine, Delivery* delivery, bool dry_run,
                                          const TickLimits& limits = {}) {
  CollectedTick out;
  LUODI_ASSIGN_OR_RETURN(TickReport report,
                         engine.tick(delivery, dry_run, limits, [&](const Notification& n) {
                           out.emitted.push_back(n);
                           return Status::Ok();
                         }));
  static_cast<TickReport&>(out) = std::move(report);
  return out;
}

}  // namespace luodi::testing
