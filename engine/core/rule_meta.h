// Where a city keeps its rule changes (luodi/rule_versions.h): two settings
// of its store, the changes and a revision that grows with each, which a
// running server reads before each request to learn of a change cheaply.
#pragma once

#include <string>

#include "store/store.h"

namespace luodi {

inline constexpr const char* kRuleChanges = "rules.changes";
inline constexpr const char* kRulesRevision = "rules.revision";
// The stage ids (stage_layout) the projection's stage numbers refer to.
inline constexpr const char* kProjectionStages = "projection.stages";
// … and the first day of the rules whose stages they are.
inline constexpr const char* kProjectionStagesFrom = "projection.stages_from";
// Written first by a renumbering: of two at once, the second waits.
inline constexpr const char* kProjectionLock = "projection.renumbered_at";

// The revision of the city's rule changes ("0": none yet).
inline Result<std::string> rules_revision(Store& store) {
  LUODI_ASSIGN_OR_RETURN(auto v, store.meta(kRulesRevision));
  return v.value_or("0");
}

}  // namespace luodi
