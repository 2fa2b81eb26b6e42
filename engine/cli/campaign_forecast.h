// luodi campaign forecast ID [--as-of D] [--rule R] [--backtest] [--json]:
// where a campaign is heading, and how well its forecasts did.
#pragma once

#include "cli/command.h"

namespace luodi::cli {

// The forecast as of --as-of (default today) under --rule (default the
// default rule); with --backtest, the forecasts made on --as-of set against
// what happened by the end: a 2×2 table and the hit rate, and every rule's.
Status campaign_forecast(Invocation& inv, Engine& engine);

}  // namespace luodi::cli
