// The project lifecycle chart. Stages, guards and evidence are data from the
// Workflow; the chart itself is fixed:
//
//   LifecycleMachine
//   ├── Restoring ──EvRestore──► the state stored facts describe (no effects)
//   │   (Blocked also takes EvInstruct: a leader's instruction on an open blocker,
//   │    and EvInstructionDone: the assignee reports it done)
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
#include "lifecycle/lifecycle.h"

#include <algorithm>
#include <boost/mpl/list.hpp>
#include <boost/statechart/custom_reaction.hpp>
#include <boost/statechart/event.hpp>
#include <boost/statechart/simple_state.hpp>
#include <boost/statechart/state_machine.hpp>
#include <sstream>

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
  // Statechart calls this for an event no active state reacts to.
  void unconsumed_event(const sc::event_base&) {
    result_ = Status::Refused("not allowed while " + std::string(to_string(state.status)));
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

// Investment progress: the latest figures; a foreign figure left out keeps the last.
void record_progress(LifecycleMachine& m, Event& record) {
  Progress p = *record.progress;
  p.on = record.on;
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
    std::ostringstream text;
    text << "land secured " << *after.land_secured_mu << " 亩 is more than the "
         << *after.land_need_mu << " 亩 needed";
    m.refuse(Status::BadInput(text.str()));
    return;
  }
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
    if (!m.state.key) {
      m.refuse(Status::Refused("not on the key list (a pipeline project); nothing to drop"));
      return discard_event();
    }
    ev.record.from = std::string(to_string(m.state.status));
    m.state.key = false;
    m.commit(ev.record, ProjectStatus::kDropped);
    return transit<Dropped>();
  }
  sc::result react(const EvPromote& ev) {
    auto& m = machine_of(*this);
    if (m.state.key) {
      m.refuse(Status::Refused("already on the key list"));
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
    m.refuse(Status::BadInput("entering " + evidence.message() + " (pass --evidence KEY=VALUE)"));
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
  using reactions = mpl::list<sc::custom_reaction<EvBlock>, sc::custom_reaction<EvUnblock>,
                              sc::custom_reaction<EvAdvance>, sc::custom_reaction<EvInstruct>,
                              sc::custom_reaction<EvInstructionDone>>;
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
  sc::result react(const EvAdvance&) {
    auto& m = machine_of(*this);
    std::string open;
    for (const auto& b : m.state.blockers)
      open += (open.empty() ? "" : ", ") + std::to_string(b.id) + " (" + b.category + ")";
    m.refuse(Status::Refused("blocked by open blocker(s) " + open + "; unblock first"));
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

}  // namespace

Lifecycle::Lifecycle(const Workflow& wf, ProjectState& state, std::vector<Event>* effects)
    : machine_(std::make_unique<LifecycleMachine>(wf, state, effects)) {
  machine_->initiate();
  machine_->process_event(EvRestore{});
}

Lifecycle::~Lifecycle() = default;

Status Lifecycle::apply(Event& record) {
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

std::string allowed_moves(const Workflow& wf, const ProjectState& s) {
  std::vector<std::string> moves;
  auto stage_moves = [&] {
    for (int to : wf.next_stages(s.stage)) moves.push_back("advance to " + wf.stages[to].id);
  };
  switch (s.status) {
    case ProjectStatus::kActive:
      stage_moves();
      moves.push_back("block");
      break;
    case ProjectStatus::kBlocked:
      moves.push_back("unblock");
      moves.push_back("block");
      break;
    case ProjectStatus::kDropped:
      return "reinstate";
    case ProjectStatus::kCancelled:
    case ProjectStatus::kFinished:
      return "nothing (" + std::string(to_string(s.status)) + " is final)";
  }
  moves.push_back("cancel");
  moves.push_back(s.key ? "drop" : "promote");
  std::string out;
  for (const auto& m : moves) out += (out.empty() ? "" : ", ") + m;
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
