#include "lifecycle/lifecycle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "commands/write_commands.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::default_workflow;

Date day(int n) { return *Date::parse("2026-03-01") + n; }

ProjectState state_at(int stage, ProjectStatus status = ProjectStatus::kActive) {
  ProjectState s;
  s.code = "P";
  s.stage = stage;
  s.status = status;
  s.created_on = s.stage_since = s.last_event_on = day(0);
  return s;
}

Event advance_to(const std::string& to, bool with_permit = true) {
  Event e;
  e.kind = EventKind::kAdvanced;
  e.on = day(1);
  e.to = to;
  if (with_permit) e.evidence["permit"] = "330781-001";
  return e;
}

Event simple(EventKind kind, std::int64_t blocker = 0) {
  Event e;
  e.kind = kind;
  e.on = day(1);
  if (kind == EventKind::kBlocked || kind == EventKind::kUnblocked) {
    e.blocker = Blocker{blocker, "land", "no quota", "", e.on, {}};
  }
  return e;
}

// Every pair of stages of the default workflow: legal exactly when the target
// is the next stage or the extra skip pre_review → construction.
TEST(LifecycleTest, EveryStageMoveOfTheDefaultWorkflow) {
  const auto& wf = default_workflow();
  const int n = static_cast<int>(wf.stages.size());
  for (int from = 0; from < n; ++from) {
    for (int to = 0; to < n; ++to) {
      const bool legal = to == from + 1 ||
                         (wf.stages[from].id == "pre_review" && wf.stages[to].id == "construction");
      ProjectState s =
          state_at(from, from == n - 1 ? ProjectStatus::kFinished : ProjectStatus::kActive);
      std::vector<Event> effects;
      Event e = advance_to(wf.stages[to].id);
      Status r = Lifecycle(wf, s, &effects).apply(e);
      SCOPED_TRACE(wf.stages[from].id + " -> " + wf.stages[to].id);
      if (legal) {
        ASSERT_TRUE(r.ok()) << r.message();
        EXPECT_EQ(s.stage, to);
        EXPECT_EQ(s.stage_since, day(1));
        EXPECT_EQ(s.status, to == n - 1 ? ProjectStatus::kFinished : ProjectStatus::kActive);
        ASSERT_EQ(effects.size(), 1u);
        EXPECT_EQ(effects[0].from, wf.stages[from].id);
        EXPECT_EQ(effects[0].to, wf.stages[to].id);
      } else {
        EXPECT_EQ(r.code(), ErrorCode::kRefused) << r.message();
        EXPECT_EQ(s.stage, from) << "a refused move changes nothing";
        EXPECT_TRUE(effects.empty());
      }
    }
  }
}

TEST(LifecycleTest, ConstructionNeedsThePermit) {
  const auto& wf = default_workflow();
  ProjectState s = state_at(*wf.find_stage("site_entry"));
  std::vector<Event> effects;
  Lifecycle lc(wf, s, &effects);
  Event without = advance_to("construction", false);
  Status r = lc.apply(without);
  EXPECT_EQ(r.code(), ErrorCode::kBadInput);
  EXPECT_NE(r.message().find("permit"), std::string::npos);
  EXPECT_EQ(wf.stages[s.stage].id, "site_entry");
  Event blank = advance_to("construction", false);
  blank.evidence["permit"] = "";
  EXPECT_EQ(lc.apply(blank).code(), ErrorCode::kBadInput);
  Event with = advance_to("construction", true);
  ASSERT_TRUE(lc.apply(with).ok());
  EXPECT_EQ(wf.stages[s.stage].id, "construction");
  // Other stages need no evidence.
  Event next = advance_to("completion", false);
  EXPECT_TRUE(lc.apply(next).ok());
}

