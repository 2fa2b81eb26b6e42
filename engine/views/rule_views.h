// The JSON of the city's rule changes, shared by the CLI and the API.
#pragma once

#include <boost/json/value.hpp>

#include "luodi/rule_versions.h"

namespace luodi::views {

// A dry run: the projects whose due date or light would change, each
// {code, due_before, due_after, light_before, light_after}.
boost::json::value rule_moves_json(const RuleLoad& load);
// A load: {on, years, moved, projects: rule_moves_json}.
boost::json::value rule_load_json(const RuleLoad& load);
// The changes loaded so far: {kind, on, name, loaded_at, years, moved} each.
boost::json::value rule_changes_json(const std::vector<RuleChange>& changes);

}  // namespace luodi::views
