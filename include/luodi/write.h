// The writes the engine takes: one request type per command, each naming its
// project, and what every write returns (the project's new state and
// standing). Engine::execute() runs any of them as one transaction; the CLI
// and the HTTP API build them from one table of commands (engine/commands/).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "luodi/date.h"
#include "luodi/project.h"
#include "luodi/standing.h"

namespace luodi {

// Which project, who did something, when it took effect, and why.
// Default `on`: today.
struct Recorded {
  std::string code;
  std::optional<Date> on;
  std::string by;
  std::string note;
};

// A new project; `on` is the day it entered its stage.
struct NewProject : Recorded {
  ProjectAttributes attributes;
  std::optional<std::string> stage;  // id or label; default: the first stage
  bool key = true;                   // false: a pipeline project (在谈项目)
  // What entering its stage (and the stages no move skips on the way) needs,
  // e.g. {permit: …} for a project recorded at construction.
  std::map<std::string, std::string> evidence;
};

struct AdvanceRequest : Recorded {
  std::string to;  // stage id or label
  std::map<std::string, std::string> evidence;
};

struct BlockRequest : Recorded {
  std::string category;  // blocker category id or label
  std::string reason;
  std::string owner;
};

struct UnblockRequest : Recorded {
  std::optional<std::int64_t> blocker;  // default: every open blocker
};

// The moves that need only "when, who, why"; `note` is the reason (required
// to cancel and to drop).
struct CancelRequest : Recorded {};
struct DropRequest : Recorded {};
struct ReinstateRequest : Recorded {};
struct PromoteRequest : Recorded {};

// A supervisor's deadline for reaching a stage; it overrides the stage's time
// limit. `clear`: take the plan away (then no due and no stage).
struct PlanRequest : Recorded {
  std::optional<Date> due;
  std::optional<std::string> stage;  // default: the next stage
  bool clear = false;
};

// A leader's instruction (批示) on an open blocker; the text is the note.
struct InstructRequest : Recorded {
  std::int64_t blocker = 0;
  std::string text;
  std::string assignee;
  std::optional<Date> due;
};

// An instruction closed on its assignee's report (the note says what was done).
struct InstructionDoneRequest : Recorded {
  std::int64_t instruction = 0;
};

// A dated change of attributes (luodi update): `values` holds the new value
// of each field named in `fields` (names of attribute_fields()).
struct UpdateRequest : Recorded {
  std::vector<std::string> fields;
  ProjectAttributes values;
  bool correction = false;  // lowers a cumulative figure (fixed_asset_wan) on purpose
};

// Cumulative investment progress of a project on `on` (default: today).
struct InvestRequest : Recorded {
  double fixed_asset_wan = 0;
  std::optional<double> foreign_arrived_usd_wan;
  // A figure lower than the one before is refused unless this corrects it.
  bool correction = false;
};

using WriteRequest =
    std::variant<NewProject, AdvanceRequest, BlockRequest, UnblockRequest, CancelRequest,
                 DropRequest, ReinstateRequest, PromoteRequest, PlanRequest, InstructRequest,
                 InstructionDoneRequest, UpdateRequest, InvestRequest>;

// The project a request names.
inline const std::string& code_of(const WriteRequest& request) {
  return std::visit([](const Recorded& r) -> const std::string& { return r.code; }, request);
}

// What a write leaves behind: the project as it stands today after it, and
// what the write made.
struct Written {
  TrackedProject project;
  std::optional<std::int64_t> id;      // the blocker (block) or instruction (instruct) made
  std::vector<std::int64_t> resolved;  // the blockers resolved (unblock)
  AttributeChanges changes;            // the fields changed (update); none: nothing was written
};

}  // namespace luodi
