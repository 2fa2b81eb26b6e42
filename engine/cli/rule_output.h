// What `calendar load`, `workflow apply` and their `changes` print: the same
// table and JSON for both kinds of rule change.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"

namespace luodi::cli {

// A load or revision (dry or not): with --json, a dry run's moved projects
// as an array, a real one's {on, years, dry_run, moved, projects}; else a
// table of them and a line naming `what` and how many moved.
Status print_rule_load(Invocation& inv, const RuleLoad& load, const std::string& what);
// The changes loaded so far (--json: an array).
Status print_rule_changes(Invocation& inv, const std::vector<RuleChange>& changes);

}  // namespace luodi::cli
