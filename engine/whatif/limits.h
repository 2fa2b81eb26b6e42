// How much a what-if may weigh: a scenario over either limit is refused
// before it is read (HTTP 413, exit 2), so that one request cannot hold the
// server for minutes. The server and `luodi whatif` take the same limits
// (--whatif-max-events, --whatif-max-bytes).
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "luodi/status.h"
#include "luodi/whatif.h"

namespace luodi {

struct WhatIfLimits {
  std::size_t max_events = 2000;     // Default: 2,000 events (writes and campaign moves)
  std::size_t max_bytes = 1u << 20;  // Default: 1 MiB of scenario text
};

// Bad input, worded in English and Chinese from the catalogue, when a
// scenario of `bytes` is over the limit; Ok otherwise.
Status check_scenario_bytes(std::size_t bytes, const WhatIfLimits& limits);
// The same for a scenario's count of events.
Status check_scenario_events(const Scenario& scenario, const WhatIfLimits& limits);

// A catalogue message ("whatif_busy" …) with its {names} filled in, as
// "English (中文)".
std::string whatif_message(const std::string& id, const std::map<std::string, std::string>& values);

}  // namespace luodi
