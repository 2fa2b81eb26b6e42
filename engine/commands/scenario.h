// A what-if's writes decoded by the table of commands, as real writes are:
// what Engine::what_if weighs (the CLI's whatif and POST /api/whatif both
// decode here).
#pragma once

#include "luodi/whatif.h"

namespace luodi::commands {

// Each write of `scenario` decoded by the command its kind names. BadInput
// naming the event ("events[2]: …") for an unknown kind, `add` (a scenario
// moves recorded projects) or a field its command cannot read.
Result<DecodedScenario> decode_scenario(const Scenario& scenario);

}  // namespace luodi::commands
