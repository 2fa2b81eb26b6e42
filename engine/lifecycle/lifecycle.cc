// The project lifecycle chart. Stages, guards and evidence are data from the
// Workflow; the chart itself is fixed:
//
//   LifecycleMachine
//   ├── Restoring ──EvRestore──► the state stored facts describe (no effects)
//   │   (Blocked also takes EvInstruct: a leader's instruction on an open blocker,
//   │    and EvInstructionDone: the assignee reports it done; it does not take
//   │    EvAdvance: unblock first)
//   ├── Active
//   │   ├── InStage ──EvBlock──► Blocked ──EvBlock──► Blocked (one more blocker)
//   │   │     ▲ └──EvAdvance(to final stage)──► Finished
//   │   │     └────────EvUnblock(last one)──── Blocked
//   │   │   InStage ──EvAdvance──► InStage (next stage)
//   │   ├── EvCancel ──► Cancelled
//   │   ├── EvDrop ──► Dropped ──EvReinstate──► Active (InStage or Blocked)
//   │   ├── EvPromote (pipeline → key list, stays where it is)
//   │   └── EvPlan / EvClearPlan (a supervisor's deadline, stays where it is)
//   ├── Dropped
//   ├── Cancelled   (terminal)
//   └── Finished    (terminal: reached the final stage)
//
// EvInvest (investment progress) is taken by Active, Dropped and Finished and
// changes no state: money keeps arriving after production starts. EvUpdate
// (attributes: land secured, leader, unit …) is taken in every state.
//
// Reactions mutate the ProjectState and append the applied record to the
// effects buffer; the engine commits that buffer in one transaction. An event
// no state reacts to is a refusal with a reason, never a silent no-op.
//
// The chart is the one statement of the legal moves: chart_takes() reads the
// states' reaction lists at compile time, and allowed_moves(), the API's
// `allowed_moves`, `luodi help` and the dashboard's forms all come from it. A
// move the chart takes may still need a condition on the state (drop a key
// project, promote a pipeline one …): unmet() states each once, for the
// reactions and for legal_moves() alike.
#include "lifecycle/lifecycle.h"

#include <algorithm>
#include <array>
#include <boost/mpl/contains.hpp>
#include <boost/mpl/if.hpp>
#include <boost/mpl/is_sequence.hpp>
#include <boost/mpl/list.hpp>
#include <boost/statechart/custom_reaction.hpp>
#include <boost/statechart/event.hpp>
#include <boost/statechart/simple_state.hpp>
#include <boost/statechart/state_machine.hpp>
#include <sstream>
#include <type_traits>

#include "catalogue/catalogue.h"
#include "model/input_names.h"

