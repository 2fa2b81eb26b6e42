// Where a city keeps its rule changes (luodi/rule_versions.h): two settings
// of its store, the changes and a revision that grows with each, which a
// running server reads before each request to learn of a change cheaply.
#pragma once

#include <string>

#include "luodi/rule_versions.h"
#include "store/store.h"

namespace luodi {

// The city's rules as created.
inline constexpr const char* kWorkflowText = "workflow.text";
inline constexpr const char* kWorkflowName = "workflow.source";
inline constexpr const char* kCalendarText = "calendar.text";
inline constexpr const char* kCalendarName = "calendar.source";
inline constexpr const char* kRuleChanges = "rules.changes";
inline constexpr const char* kRulesRevision = "rules.revision";
// The stage ids (stage_layout) the projection's stage numbers refer to.
inline constexpr const char* kProjectionStages = "projection.stages";
// … and the first day of the rules whose stages they are.
inline constexpr const char* kProjectionStagesFrom = "projection.stages_from";
// Written first by a renumbering: of two at once, the second waits.
inline constexpr const char* kProjectionLock = "projection.renumbered_at";

// The built rules (RuleVersions::encode), marked with what they were built from.
inline constexpr const char* kRulesKept = "rules.kept";

// The revision of the city's rule changes ("0": none yet).
inline Result<std::string> rules_revision(Store& store) {
  LUODI_ASSIGN_OR_RETURN(auto v, store.meta(kRulesRevision));
  return v.value_or("0");
}

// The city's rules with its campaigns, and the revision they are at: decoded
// from the kept form when it was built from the texts the city holds now,
// else parsed from them (and then kept, when the store is writable).
struct CityRules {
  RuleVersions rules;
  std::string revision;
};
Result<CityRules> read_city_rules(Store& store, const std::string& db_path);
// Parses the city's rules as the store holds them now and keeps them: in the
// transaction of each change of a workflow, calendar or campaign.
Status keep_city_rules(Store& store, const std::string& db_path);

}  // namespace luodi