TEST(LifecycleTest, BlockersHoldTheProjectUntilTheLastIsResolved) {
  const auto& wf = default_workflow();
  ProjectState s = state_at(1);
  std::vector<Event> effects;
  Lifecycle lc(wf, s, &effects);
  Event b1 = simple(EventKind::kBlocked, 1), b2 = simple(EventKind::kBlocked, 2);
  ASSERT_TRUE(lc.apply(b1).ok());
  EXPECT_EQ(s.status, ProjectStatus::kBlocked);
  ASSERT_TRUE(lc.apply(b2).ok());
  Event adv = advance_to("site_entry");
  Status refused = lc.apply(adv);
  EXPECT_EQ(refused.code(), ErrorCode::kRefused);
  EXPECT_NE(refused.message().find("blocked"), std::string::npos);
  Event unknown = simple(EventKind::kUnblocked, 9);
  EXPECT_EQ(lc.apply(unknown).code(), ErrorCode::kNotFound);
  Event u1 = simple(EventKind::kUnblocked, 1);
  ASSERT_TRUE(lc.apply(u1).ok());
  EXPECT_EQ(s.status, ProjectStatus::kBlocked) << "blocker 2 is still open";
  Event u2 = simple(EventKind::kUnblocked, 2);
  ASSERT_TRUE(lc.apply(u2).ok());
  EXPECT_EQ(s.status, ProjectStatus::kActive);
  EXPECT_TRUE(s.blockers.empty());
  Event adv2 = advance_to("site_entry");
  EXPECT_TRUE(lc.apply(adv2).ok());
  Event again = simple(EventKind::kUnblocked, 2);
  EXPECT_EQ(lc.apply(again).code(), ErrorCode::kRefused) << "nothing open to unblock";
  EXPECT_EQ(effects.size(), 5u);
}

TEST(LifecycleTest, CancelledAndFinishedAreFinal) {
  const auto& wf = default_workflow();
  ProjectState s = state_at(2);
  Lifecycle lc(wf, s, nullptr);
  Event cancel = simple(EventKind::kCancelled);
  ASSERT_TRUE(lc.apply(cancel).ok());
  EXPECT_EQ(s.status, ProjectStatus::kCancelled);
  for (auto kind : {EventKind::kAdvanced, EventKind::kBlocked, EventKind::kCancelled,
                    EventKind::kDropped, EventKind::kReinstated, EventKind::kPromoted}) {
    Event e = kind == EventKind::kAdvanced ? advance_to("construction") : simple(kind, 1);
    EXPECT_EQ(lc.apply(e).code(), ErrorCode::kRefused) << to_string(kind);
  }
  ProjectState done = state_at(wf.final_stage(), ProjectStatus::kFinished);
  Lifecycle finished(wf, done, nullptr);
  Event block = simple(EventKind::kBlocked, 1);
  EXPECT_EQ(finished.apply(block).code(), ErrorCode::kRefused);
  Event cancel2 = simple(EventKind::kCancelled);
  EXPECT_EQ(finished.apply(cancel2).code(), ErrorCode::kRefused);
}

TEST(LifecycleTest, DropReinstateAndPromoteMoveKeyListMembership) {
  const auto& wf = default_workflow();
  ProjectState s = state_at(1);
  Lifecycle lc(wf, s, nullptr);
  Event block = simple(EventKind::kBlocked, 4);
  ASSERT_TRUE(lc.apply(block).ok());
  Event drop = simple(EventKind::kDropped);
  ASSERT_TRUE(lc.apply(drop).ok());
  EXPECT_EQ(s.status, ProjectStatus::kDropped);
  EXPECT_FALSE(s.key);
  Event adv = advance_to("site_entry");
  EXPECT_EQ(lc.apply(adv).code(), ErrorCode::kRefused) << "no moves while off the list";
  Event promote = simple(EventKind::kPromoted);
  EXPECT_EQ(lc.apply(promote).code(), ErrorCode::kRefused) << "dropped projects are reinstated";
  Event reinstate = simple(EventKind::kReinstated);
  ASSERT_TRUE(lc.apply(reinstate).ok());
  EXPECT_TRUE(s.key);
  EXPECT_EQ(s.status, ProjectStatus::kBlocked) << "the open blocker survived the drop";

  ProjectState pipeline = state_at(0);
  pipeline.key = false;
  Lifecycle p(wf, pipeline, nullptr);
  Event drop2 = simple(EventKind::kDropped);
  EXPECT_EQ(p.apply(drop2).code(), ErrorCode::kRefused);
  Event promote2 = simple(EventKind::kPromoted);
  ASSERT_TRUE(p.apply(promote2).ok());
  EXPECT_TRUE(pipeline.key);
  Event promote3 = simple(EventKind::kPromoted);
  EXPECT_EQ(p.apply(promote3).code(), ErrorCode::kRefused) << "already on the list";
}

