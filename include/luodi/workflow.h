// A workflow: the city's stage graph, time limits, evidence rules and blocker
// categories, loaded from YAML. Immutable once loaded; the lifecycle machine
// consults it as data (Statechart cannot change its layout at run time).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/status.h"

namespace luodi {

struct Label {
  std::string zh;
  std::string en;
};

// How long a project may stay in a stage before the next must be reached.
struct Duration {
  enum class Unit { kDays, kWorkdays };
  int count = 0;
  Unit unit = Unit::kDays;
};

struct EvidenceDef {
  std::string id;  // e.g. "permit"
  Label label;
};

struct StageDef {
  std::string id;
  Label label;
  std::optional<Duration> limit;       // absent: no time limit
  std::vector<EvidenceDef> evidence;   // required to enter this stage
};

struct BlockerCategory {
  std::string id;
  Label label;
};

class Workflow {
 public:
  std::string id;
  int version = 0;
  Label label;
  std::vector<StageDef> stages;                      // in order; the last one is final
  std::vector<std::pair<int, int>> extra_transitions;  // stage indexes, beyond "next"
  Label cancelled_label;
  Label dropped_label;
  std::vector<BlockerCategory> blocker_categories;
  int start_stage = 0;  // the stage from which a project counts as started

  // Index of a stage by id or by either label; nullopt when unknown.
  std::optional<int> find_stage(std::string_view id_or_label) const;
  const BlockerCategory* find_category(std::string_view id_or_label) const;
  // True when the workflow allows moving from stage `from` to stage `to`.
  bool allows(int from, int to) const;
  // The stages reachable from `from` in one move, in stage order.
  std::vector<int> next_stages(int from) const;
  int final_stage() const { return static_cast<int>(stages.size()) - 1; }
};

// Parses and validates a workflow. On failure the status lists every problem,
// one per line, as "file:line:col: message" (bad input).
Result<Workflow> parse_workflow(std::string_view yaml_text, const std::string& file_name);

}  // namespace luodi
