#include "lifecycle/lifecycle.h"

#include <gtest/gtest.h>

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
      const bool legal = to == from + 1 || (wf.stages[from].id == "pre_review" &&
                                            wf.stages[to].id == "construction");
      ProjectState s = state_at(from, from == n - 1 ? ProjectStatus::kFinished
                                                    : ProjectStatus::kActive);
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
    if (status == ProjectStatus::kBlocked) s.blockers.push_back({3, "land", "quota", "", day(0), {}});
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
            "advance to site_entry, advance to construction, block, cancel, drop");
  s.status = ProjectStatus::kCancelled;
  EXPECT_EQ(allowed_moves(wf, s), "nothing (cancelled is final)");
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
