// A synthetic city of any size for the benchmarks: key projects spread over
// the stages, signed on dates spread over a year, so that on any day a small
// share has something due.
#pragma once

#include <optional>
#include <string>

#include "luodi/engine.h"

namespace luodi::bench {

// Adds `projects` projects to `engine` in batches of 10,000; `today` is the
// engine clock's date. With `stage`, every project starts there (else at a
// random one of the first four). Without `due_share` they are signed over
// the year before `today` (about 22% have something due the next day); with
// it, that share of them (evenly spread over the codes) has a reminder
// firing the day after `today` (a deadline a week off, due that day, or
// overdue with a repeat that day), the rest are recorded on `today`, their
// first check 4 weeks off or more (staleness after 20 working days).
// Returns the time taken in seconds.
double generate_city(Engine& engine, int projects, Date today, const char* stage = nullptr,
                     std::optional<double> due_share = std::nullopt);

// A city with history, for backtesting forecasts: `projects` key projects
// signed over 2025-01-01 … 2026-06-30, each moving through the stages as
// real ones do up to `today` (the engine clock's date) — stage times drawn
// around typical ones (a long tail: some take twice as long), a quarter held
// up by a land quota for weeks or months, a few dropped. Deterministic for a
// `seed`. Returns the time taken in seconds.
double generate_city_with_history(Engine& engine, int projects, Date today,
                                  unsigned seed = 20261201);

}  // namespace luodi::bench
