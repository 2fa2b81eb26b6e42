// A synthetic city of any size for the benchmarks: key projects spread over
// the stages, signed on dates spread over a year, so that on any day a small
// share has something due.
#pragma once

#include <string>

#include "luodi/engine.h"

namespace luodi::bench {

// Adds `projects` projects to `engine` in batches of 10,000; `today` is the
// engine clock's date. With `stage`, every project starts there (else at a
// random one of the first four). Returns the time taken in seconds.
double generate_city(Engine& engine, int projects, Date today, const char* stage = nullptr);

}  // namespace luodi::bench
