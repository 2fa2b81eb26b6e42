// The lifecycle of one project, as a Boost.Statechart machine (chart in
// lifecycle.cc). The machine is built on demand from a stored ProjectState,
// applies events, and is thrown away; it never does I/O.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/project.h"
#include "luodi/status.h"
#include "luodi/workflow.h"

namespace luodi {

class LifecycleMachine;

class Lifecycle {
 public:
  // Restores the machine into the state `state` describes, without replaying
  // anything. `state` must outlive this object and is updated by apply().
  // Applied records are appended to `effects` when it is not null.
  Lifecycle(const Workflow& workflow, ProjectState& state, std::vector<Event>* effects);
  ~Lifecycle();
  Lifecycle(const Lifecycle&) = delete;
  Lifecycle& operator=(const Lifecycle&) = delete;

  // Applies `record` (any kind but kCreated). On success the state has moved,
  // record.from/to are filled in and the record is appended to the effects.
  // On failure nothing changed: Refused for an illegal move (saying why and
  // what is allowed), BadInput for missing evidence, NotFound for an unknown
  // blocker id.
  Status apply(Event& record);
  // Applies an event read back from the store, as replay does: its from/to
  // are worked out again, the stored copy is left alone. The move and its
  // evidence are not checked again (the rules in force when it was recorded
  // did; a revised workflow may have added a stage between): only that its
  // stage exists. `trusted` false checks it as a new move (a late entry
  // checks that the events after it stay legal).
  Status reapply(const Event& stored, bool trusted = true);

 private:
  std::unique_ptr<LifecycleMachine> machine_;
};

// The state a kCreated event starts a project in.
ProjectState initial_state(const Workflow& workflow, const Event& created);

// A move on a recorded project: one per command of the write table but add
// (commands/write_commands.cc), named as that command is ("instruction_done").
// kPlan covers setting and clearing a plan.
enum class Move {
  kAdvance,
  kUnblock,
  kBlock,
  kCancel,
  kDrop,
  kReinstate,
  kPromote,
  kPlan,
  kInstruct,
  kInstructionDone,
  kUpdate,
  kInvest,
};
inline constexpr Move kAllMoves[] = {Move::kAdvance,         Move::kUnblock, Move::kBlock,
                                     Move::kCancel,          Move::kDrop,    Move::kReinstate,
                                     Move::kPromote,         Move::kPlan,    Move::kInstruct,
                                     Move::kInstructionDone, Move::kUpdate,  Move::kInvest};
std::string_view to_string(Move move);
// The move a write command's name names; nullopt for add and unknown names.
std::optional<Move> parse_move(std::string_view name);
// The move an event records; nullopt for kCreated (add is no move).
std::optional<Move> move_of(EventKind kind);

// Whether the chart reacts to `move` in the state `status` stands for. Read
// from the states' reaction lists when the chart is compiled: the chart is the
// one statement of the legal moves, and everything below derives from it.
bool chart_takes(ProjectStatus status, Move move);
// The statuses in which the chart takes `move`, in words: "active, blocked".
std::string statuses_taking(Move move);

// A move the chart takes from a state and whose condition on that state holds
// (drop needs a key project, promote a pipeline one, instruction_done an open
// instruction …). `to` lists an advance's target stages, in stage order.
struct AllowedMove {
  Move move;
  std::vector<std::string> to;
};
// The legal moves from `state`, in the order allowed_moves words them.
std::vector<AllowedMove> legal_moves(const Workflow& workflow, const ProjectState& state);

// legal_moves in words, e.g. "advance to site_entry, block, cancel, drop, plan,
// update, invest"; a final state says so: "update (cancelled is final)".
std::string allowed_moves(const Workflow& workflow, const ProjectState& state);

// Folds a project's events (in effective order) into its state, each one
// checked by the lifecycle machine. Events after `until` are ignored. Returns
// NotFound when no kCreated event is within range; a refusal names the event.
Result<ProjectState> replay(const Workflow& workflow, const std::vector<Event>& events,
                            std::optional<Date> until = std::nullopt);

// The same fold, calling `day_done` with the state after the last event of
// each date (in date order); the state is only valid during the call.
Status replay_by_day(const Workflow& workflow, const std::vector<Event>& events,
                     std::optional<Date> until,
                     const std::function<void(Date, const ProjectState&)>& day_done);

}  // namespace luodi