TEST(LifecycleTest, RestoresEachStateWithoutReplayingAnything) {
  const auto& wf = default_workflow();
  for (auto status : {ProjectStatus::kActive, ProjectStatus::kBlocked, ProjectStatus::kCancelled,
                      ProjectStatus::kDropped, ProjectStatus::kFinished}) {
    ProjectState s = state_at(status == ProjectStatus::kFinished ? wf.final_stage() : 1, status);
    if (status == ProjectStatus::kBlocked)
      s.blockers.push_back({3, "land", "quota", "", day(0), {}});
    if (status == ProjectStatus::kDropped) s.key = false;
    const ProjectState before = s;
    std::vector<Event> effects;
    Lifecycle lc(wf, s, &effects);
    EXPECT_EQ(s, before) << "restoring changes nothing";
    EXPECT_TRUE(effects.empty());
    // The restored machine reacts as that state does.
    Event unblock = simple(EventKind::kUnblocked, 3);
    EXPECT_EQ(lc.apply(unblock).ok(), status == ProjectStatus::kBlocked) << to_string(status);
  }
}

TEST(LifecycleTest, RefusalNamesWhatIsAllowed) {
  const auto& wf = default_workflow();
  ProjectState s = state_at(*wf.find_stage("pre_review"));
  EXPECT_EQ(allowed_moves(wf, s),
            "advance to site_entry, advance to construction, block, cancel, drop, plan, update, "
            "invest");
  s.key = false;
  EXPECT_EQ(allowed_moves(wf, s),
            "advance to site_entry, advance to construction, block, cancel, promote, plan, update, "
            "invest");
  s.status = ProjectStatus::kCancelled;
  EXPECT_EQ(allowed_moves(wf, s), "update (cancelled is final)");
  s.status = ProjectStatus::kFinished;
  s.stage = wf.final_stage();
  EXPECT_EQ(allowed_moves(wf, s), "update, invest (finished is final)");
  s.status = ProjectStatus::kDropped;
  EXPECT_EQ(allowed_moves(wf, s), "reinstate, update, invest");
}

// --- the legal moves, asked of the chart -------------------------------------

// A project in each state the chart has, reached by applying events (so each
// is a state the machine itself produced): `key` or pipeline, with a plan, and
// when blocked an open blocker 3 carrying an open instruction 7.
struct Fixture {
  std::string name;
  ProjectState state;
};

Event blocker_event(EventKind kind, std::int64_t id) {
  Event e = simple(kind, id);
  if (kind == EventKind::kBlocked) e.blocker->id = id;
  return e;
}

std::vector<Fixture> every_state(const Workflow& wf) {
  auto apply = [&](ProjectState& s, Event e) {
    Status r = Lifecycle(wf, s, nullptr).apply(e);
    EXPECT_TRUE(r.ok()) << to_string(e.kind) << ": " << r.message();
  };
  auto planned = [&](bool key) {
    ProjectState s = state_at(*wf.find_stage("pre_review"));
    s.key = key;
    Event plan = simple(EventKind::kPlanned);
    plan.to = "construction";
    plan.due = day(30);
    apply(s, plan);
    return s;
  };
  auto blocked = [&](bool key) {
    ProjectState s = planned(key);
    apply(s, blocker_event(EventKind::kBlocked, 3));
    Event instruct = simple(EventKind::kInstructed);
    instruct.blocker = Blocker{};
    instruct.blocker->id = 3;
    instruct.instruction =
        Instruction{7, "落实用地指标", "自然资源局", day(9), day(1), "L", {}, ""};
    apply(s, instruct);
    return s;
  };
  std::vector<Fixture> out;
  out.push_back({"active key", planned(true)});
  out.push_back({"active pipeline", planned(false)});
  out.push_back({"blocked key", blocked(true)});
  out.push_back({"blocked pipeline", blocked(false)});
  ProjectState reported = blocked(true);
  Event done = simple(EventKind::kInstructionDone);
  done.instruction = Instruction{};
  done.instruction->id = 7;
  apply(reported, done);
  out.push_back({"blocked, its instruction done", reported});
  ProjectState dropped = planned(true);
  apply(dropped, simple(EventKind::kDropped));
  out.push_back({"dropped", dropped});
  ProjectState dropped_blocked = blocked(true);
  apply(dropped_blocked, simple(EventKind::kDropped));
  out.push_back({"dropped while blocked", dropped_blocked});
  ProjectState cancelled = planned(true);
  apply(cancelled, simple(EventKind::kCancelled));
  out.push_back({"cancelled", cancelled});
  ProjectState finished = state_at(*wf.find_stage("pre_review"));
  while (finished.status == ProjectStatus::kActive)
    apply(finished, advance_to(wf.stages[wf.next_stages(finished.stage).front()].id));
  out.push_back({"finished", finished});
  return out;
}

