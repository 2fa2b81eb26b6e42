// A scratch database for the fuzz targets that need an engine: the default
// workflow and calendar, a few projects, a supervisor's token.
#pragma once

#include <string>

#include "luodi/engine.h"

namespace luodi::fuzz {

Engine& scratch_engine();
// The bearer token of a supervisor of scratch_engine().
const std::string& supervisor_token();

}  // namespace luodi::fuzz
