// Field-by-field comparison of two project states, in words, for `verify`.
#pragma once

#include <string>
#include <vector>

#include "luodi/project.h"
#include "luodi/workflow.h"

namespace luodi {

// One line per differing field: "<field>: projection <a>, replay <b>".
std::vector<std::string> describe_differences(const Workflow& workflow,
                                              const ProjectState& projection,
                                              const ProjectState& replayed);

}  // namespace luodi