// A well-formed event of `move` that the chart, when it takes the move,
// applies to any Fixture whose condition for the move holds.
Event event_of(const Workflow& wf, const ProjectState& s, Move move) {
  switch (move) {
    case Move::kAdvance: {
      const auto next = wf.next_stages(s.stage);
      return advance_to(wf.stages[next.empty() ? s.stage : next.front()].id);
    }
    case Move::kUnblock:
      return blocker_event(EventKind::kUnblocked, 3);
    case Move::kBlock:
      return blocker_event(EventKind::kBlocked, 4);
    case Move::kCancel:
      return simple(EventKind::kCancelled);
    case Move::kDrop:
      return simple(EventKind::kDropped);
    case Move::kReinstate:
      return simple(EventKind::kReinstated);
    case Move::kPromote:
      return simple(EventKind::kPromoted);
    case Move::kPlan: {
      Event e = simple(EventKind::kPlanned);
      e.to = wf.stages[wf.final_stage()].id;
      e.due = day(60);
      return e;
    }
    case Move::kInstruct: {
      Event e = simple(EventKind::kInstructed);
      e.blocker = Blocker{};
      e.blocker->id = 3;
      e.instruction = Instruction{8, "再议", "", std::nullopt, day(1), "L", {}, ""};
      return e;
    }
    case Move::kInstructionDone: {
      Event e = simple(EventKind::kInstructionDone);
      e.instruction = Instruction{};
      e.instruction->id = 7;
      return e;
    }
    case Move::kUpdate: {
      Event e = simple(EventKind::kUpdated);
      e.changes = AttributeChanges{};
      e.changes->fields = {"leader"};
      e.changes->to.leader = "王";
      return e;
    }
    case Move::kInvest: {
      Event e = simple(EventKind::kInvested);
      e.progress = Progress{day(1), 1200, std::nullopt};
      return e;
    }
  }
  return simple(EventKind::kCancelled);
}

// Every (state, move) pair asked of the chart itself: the move is applied to
// the state. It is taken exactly when legal_moves (and so allowed_moves, the
// API's allowed_moves and the dashboard's forms) offers it; refused, it says
// why and changes nothing. And the statuses `luodi help` names for a move
// (statuses_taking) are those in which the chart took it.
TEST(LifecycleTest, EveryStateAndMoveAskedOfTheChartAgreesWithTheLegalMoves) {
  const auto& wf = default_workflow();
  std::map<Move, std::set<std::string>> taken_while;
  for (const auto& [name, state] : every_state(wf)) {
    const auto legal = legal_moves(wf, state);
    for (Move move : kAllMoves) {
      SCOPED_TRACE(name + " × " + std::string(to_string(move)));
      ProjectState s = state;
      std::vector<Event> effects;
      Event e = event_of(wf, s, move);
      ASSERT_EQ(move_of(e.kind), move);
      const Status r = Lifecycle(wf, s, &effects).apply(e);
      const auto offered = std::find_if(legal.begin(), legal.end(),
                                        [&](const AllowedMove& m) { return m.move == move; });
      EXPECT_EQ(r.ok(), offered != legal.end()) << r.message();
      EXPECT_EQ(chart_takes(state.status, move) && r.code() != ErrorCode::kRefused, r.ok())
          << "a move the chart takes is refused only by its condition on the state";
      if (r.ok()) {
        taken_while[move].insert(std::string(to_string(state.status)));
        EXPECT_EQ(effects.size(), 1u);
      } else {
        EXPECT_EQ(r.code(), ErrorCode::kRefused) << r.message();
        EXPECT_FALSE(r.message().empty());
        EXPECT_EQ(s, state) << "a refused move changes nothing";
        EXPECT_TRUE(effects.empty());
      }
      // Advance offers every stage the workflow allows from here, each taken.
      if (offered != legal.end() && move == Move::kAdvance) {
        std::vector<std::string> next;
        for (int to : wf.next_stages(state.stage)) next.push_back(wf.stages[to].id);
        EXPECT_EQ(offered->to, next);
        for (const auto& to : offered->to) {
          ProjectState again = state;
          Event each = advance_to(to);
          EXPECT_TRUE(Lifecycle(wf, again, nullptr).apply(each).ok()) << to;
        }
      }
    }
    // Clearing a plan is the plan move too: taken where setting one is (each
    // fixture but the finished one has a plan).
    {
      ProjectState s = state;
      Event clear = simple(EventKind::kPlanCleared);
      EXPECT_EQ(Lifecycle(wf, s, nullptr).apply(clear).ok(),
                chart_takes(state.status, Move::kPlan) && state.plan.has_value())
          << name;
    }
    // allowed_moves words exactly legal_moves.
    std::string words;
    for (const auto& m : legal)
      for (size_t i = 0; i < std::max<size_t>(1, m.to.size()); ++i) {
        std::string w(to_string(m.move));
        std::replace(w.begin(), w.end(), '_', ' ');
        if (m.move == Move::kAdvance) w += " to " + m.to[i];
        words += (words.empty() ? "" : ", ") + w;
      }
    EXPECT_EQ(allowed_moves(wf, state).substr(0, words.size()), words) << name;
  }
  for (Move move : kAllMoves) {
    std::string statuses;
    for (const char* st : {"active", "blocked", "dropped", "cancelled", "finished"})
      if (taken_while[move].count(st)) statuses += (statuses.empty() ? "" : ", ") + std::string(st);
    EXPECT_EQ(statuses_taking(move), statuses) << to_string(move);
  }
  // The drift the chart settles: finished and dropped take invest and update,
  // cancelled takes update; a blocked project cannot advance.
  EXPECT_EQ(statuses_taking(Move::kInvest), "active, blocked, dropped, finished");
  EXPECT_EQ(statuses_taking(Move::kUpdate), "active, blocked, dropped, cancelled, finished");
  EXPECT_EQ(statuses_taking(Move::kAdvance), "active");
}