namespace luodi {

namespace sc = boost::statechart;
namespace mpl = boost::mpl;

namespace {

template <typename Tag>
struct Ev : sc::event<Ev<Tag>> {
  explicit Ev(Event& r) : record(r) {}
  Event& record;
};
struct EvRestore : sc::event<EvRestore> {};
using EvAdvance = Ev<struct AdvanceTag>;
using EvBlock = Ev<struct BlockTag>;
using EvUnblock = Ev<struct UnblockTag>;
using EvCancel = Ev<struct CancelTag>;
using EvDrop = Ev<struct DropTag>;
using EvReinstate = Ev<struct ReinstateTag>;
using EvPromote = Ev<struct PromoteTag>;
using EvPlan = Ev<struct PlanTag>;
using EvClearPlan = Ev<struct ClearPlanTag>;
using EvInstruct = Ev<struct InstructTag>;
using EvInvest = Ev<struct InvestTag>;
using EvInstructionDone = Ev<struct InstructionDoneTag>;
using EvUpdate = Ev<struct UpdateTag>;

struct Restoring;
struct Active;
struct InStage;
struct Blocked;
struct Dropped;
struct Cancelled;
struct Finished;

bool is_final(ProjectStatus s) {
  return s == ProjectStatus::kCancelled || s == ProjectStatus::kFinished;
}

// Why the chart takes no `move` in the state `s` is in.
Message refusal(const ProjectState& s, Move move) {
  if (s.status == ProjectStatus::kBlocked && move == Move::kAdvance) {
    std::string open;
    for (const auto& b : s.blockers)
      open += (open.empty() ? "" : ", ") + std::to_string(b.id) + " (" + b.category + ")";
    return Message("refused_blocked", {arg("blockers", open)});
  }
  const std::string status(to_string(s.status));
  return Message("refused_status",
                 {arg("status", catalogue::text("status_" + status, Lang::kZh), status)});
}

// The condition on the state a move needs besides the chart taking it, as
// the refusal when it does not hold; nullopt when it holds. The target, the
// blocker or the instruction a move names are checked by its reaction.
std::optional<std::string> unmet(const Workflow& wf, const ProjectState& s, Move move) {
  switch (move) {
    case Move::kAdvance:
      if (wf.next_stages(s.stage).empty())
        return "the workflow has no move from " + wf.stages[s.stage].id;
      return std::nullopt;
    case Move::kDrop:
      if (!s.key) return "not on the key list (a pipeline project); nothing to drop";
      return std::nullopt;
    case Move::kPromote:
      if (s.key) return "already on the key list";
      return std::nullopt;
    case Move::kPlan:
      if (!s.plan && s.stage >= wf.final_stage())
        return "no stage ahead of " + wf.stages[s.stage].id + " to plan for";
      return std::nullopt;
    case Move::kUnblock:
    case Move::kInstruct:
      if (s.blockers.empty()) return "no open blocker on " + s.code;
      return std::nullopt;
    case Move::kInstructionDone:
      for (const auto& b : s.blockers)
        for (const auto& in : b.instructions)
          if (!in.done_on) return std::nullopt;
      return "no open instruction on " + s.code;
    case Move::kBlock:
    case Move::kCancel:
    case Move::kReinstate:
    case Move::kUpdate:
    case Move::kInvest:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

class LifecycleMachine : public sc::state_machine<LifecycleMachine, Restoring> {
 public:
  LifecycleMachine(const Workflow& wf, ProjectState& s, std::vector<Event>* effects)
      : wf(wf), state(s), effects_(effects) {}

  const Workflow& wf;
  ProjectState& state;
  // Replaying a stored event: it was checked against the rules in force
  // when it was recorded, so a revised workflow (a stage added between two
  // others, new evidence) does not refuse it now; only its stage must exist.
  bool replaying = false;

  // Called by reactions that accept the event.
  void commit(Event& record, ProjectStatus status) {
    record.to = record.to.empty() ? std::string(to_string(status)) : record.to;
    state.status = status;
    state.last_event_on = std::max(state.last_event_on, record.on);
    if (effects_) effects_->push_back(record);
  }
  void refuse(Status s) { result_ = std::move(s); }
  // The move apply() is processing, for the refusal of an unconsumed event.
  Move trying = Move::kUpdate;
  // Statechart calls this for an event no active state reacts to.
  void unconsumed_event(const sc::event_base&) {
    result_ = Status::Refused(refusal(state, trying));
  }
  Status take_result() {
    Status r = std::move(result_);
    result_ = Status::Ok();
    return r;
  }

 private:
  std::vector<Event>* effects_;
  Status result_;
};

namespace {

LifecycleMachine& machine_of(auto& state) { return state.outermost_context(); }

struct Restoring : sc::simple_state<Restoring, LifecycleMachine> {
  using reactions = sc::custom_reaction<EvRestore>;
  sc::result react(const EvRestore&);
};

// A cumulative figure lower than the one reported before it: refused unless
// the event is a correction. Stored events are not checked again.
bool lowered(LifecycleMachine& m, const Event& record, std::string_view field,
             std::optional<double> before, std::optional<double> after,
             std::optional<Date> before_on) {
  if (m.replaying || record.correction || !before || !after || *after >= *before - 1e-9)
    return false;
  m.refuse(Status::BadInput(cumulative_lowered(field, *before, before_on, *after)));
  return true;
}

// Investment progress: the latest figures; a foreign figure left out keeps the last.
void record_progress(LifecycleMachine& m, Event& record) {
  Progress p = *record.progress;
  p.on = record.on;
  if (const auto& last = m.state.progress; last && last->on <= p.on) {
    if (lowered(m, record, "fixed_asset_wan", last->fixed_asset_wan, p.fixed_asset_wan, last->on) ||
        lowered(m, record, "foreign_arrived_usd_wan", last->foreign_arrived_usd_wan,
                p.foreign_arrived_usd_wan, last->on))
      return;
  }
  if (!p.foreign_arrived_usd_wan && m.state.progress)
    p.foreign_arrived_usd_wan = m.state.progress->foreign_arrived_usd_wan;
  if (!m.state.progress || m.state.progress->on <= p.on) m.state.progress = p;
  record.from = std::string(to_string(m.state.status));
  m.commit(record, m.state.status);
}

// A dated change of attributes: the values before are taken from the state,
// and the land ledger must hold (secured no more than needed).
void record_update(LifecycleMachine& m, Event& record) {
  AttributeChanges& c = *record.changes;
  ProjectAttributes after = m.state.attributes;
  for (const auto& name : c.fields) {
    const AttributeField* f = find_attribute(name);
    if (!f) {
      m.refuse(Status::BadInput("unknown attribute '" + name + "'"));
      return;
    }
    if (f->text) {
      c.from.*f->text = after.*f->text;
      after.*f->text = c.to.*f->text;
    } else {
      c.from.*f->amount = after.*f->amount;
      after.*f->amount = c.to.*f->amount;
    }
  }
  if (after.land_need_mu && after.land_secured_mu &&
      *after.land_secured_mu > *after.land_need_mu + 1e-9) {
    m.refuse(Status::BadInput(land_over(*after.land_secured_mu, *after.land_need_mu)));
    return;
  }
  // The completed fixed-asset investment is cumulative, like invest's.
  if (lowered(m, record, "fixed_asset_wan", m.state.attributes.fixed_asset_wan,
              after.fixed_asset_wan, std::nullopt))
    return;
  m.state.attributes = std::move(after);
  record.from = std::string(to_string(m.state.status));
  m.commit(record, m.state.status);
}

template <typename State>
sc::result take_update(State& s, const EvUpdate& ev) {
  record_update(machine_of(s), ev.record);
  return s.discard_event();
}

struct Active : sc::simple_state<Active, LifecycleMachine, InStage> {
  using reactions = mpl::list<sc::custom_reaction<EvCancel>, sc::custom_reaction<EvDrop>,
                              sc::custom_reaction<EvPromote>, sc::custom_reaction<EvPlan>,
                              sc::custom_reaction<EvClearPlan>, sc::custom_reaction<EvInvest>,
                              sc::custom_reaction<EvUpdate>>;
  sc::result react(const EvUpdate& ev) { return take_update(*this, ev); }
  sc::result react(const EvInvest& ev) {
    record_progress(machine_of(*this), ev.record);
    return discard_event();
  }
  sc::result react(const EvPlan& ev) {
    auto& m = machine_of(*this);
    auto& r = ev.record;
    const auto target = m.wf.find_stage(r.to);
    if (!target || *target <= m.state.stage) {
      m.refuse(Status::Refused("stage " + r.to + " is not ahead of " +
                               m.wf.stages[m.state.stage].id + "; a plan is for a stage to reach"));
      return discard_event();
    }
    r.from = m.wf.stages[m.state.stage].id;
    r.to = m.wf.stages[*target].id;
    m.state.plan = Plan{*r.due, *target, r.note, r.on};
    m.commit(r, m.state.status);
    return discard_event();
  }
  sc::result react(const EvClearPlan& ev) {
    auto& m = machine_of(*this);
    if (!m.state.plan) {
      m.refuse(Status::Refused("there is no plan to clear"));
      return discard_event();
    }
    ev.record.from = m.wf.stages[m.state.plan->stage].id;
    ev.record.to = "";
    m.state.plan.reset();
    m.commit(ev.record, m.state.status);
    return discard_event();
  }
  sc::result react(const EvCancel& ev) {
    auto& m = machine_of(*this);
    ev.record.from = std::string(to_string(m.state.status));
    m.commit(ev.record, ProjectStatus::kCancelled);
    return transit<Cancelled>();
  }
  sc::result react(const EvDrop& ev) {
    auto& m = machine_of(*this);
    if (auto why = unmet(m.wf, m.state, Move::kDrop)) {
      m.refuse(Status::Refused(*why));
      return discard_event();
    }
    ev.record.from = std::string(to_string(m.state.status));
    m.state.key = false;
    m.commit(ev.record, ProjectStatus::kDropped);
    return transit<Dropped>();
  }
  sc::result react(const EvPromote& ev) {
    auto& m = machine_of(*this);
    if (auto why = unmet(m.wf, m.state, Move::kPromote)) {
      m.refuse(Status::Refused(*why));
      return discard_event();
    }
    ev.record.from = "pipeline";
    ev.record.to = "key";
    m.state.key = true;
    m.commit(ev.record, m.state.status);
    return discard_event();
  }
};

struct InStage : sc::simple_state<InStage, Active> {
  using reactions = mpl::list<sc::custom_reaction<EvAdvance>, sc::custom_reaction<EvBlock>>;
  sc::result react(const EvAdvance& ev);
  sc::result react(const EvBlock& ev);
};

bool pauses(const LifecycleMachine& m, const Blocker& b) {
  const BlockerCategory* c = m.wf.find_category(b.category);
  return c && c->pauses.stage;
}

void add_blocker(LifecycleMachine& m, Event& record) {
  record.from = std::string(to_string(m.state.status));
  if (pauses(m, *record.blocker) && !m.state.paused_since) m.state.paused_since = record.on;
  m.state.blockers.push_back(*record.blocker);
  m.commit(record, ProjectStatus::kBlocked);
}

sc::result InStage::react(const EvBlock& ev) {
  add_blocker(machine_of(*this), ev.record);
  return transit<Blocked>();
}

sc::result InStage::react(const EvAdvance& ev) {
  auto& m = machine_of(*this);
  auto& r = ev.record;
  const auto target = m.wf.find_stage(r.to);
  const auto& from = m.wf.stages[m.state.stage];
  if (!target || (!m.replaying && !m.wf.allows(m.state.stage, *target))) {
    m.refuse(Status::Refused("the workflow has no move from " + from.id + " to " + r.to));
    return discard_event();
  }
  const auto& to = m.wf.stages[*target];
  if (Status evidence = m.wf.check_evidence(*target, r.evidence, true);
      !evidence.ok() && !m.replaying) {
    m.refuse(evidence);
    return discard_event();
  }
  r.from = from.id;
  r.to = to.id;
  m.state.stage = *target;
  m.state.stage_since = r.on;
  m.state.paused_days = 0;
  if (m.state.plan && m.state.plan->stage <= *target) m.state.plan.reset();
  if (*target == m.wf.final_stage()) {
    m.commit(r, ProjectStatus::kFinished);
    return transit<Finished>();
  }
  m.commit(r, ProjectStatus::kActive);
  return discard_event();
}

// The open blocker an event names; refuses (NotFound) when there is none.
std::vector<Blocker>::iterator open_blocker(LifecycleMachine& m, const Event& record) {
  auto& blockers = m.state.blockers;
  auto it = std::find_if(blockers.begin(), blockers.end(),
                         [&](const Blocker& b) { return b.id == record.blocker->id; });
  if (it == blockers.end())
    m.refuse(Status::NotFound("no open blocker " + std::to_string(record.blocker->id) + " on " +
                              m.state.code));
  return it;
}

struct Blocked : sc::simple_state<Blocked, Active> {
  using reactions =
      mpl::list<sc::custom_reaction<EvBlock>, sc::custom_reaction<EvUnblock>,
                sc::custom_reaction<EvInstruct>, sc::custom_reaction<EvInstructionDone>>;
  sc::result react(const EvInstructionDone& ev) {
    auto& m = machine_of(*this);
    const std::int64_t id = ev.record.instruction->id;
    for (auto& b : m.state.blockers) {
      for (auto& in : b.instructions) {
        if (in.id != id) continue;
        if (in.done_on) {
          m.refuse(Status::Refused("instruction " + std::to_string(id) + " was reported done on " +
                                   in.done_on->str()));
          return discard_event();
        }
        if (ev.record.on < in.on) {
          m.refuse(Status::BadInput("instruction " + std::to_string(id) + " was given on " +
                                    in.on.str() + ", after " + ev.record.on.str()));
          return discard_event();
        }
        in.done_on = ev.record.on;
        in.done_note = ev.record.note;
        ev.record.from = "blocked";
        ev.record.blocker = Blocker{};
        ev.record.blocker->id = b.id;
        m.commit(ev.record, ProjectStatus::kBlocked);
        return discard_event();
      }
    }
    m.refuse(Status::NotFound("no open instruction " + std::to_string(id) + " on " + m.state.code));
    return discard_event();
  }
  sc::result react(const EvInstruct& ev) {
    auto& m = machine_of(*this);
    auto& blockers = m.state.blockers;
    auto it = open_blocker(m, ev.record);
    if (it == blockers.end()) return discard_event();
    ev.record.from = "blocked";
    ev.record.to = "blocked";
    it->instructions.push_back(*ev.record.instruction);
    m.commit(ev.record, ProjectStatus::kBlocked);
    return discard_event();
  }
  sc::result react(const EvBlock& ev) {
    add_blocker(machine_of(*this), ev.record);
    return discard_event();
  }
  sc::result react(const EvUnblock& ev) {
    auto& m = machine_of(*this);
    auto& blockers = m.state.blockers;
    auto it = open_blocker(m, ev.record);
    if (it == blockers.end()) return discard_event();
    ev.record.from = "blocked";
    ev.record.blocker = *it;
    blockers.erase(it);
    const bool still_paused = std::any_of(blockers.begin(), blockers.end(),
                                          [&](const Blocker& b) { return pauses(m, b); });
    if (m.state.paused_since && !still_paused) {
      m.state.paused_days += ev.record.on - *m.state.paused_since;
      m.state.paused_since.reset();
    }
    if (!blockers.empty()) {
      m.commit(ev.record, ProjectStatus::kBlocked);
      return discard_event();
    }
    m.commit(ev.record, ProjectStatus::kActive);
    return transit<InStage>();
  }
};

struct Dropped : sc::simple_state<Dropped, LifecycleMachine> {
  using reactions = mpl::list<sc::custom_reaction<EvReinstate>, sc::custom_reaction<EvInvest>,
                              sc::custom_reaction<EvUpdate>>;
  sc::result react(const EvUpdate& ev) { return take_update(*this, ev); }
  sc::result react(const EvInvest& ev) {
    record_progress(machine_of(*this), ev.record);
    return discard_event();
  }
  sc::result react(const EvReinstate& ev) {
    auto& m = machine_of(*this);
    ev.record.from = "dropped";
    m.state.key = true;
    if (!m.state.blockers.empty()) {
      m.commit(ev.record, ProjectStatus::kBlocked);
      return transit<Blocked>();
    }
    m.commit(ev.record, ProjectStatus::kActive);
    return transit<InStage>();
  }
};

struct Cancelled : sc::simple_state<Cancelled, LifecycleMachine> {
  using reactions = sc::custom_reaction<EvUpdate>;
  sc::result react(const EvUpdate& ev) { return take_update(*this, ev); }
};
struct Finished : sc::simple_state<Finished, LifecycleMachine> {
  using reactions = mpl::list<sc::custom_reaction<EvInvest>, sc::custom_reaction<EvUpdate>>;
  sc::result react(const EvUpdate& ev) { return take_update(*this, ev); }
  sc::result react(const EvInvest& ev) {
    record_progress(machine_of(*this), ev.record);
    return discard_event();
  }
};

sc::result Restoring::react(const EvRestore&) {
  switch (machine_of(*this).state.status) {
    case ProjectStatus::kActive:
      return transit<InStage>();
    case ProjectStatus::kBlocked:
      return transit<Blocked>();
    case ProjectStatus::kCancelled:
      return transit<Cancelled>();
    case ProjectStatus::kDropped:
      return transit<Dropped>();
    case ProjectStatus::kFinished:
      return transit<Finished>();
  }
  return discard_event();
}

// --- the legal moves, read from the chart ------------------------------------

// A state's reaction list as an MPL sequence (a single reaction is one).
template <typename Reactions>
using reaction_list =
    typename mpl::if_<mpl::is_sequence<Reactions>, Reactions, mpl::list<Reactions>>::type;

// Whether `State` or a state around it reacts to `E`.
template <typename State, typename E>
constexpr bool takes() {
  if constexpr (mpl::contains<reaction_list<typename State::reactions>,
                              sc::custom_reaction<E>>::value)
    return true;
  else if constexpr (std::is_same_v<typename State::context_type, LifecycleMachine>)
    return false;
  else
    return takes<typename State::context_type, E>();
}

// The chart's row for one leaf state, in Move order.
template <typename State>
constexpr std::array<bool, std::size(kAllMoves)> row() {
  return {takes<State, EvAdvance>(),         takes<State, EvUnblock>(), takes<State, EvBlock>(),
          takes<State, EvCancel>(),          takes<State, EvDrop>(),    takes<State, EvReinstate>(),
          takes<State, EvPromote>(),         takes<State, EvPlan>(),    takes<State, EvInstruct>(),
          takes<State, EvInstructionDone>(), takes<State, EvUpdate>(),  takes<State, EvInvest>()};
}

// Setting and clearing a plan are one move: the chart takes both or neither.
static_assert(takes<InStage, EvPlan>() == takes<InStage, EvClearPlan>() &&
              takes<Blocked, EvPlan>() == takes<Blocked, EvClearPlan>() &&
              takes<Dropped, EvPlan>() == takes<Dropped, EvClearPlan>() &&
              takes<Cancelled, EvPlan>() == takes<Cancelled, EvClearPlan>() &&
              takes<Finished, EvPlan>() == takes<Finished, EvClearPlan>());

// Rows in ProjectStatus order: the state each status restores into.
constexpr std::array<std::array<bool, std::size(kAllMoves)>, 5> kChart = {
    row<InStage>(), row<Blocked>(), row<Cancelled>(), row<Dropped>(), row<Finished>()};
static_assert(static_cast<int>(ProjectStatus::kActive) == 0 &&
              static_cast<int>(ProjectStatus::kBlocked) == 1 &&
              static_cast<int>(ProjectStatus::kCancelled) == 2 &&
              static_cast<int>(ProjectStatus::kDropped) == 3 &&
              static_cast<int>(ProjectStatus::kFinished) == 4);
static_assert(static_cast<int>(Move::kAdvance) == 0 && static_cast<int>(Move::kInvest) == 11);

}  // namespace

Lifecycle::Lifecycle(const Workflow& wf, ProjectState& state, std::vector<Event>* effects)
    : machine_(std::make_unique<LifecycleMachine>(wf, state, effects)) {
  machine_->initiate();
  machine_->process_event(EvRestore{});
}

Lifecycle::~Lifecycle() = default;

Status Lifecycle::apply(Event& record) {
  if (auto move = move_of(record.kind)) machine_->trying = *move;
  switch (record.kind) {
    case EventKind::kAdvanced:
      machine_->process_event(EvAdvance(record));
      break;
    case EventKind::kBlocked:
      machine_->process_event(EvBlock(record));
      break;
    case EventKind::kUnblocked:
      machine_->process_event(EvUnblock(record));
      break;
    case EventKind::kCancelled:
      machine_->process_event(EvCancel(record));
      break;
    case EventKind::kDropped:
      machine_->process_event(EvDrop(record));
      break;
    case EventKind::kReinstated:
      machine_->process_event(EvReinstate(record));
      break;
    case EventKind::kPromoted:
      machine_->process_event(EvPromote(record));
      break;
    case EventKind::kPlanned:
      machine_->process_event(EvPlan(record));
      break;
    case EventKind::kPlanCleared:
      machine_->process_event(EvClearPlan(record));
      break;
    case EventKind::kInstructed:
      machine_->process_event(EvInstruct(record));
      break;
    case EventKind::kInvested:
      machine_->process_event(EvInvest(record));
      break;
    case EventKind::kInstructionDone:
      machine_->process_event(EvInstructionDone(record));
      break;
    case EventKind::kUpdated:
      machine_->process_event(EvUpdate(record));
      break;
    case EventKind::kCreated:
      return Status::Refused("project " + machine_->state.code + " already exists");
  }
  return machine_->take_result();
}

Status Lifecycle::reapply(const Event& stored, bool trusted) {
  Event e = stored;
  e.from.clear();
  // The target of an advance or a plan is its input; other kinds work theirs out.
  if (e.kind != EventKind::kAdvanced && e.kind != EventKind::kPlanned) e.to.clear();
  machine_->replaying = trusted;
  Status s = apply(e);
  machine_->replaying = false;
  return s;
}

ProjectState initial_state(const Workflow& wf, const Event& created) {
  ProjectState s;
  s.code = created.project;
  s.attributes = created.attributes.value_or(ProjectAttributes{});
  s.stage = wf.find_stage(created.to).value_or(0);
  s.stage_since = created.on;
  s.status = s.stage == wf.final_stage() ? ProjectStatus::kFinished : ProjectStatus::kActive;
  s.key = created.key;
  s.created_on = created.on;
  s.last_event_on = created.on;
  return s;
}

std::string_view to_string(Move move) {
  switch (move) {
    case Move::kAdvance:
      return "advance";
    case Move::kUnblock:
      return "unblock";
    case Move::kBlock:
      return "block";
    case Move::kCancel:
      return "cancel";
    case Move::kDrop:
      return "drop";
    case Move::kReinstate:
      return "reinstate";
    case Move::kPromote:
      return "promote";
    case Move::kPlan:
      return "plan";
    case Move::kInstruct:
      return "instruct";
    case Move::kInstructionDone:
      return "instruction_done";
    case Move::kUpdate:
      return "update";
    case Move::kInvest:
      return "invest";
  }
  return "?";
}

std::optional<Move> parse_move(std::string_view name) {
  for (Move move : kAllMoves)
    if (to_string(move) == name) return move;
  return std::nullopt;
}

std::optional<Move> move_of(EventKind kind) {
  switch (kind) {
    case EventKind::kCreated:
      return std::nullopt;
    case EventKind::kAdvanced:
      return Move::kAdvance;
    case EventKind::kBlocked:
      return Move::kBlock;
    case EventKind::kUnblocked:
      return Move::kUnblock;
    case EventKind::kCancelled:
      return Move::kCancel;
    case EventKind::kDropped:
      return Move::kDrop;
    case EventKind::kReinstated:
      return Move::kReinstate;
    case EventKind::kPromoted:
      return Move::kPromote;
    case EventKind::kPlanned:
    case EventKind::kPlanCleared:
      return Move::kPlan;
    case EventKind::kInstructed:
      return Move::kInstruct;
    case EventKind::kInstructionDone:
      return Move::kInstructionDone;
    case EventKind::kInvested:
      return Move::kInvest;
    case EventKind::kUpdated:
      return Move::kUpdate;
  }
  return std::nullopt;
}

bool chart_takes(ProjectStatus status, Move move) {
  return kChart[static_cast<size_t>(status)][static_cast<size_t>(move)];
}

std::string statuses_taking(Move move) {
  std::string out;
  for (auto status : {ProjectStatus::kActive, ProjectStatus::kBlocked, ProjectStatus::kDropped,
                      ProjectStatus::kCancelled, ProjectStatus::kFinished})
    if (chart_takes(status, move))
      out += (out.empty() ? "" : ", ") + std::string(to_string(status));
  return out;
}

std::vector<AllowedMove> legal_moves(const Workflow& wf, const ProjectState& s) {
  std::vector<AllowedMove> out;
  for (Move move : kAllMoves) {
    if (!chart_takes(s.status, move) || unmet(wf, s, move)) continue;
    AllowedMove m{move, {}};
    if (move == Move::kAdvance)
      for (int to : wf.next_stages(s.stage)) m.to.push_back(wf.stages[to].id);
    out.push_back(std::move(m));
  }
  return out;
}

std::string allowed_moves(const Workflow& wf, const ProjectState& s) {
  std::string out;
  auto say = [&](const std::string& words) { out += (out.empty() ? "" : ", ") + words; };
  for (const auto& m : legal_moves(wf, s)) {
    if (m.move == Move::kAdvance) {
      for (const auto& to : m.to) say("advance to " + to);
    } else {
      std::string words(to_string(m.move));
      std::replace(words.begin(), words.end(), '_', ' ');
      say(words);
    }
  }
  if (out.empty()) out = "nothing";
  if (is_final(s.status)) out += " (" + std::string(to_string(s.status)) + " is final)";
  return out;
}

Status replay_by_day(const Workflow& wf, const std::vector<Event>& events,
                     std::optional<Date> until,
                     const std::function<void(Date, const ProjectState&)>& day_done) {
  std::optional<ProjectState> state;
  std::unique_ptr<Lifecycle> machine;
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& stored = events[i];
    if (until && stored.on > *until) break;
    if (stored.kind == EventKind::kCreated) {
      if (state) return Status::Refused("event " + std::to_string(stored.seq) + ": created twice");
      state = initial_state(wf, stored);
      machine = std::make_unique<Lifecycle>(wf, *state, nullptr);
    } else if (!state) {
      return Status::Refused("event " + std::to_string(stored.seq) + " (" +
                             std::string(to_string(stored.kind)) + " on " + stored.on.str() +
                             ") comes before the project was created");
    } else if (Status s = machine->reapply(stored); !s.ok()) {
      return Status::Refused("event " + std::to_string(stored.seq) + " (" +
                             std::string(to_string(stored.kind)) + " on " + stored.on.str() +
                             "): " + s.message());
    }
    const bool last_of_day = i + 1 == events.size() || events[i + 1].on != stored.on ||
                             (until && events[i + 1].on > *until);
    if (last_of_day) day_done(stored.on, *state);
  }
  if (!state) return Status::NotFound("no such project at that date");
  return Status::Ok();
}

Result<ProjectState> replay(const Workflow& wf, const std::vector<Event>& events,
                            std::optional<Date> until) {
  std::optional<ProjectState> last;
  LUODI_RETURN_IF_ERROR(
      replay_by_day(wf, events, until, [&](Date, const ProjectState& s) { last = s; }));
  return *std::move(last);
}

}  // namespace luodi