// A blocked project's refused advance names its open blockers.
TEST(LifecycleTest, ABlockedProjectCannotAdvanceUntilUnblocked) {
  const auto& wf = default_workflow();
  ProjectState s = state_at(*wf.find_stage("pre_review"), ProjectStatus::kBlocked);
  s.blockers.push_back({3, "land", "quota", "", day(0), {}});
  Event e = advance_to("site_entry");
  const Status r = Lifecycle(wf, s, nullptr).apply(e);
  EXPECT_EQ(r.code(), ErrorCode::kRefused);
  EXPECT_EQ(r.message(), "blocked by open blocker(s) 3 (land); unblock first");
  EXPECT_EQ(allowed_moves(wf, s).find("advance"), std::string::npos) << allowed_moves(wf, s);
}

// Every move the write table knows (but add, which makes a project) is one
// move of the chart, by the same name; and every move is a write command.
TEST(LifecycleTest, EveryWriteCommandIsAMoveOfTheChart) {
  std::set<std::string> commands;
  for (const auto& c : commands::write_commands()) {
    if (c.name == "add") continue;
    commands.insert(c.name);
    const auto move = parse_move(c.name);
    ASSERT_TRUE(move) << c.name;
    EXPECT_EQ(to_string(*move), c.name);
  }
  std::set<std::string> moves;
  for (Move m : kAllMoves) moves.insert(std::string(to_string(m)));
  EXPECT_EQ(moves, commands);
  EXPECT_FALSE(parse_move("add"));
  for (auto kind : {EventKind::kPlanned, EventKind::kPlanCleared})
    EXPECT_EQ(move_of(kind), Move::kPlan);
  EXPECT_FALSE(move_of(EventKind::kCreated));
}

TEST(LifecycleTest, ReplayFoldsEventsAndStopsAtADate) {
  const auto& wf = default_workflow();
  std::vector<Event> events;
  Event created;
  created.kind = EventKind::kCreated;
  created.project = "P";
  created.on = day(0);
  created.to = "signed";
  created.attributes = ProjectAttributes{};
  events.push_back(created);
  Event a = advance_to("pre_review");
  a.on = day(5);
  events.push_back(a);
  Event c = simple(EventKind::kCancelled);
  c.on = day(9);
  events.push_back(c);
  auto at3 = replay(wf, events, day(3));
  ASSERT_TRUE(at3.ok());
  EXPECT_EQ(at3->stage, 0);
  auto at5 = replay(wf, events, day(5));
  ASSERT_TRUE(at5.ok());
  EXPECT_EQ(at5->stage, 1);
  EXPECT_EQ(at5->status, ProjectStatus::kActive);
  auto all = replay(wf, events);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->status, ProjectStatus::kCancelled);
  EXPECT_EQ(replay(wf, events, day(-1)).status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace luodi
