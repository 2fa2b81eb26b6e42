// The store's contract, run against both backends: every area of
// engine/store/store.h must answer the same on SQLite and on PostgreSQL
// (tests/support/postgres.h says where the PostgreSQL one comes from).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "store/store.h"
#include "support/postgres.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::ScratchPostgres;
using testing::TempDir;

Date day(const char* s) { return *Date::parse(s); }

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      LUODI_NEED_POSTGRES();
      pg_ = std::make_unique<ScratchPostgres>();
      location_ = pg_->uri();
    } else {
      dir_ = std::make_unique<TempDir>();
      location_ = dir_->file("store.db");
    }
    auto s = open_store(location_, OpenMode::kCreate);
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(s).value();
  }

  // A project as a creation leaves it, in `unit` at stage 0.
  static ProjectState project(const std::string& code, const std::string& unit = "马涧镇") {
    ProjectState p;
    p.code = code;
    p.attributes.name = "项目 " + code;
    p.attributes.unit = unit;
    p.attributes.leader = "钱立新";
    p.attributes.investment_wan = 12000.5;
    p.attributes.land_need_mu = 80;
    p.attributes.land_secured_mu = 30;
    p.stage_since = day("2026-03-01");
    p.created_on = day("2026-03-01");
    p.last_event_on = day("2026-03-01");
    return p;
  }

  void insert(const ProjectState& p, std::optional<Date> due = std::nullopt,
              Date next = day("2026-03-01")) {
    ASSERT_TRUE(store_->projects().insert_project(p, due, next).ok());
  }

  Event event(const std::string& code, EventKind kind, const char* on) {
    Event e;
    e.project = code;
    e.kind = kind;
    e.on = day(on);
    e.recorded_at = *parse_local("2026-03-01T09:00");
    e.actor = "督查科";
    e.to = "presite";
    e.note = "备注 “引号” \\ 与 'quote'";
    return e;
  }

  Notification notification(const std::string& key, const std::string& project,
                            const std::string& state = "pending") {
    Notification n;
    n.key = key;
    n.project = project;
    n.recipient = "马涧镇招商办";
    n.rule = "due";
    n.due = day("2026-04-01");
    n.message = "到期提醒";
    n.channel = "webhook:http://127.0.0.1:1/hook";
    n.state = state;
    n.created_at = *parse_local("2026-03-02T09:00");
    return n;
  }

  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<ScratchPostgres> pg_;
  std::string location_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContract, SaysWhichBackendAndSchemaItIs) {
  EXPECT_EQ(store_->kind(), GetParam());
  EXPECT_EQ(store_->schema_version(), latest_schema_version());
  EXPECT_EQ(store_->city(), kDefaultCity);
  auto cities = store_->cities();
  ASSERT_TRUE(cities.ok());
  ASSERT_EQ(cities->size(), 1u);
  EXPECT_EQ((*cities)[0].id, "default");
  EXPECT_EQ((*cities)[0].name, "") << "no name until one is given";
  EXPECT_EQ((*cities)[0].shown(), "default");
  ASSERT_TRUE(store_->set_city_name("default").ok());  // what a luodi before names kept
  EXPECT_EQ((*store_->cities())[0].name, "") << "the id as the name is none";
  ASSERT_TRUE(store_->set_city_name("宿州市").ok());
  EXPECT_EQ((*store_->cities())[0].name, "宿州市");
  EXPECT_EQ((*store_->cities())[0].shown(), "宿州市");
  // A second creation of the same city is refused; opening it again works.
  EXPECT_EQ(open_store(location_, OpenMode::kCreate).status().code(), ErrorCode::kConflict);
  auto again = open_store(location_, OpenMode::kExisting);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ((*again)->schema_version(), latest_schema_version());
}

TEST_P(StoreContract, EventsComeBackInEffectiveOrderWithEveryField) {
  auto& projects = store_->projects();
  Event late = event("P1", EventKind::kAdvanced, "2026-03-10");
  late.evidence = {{"批复文号", "宿发改〔2026〕12号"}};
  Event early = event("P1", EventKind::kCreated, "2026-03-01");
  early.attributes = project("P1").attributes;
  Event blocked = event("P1", EventKind::kBlocked, "2026-03-05");
  blocked.blocker = Blocker{7, "land", "用地指标未落实", "自然资源局", day("2026-03-05"), {}};
  auto s1 = projects.append_event(late);
  auto s2 = projects.append_event(early);
  auto s3 = projects.append_event(blocked);
  ASSERT_TRUE(s1.ok() && s2.ok() && s3.ok());
  EXPECT_LT(*s1, *s2);
  EXPECT_LT(*s2, *s3);
  ASSERT_TRUE(projects.append_event(event("P2", EventKind::kCreated, "2026-03-02")).ok());

  auto events = projects.project_events("P1");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].kind, EventKind::kCreated);
  EXPECT_EQ((*events)[0].attributes, early.attributes);
  EXPECT_EQ((*events)[1].kind, EventKind::kBlocked);
  EXPECT_EQ((*events)[1].blocker->reason, "用地指标未落实");
  EXPECT_EQ((*events)[2].evidence, late.evidence);
  EXPECT_EQ((*events)[2].note, late.note);
  EXPECT_EQ((*events)[2].recorded_at, late.recorded_at);
  EXPECT_EQ(*projects.max_blocker_id(), 7);

  std::vector<std::string> seen;
  ASSERT_TRUE(projects
                  .scan_events(day("2026-03-05"),
                               [&](Event&& e) {
                                 seen.push_back(e.project + "@" + e.on.str());
                                 return Status::Ok();
                               })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"P1@2026-03-01", "P1@2026-03-05", "P2@2026-03-02"}));
}

// Scans read pages of kScanPage rows and batches read a hundred codes a
// query: more than a page of projects and events, some of them blocked
// (read in the middle of a scan), comes back whole and in order.
TEST_P(StoreContract, ScansAndBatchesGoOnAcrossPagesWithoutLosingARow) {
  auto& projects = store_->projects();
  std::vector<std::string> codes;
  ASSERT_TRUE(store_->begin().ok());
  for (int i = 0; i < 1203; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "Q%05d", i);
    codes.push_back(code);
    ProjectState p = project(code);
    if (i % 97 == 0) {
      p.status = ProjectStatus::kBlocked;
      p.blockers.push_back({i + 1, "land", "指标", "自然资源局", day("2026-03-03"), {}});
    }
    insert(p);
    // Two events on one day (ordered by their numbers), one later; the
    // first project has three on that day, so that a page ends between two
    // events of one project and day.
    for (const char* on : {"2026-03-01", "2026-03-01", "2026-03-09"})
      ASSERT_TRUE(projects.append_event(event(code, EventKind::kCreated, on)).ok());
    if (i == 0) {
      ASSERT_TRUE(projects.append_event(event(code, EventKind::kCreated, "2026-03-01")).ok());
    }
  }
  ASSERT_TRUE(store_->commit().ok());
  std::vector<std::string> scanned;
  std::int64_t last_seq = 0;
  std::string last_project;
  int early_events = 0;
  ASSERT_TRUE(projects
                  .scan_events(day("2026-03-05"),
                               [&](Event&& e) {
                                 if (e.project == last_project) {
                                   EXPECT_GT(e.seq, last_seq);
                                 } else {
                                   scanned.push_back(e.project);
                                 }
                                 last_project = e.project;
                                 last_seq = e.seq;
                                 ++early_events;
                                 return Status::Ok();
                               })
                  .ok());
  EXPECT_EQ(scanned, codes);  // each project once, its early events together
  EXPECT_EQ(early_events, 2 * 1203 + 1);
  std::vector<std::string> listed;
  int blocked = 0;
  ASSERT_TRUE(projects
                  .scan_projects({},
                                 [&](ProjectState&& p) {
                                   listed.push_back(p.code);
                                   blocked += !p.blockers.empty();
                                   return Status::Ok();
                                 })
                  .ok());
  EXPECT_EQ(listed, codes);
  EXPECT_EQ(blocked, 13);
  std::vector<std::string> asked(codes.begin() + 50, codes.begin() + 305);
  asked.push_back("NONE");
  auto batch = projects.events_of(asked);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->size(), 255u);
  for (const auto& code : {codes[50], codes[149], codes[150], codes[304]}) {
    auto one = projects.project_events(code);
    ASSERT_TRUE(one.ok());
    ASSERT_EQ(batch->at(code).size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(batch->at(code)[i].seq, (*one)[i].seq) << code;
  }
  EXPECT_EQ(batch->count("NONE"), 0u);
}

TEST_P(StoreContract, TheProjectionKeepsStateBlockersAndInstructions) {
  ProjectState p = project("P1");
  p.blockers.push_back(
      {3,
       "land",
       "指标",
       "自然资源局",
       day("2026-03-03"),
       {{1, "限期解决", "自然资源局", day("2026-04-01"), day("2026-03-04"), "钱立新", {}, ""}}});
  p.status = ProjectStatus::kBlocked;
  p.plan = Plan{day("2026-05-01"), 3, "倒排", day("2026-03-02")};
  p.progress = Progress{day("2026-03-31"), 1500.25, 12.5};
  insert(p, day("2026-04-15"));
  auto loaded = store_->projects().load_project("P1", true);
  ASSERT_TRUE(loaded.ok() && *loaded);
  EXPECT_EQ(**loaded, p);
  auto lifecycle = store_->projects().load_lifecycle("P1");
  ASSERT_TRUE(lifecycle.ok() && *lifecycle);
  EXPECT_EQ((*lifecycle)->blockers, p.blockers);
  EXPECT_TRUE((*lifecycle)->attributes.name.empty());

  p.stage = 2;
  p.blockers.clear();
  p.status = ProjectStatus::kActive;
  p.last_event_on = day("2026-03-20");
  ASSERT_TRUE(store_->projects().update_project(p, true, std::nullopt, day("2026-03-21")).ok());
  EXPECT_EQ(**store_->projects().load_project("P1"), p);
  EXPECT_FALSE(store_->projects()
                   .update_project(project("NOPE"), false, std::nullopt, day("2026-03-21"))
                   .ok());
  EXPECT_FALSE(*store_->projects().load_project("NOPE"));

  insert(project("P2", "上华街道"));
  std::vector<std::string> codes;
  ProjectFilter f;
  f.unit = "上华街道";
  ASSERT_TRUE(store_->projects()
                  .scan_projects(f,
                                 [&](ProjectState&& s) {
                                   codes.push_back(s.code);
                                   return Status::Ok();
                                 })
                  .ok());
  EXPECT_EQ(codes, std::vector<std::string>{"P2"});
  // A project code twice is a conflict, and the transaction it was in rolls back whole.
  ASSERT_TRUE(store_->begin().ok());
  insert(project("P3"));
  Status twice = store_->projects().insert_project(project("P3"), std::nullopt, day("2026-03-01"));
  EXPECT_FALSE(twice.ok());
  store_->rollback();
  EXPECT_FALSE(*store_->projects().load_project("P3"));
}

// Every column of a kept standing, to compare two.
std::string text(const Schedule& s) {
  auto d = [](const std::optional<Date>& v) { return v ? v->str() : std::string("-"); };
  return d(s.due) + " " + std::string(to_string(s.light)) + " " + d(s.light_since) + " " +
         d(s.yellow_since) + " " + d(s.checked_on) + " " + d(s.next_check) + " " +
         std::to_string(s.due_stage) + " " + std::to_string(static_cast<int>(s.due_source)) + " " +
         std::to_string(s.due_provisional);
}

// A write's one UPDATE (update_project with a mask): the lifecycle, the
// attributes named and the kept standing's columns that differ from what the
// row kept; the rest of the row stays, and the blockers go from the old to
// the new, on both backends.
TEST_P(StoreContract, AWritesOneUpdateSetsOnlyWhatItNames) {
  ProjectState p = project("P1");
  Schedule kept;
  kept.due = day("2026-04-15");
  kept.due_stage = 1;
  kept.due_source = Deadline::Source::kPlan;
  kept.light = LightColor::kYellow;
  kept.light_since = day("2026-03-10");
  kept.yellow_since = day("2026-03-10");
  kept.checked_on = day("2026-03-20");
  kept.next_check = day("2026-04-01");
  p.blockers = {{7, "land", "no quota", "自然资源局", day("2026-03-05"), {}}};
  ASSERT_TRUE(store_->projects().insert_project(p, kept).ok());
  Schedule read;
  auto loaded = store_->projects().load_project("P1", true, &read);
  ASSERT_TRUE(loaded.ok() && *loaded);
  EXPECT_EQ(**loaded, p);
  EXPECT_EQ(text(*store_->schedule().load_schedule("P1")), text(read));
  EXPECT_EQ(read.due, kept.due);
  EXPECT_EQ(read.due_source, Deadline::Source::kPlan);
  EXPECT_EQ(read.light, LightColor::kYellow);
  Schedule lifecycle_kept;
  ASSERT_TRUE(store_->projects().load_lifecycle("P1", false, &lifecycle_kept).ok());
  EXPECT_EQ(text(lifecycle_kept), text(read));

  // The leader changes, the name is written nowhere (the row's stays); the
  // light and the next check move, the due date does not.
  ProjectState next = p;
  next.stage = 1;
  next.last_event_on = day("2026-03-21");
  next.attributes.leader = "王五";
  next.attributes.name = "not written";
  next.blockers.push_back({8, "funding", "no money", "财政局", day("2026-03-21"), {}});
  next.blockers[0].instructions = {
      {9, "快办", "自然资源局", day("2026-04-01"), day("2026-03-21"), "市长", std::nullopt, ""}};
  Schedule now = read;
  now.light = LightColor::kRed;
  now.light_since = day("2026-03-21");
  now.checked_on = day("2026-03-21");
  now.next_check = day("2026-03-22");
  ASSERT_TRUE(
      store_->projects().update_project(next, true, p.blockers, {"leader"}, now, read).ok());
  ProjectState expected = next;
  expected.attributes.name = p.attributes.name;
  EXPECT_EQ(**store_->projects().load_project("P1"), expected);
  EXPECT_EQ(text(*store_->schedule().load_schedule("P1")), text(now));

  // Only what differs from `before` is written: a column the write believes
  // unchanged (the light here) stays as the row has it.
  Schedule believed = now;
  believed.light = LightColor::kGreen;
  Schedule moved = believed;
  moved.due = day("2026-05-01");
  moved.due_source = Deadline::Source::kStage;
  ASSERT_TRUE(store_->projects().update_project(expected, false, {}, {}, moved, believed).ok());
  now.due = moved.due;
  now.due_source = moved.due_source;
  EXPECT_EQ(text(*store_->schedule().load_schedule("P1")), text(now));

  // Blockers: one resolved, the other's instruction closed.
  ProjectState resolved = expected;
  resolved.blockers.erase(resolved.blockers.begin() + 1);
  resolved.blockers[0].instructions[0].done_on = day("2026-03-25");
  resolved.blockers[0].instructions[0].done_note = "办结";
  ASSERT_TRUE(
      store_->projects().update_project(resolved, true, expected.blockers, {}, now, now).ok());
  EXPECT_EQ(**store_->projects().load_project("P1"), resolved);
  EXPECT_EQ(text(*store_->schedule().load_schedule("P1")), text(now));

  EXPECT_FALSE(store_->projects().update_project(project("NOPE"), false, {}, {}, now, read).ok());
}

TEST_P(StoreContract, CodesOrderByteByByteOnBothBackends) {
  std::vector<std::string> codes = {"b-1", "B1", "a10", "a-2", "A_3", "宿-1", "a2", "Z"};
  for (const auto& c : codes) insert(project(c));
  std::vector<std::string> seen;
  ASSERT_TRUE(store_->projects()
                  .scan_projects({},
                                 [&](ProjectState&& s) {
                                   seen.push_back(s.code);
                                   return Status::Ok();
                                 })
                  .ok());
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(seen, codes);
}

TEST_P(StoreContract, TheScheduleIsKeptAndQueuesTheTick) {
  for (const std::string c : {"P1", "P2", "P3"})
    insert(project(c), day("2026-04-01"), *Date::parse("2026-03-0" + c.substr(1)));
  ASSERT_TRUE(store_->projects().append_event(event("P2", EventKind::kCreated, "2026-03-01")).ok());
  ASSERT_TRUE(store_->outbox().add_notification(notification("k1", "P2")).ok());
  auto& schedule = store_->schedule();
  EXPECT_EQ(*schedule.earliest_check(), day("2026-03-01"));
  auto due = schedule.due_projects(day("2026-03-02"), 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].code, "P1");
  EXPECT_EQ((*due)[1].code, "P2");
  EXPECT_EQ((*due)[1].events.size(), 1u);
  EXPECT_EQ((*due)[1].notification_keys, std::vector<std::string>{"k1"});
  EXPECT_EQ(schedule.due_projects(day("2026-03-03"), 1)->size(), 1u);

  Schedule s = *schedule.load_schedule("P1");
  const Schedule before = s;
  s.light = LightColor::kRed;
  s.light_since = day("2026-03-02");
  s.checked_on = day("2026-03-02");
  s.next_check = day("2026-03-09");
  s.due_stage = 2;
  s.due_source = Deadline::Source::kPlan;
  s.due_provisional = true;
  ASSERT_TRUE(schedule.save_schedule("P1", s, &before).ok());
  Schedule back = *schedule.load_schedule("P1");
  EXPECT_EQ(back.light, LightColor::kRed);
  EXPECT_EQ(back.next_check, day("2026-03-09"));
  EXPECT_EQ(back.due_source, Deadline::Source::kPlan);
  EXPECT_TRUE(back.due_provisional);
  EXPECT_EQ(back.due, day("2026-04-01"));
  EXPECT_EQ(schedule.load_schedule("NOPE").status().code(), ErrorCode::kNotFound);

  const auto codes_of = [](const Result<std::vector<DueProject>>& due) {
    std::vector<std::string> out;
    for (const auto& p : *due) out.push_back(p.code);
    return out;
  };
  auto to_keep = schedule.projects_to_keep(day("2026-03-03"), std::nullopt, 10);
  ASSERT_TRUE(to_keep.ok()) << to_keep.status().message();
  EXPECT_EQ(codes_of(to_keep), (std::vector<std::string>{"P2", "P3"}));
  // Each with what the look needs, read a chunk at a time: as the tick's chunk has it.
  EXPECT_EQ((*to_keep)[0].events.size(), (*due)[1].events.size());
  EXPECT_EQ((*to_keep)[0].kept.next_check, schedule.load_schedule("P2")->next_check);
  EXPECT_TRUE((*to_keep)[0].notification_keys.empty()) << "not read for keeping";
  EXPECT_EQ(codes_of(schedule.projects_to_keep(day("2026-03-03"), std::string("P2"), 10)),
            std::vector<std::string>{"P3"});
  ASSERT_TRUE(schedule.recheck_by(day("2026-03-05")).ok());
  EXPECT_EQ(schedule.load_schedule("P1")->next_check, day("2026-03-05"));
  ASSERT_TRUE(schedule.forget_standing_since(day("2026-03-02")).ok());
  EXPECT_FALSE(schedule.load_schedule("P1")->checked_on);
}

TEST_P(StoreContract, KeptStandingsAnswerListsAndGaugesThatAddUp) {
  for (int i = 0; i < 6; ++i) {
    ProjectState p = project("P" + std::to_string(i), i % 2 ? "上华街道" : "马涧镇");
    p.stage = i % 3;
    insert(p, day(i < 3 ? "2026-03-01" : "2026-05-01"));
    Schedule s = *store_->schedule().load_schedule(p.code);
    s.light = i < 2 ? LightColor::kRed : LightColor::kGreen;
    s.checked_on = day("2026-03-10");
    s.next_check = day("2026-03-20");
    ASSERT_TRUE(store_->schedule().save_schedule(p.code, s).ok());
  }
  auto& standing = store_->standing();
  KeptQuery q;
  q.day = day("2026-03-10");
  q.overdue = true;
  q.rows = true;
  auto overdue = standing.kept(q);
  ASSERT_TRUE(overdue.ok());
  ASSERT_EQ(overdue->size(), 3u);
  EXPECT_EQ((*overdue)[0].row->name, "项目 P0");
  q = {};
  q.day = day("2026-03-10");
  q.order = KeptQuery::Order::kByDue;
  q.limit = 2;
  auto page = *standing.kept(q);
  ASSERT_EQ(page.size(), 2u);
  q.after_code = page.back().code;
  q.after_due = page.back().due;
  EXPECT_EQ(standing.kept(q)->front().code, "P2");
  q = {};
  q.day = day("2026-03-10");
  q.light = LightColor::kRed;
  q.filter.unit = "上华街道";
  EXPECT_EQ(standing.kept(q)->size(), 1u);
  EXPECT_TRUE(standing.unkept_on(day("2026-03-10"))->empty());
  EXPECT_EQ(standing.unkept_on(day("2026-03-20"))->size(), 6u);

  long counted = 0;
  double invested = 0;
  auto groups = standing.kept_groups(day("2026-03-10"));
  ASSERT_TRUE(groups.ok());
  for (const auto& g : *groups) {
    counted += g.count;
    invested += g.investment_wan;
  }
  EXPECT_EQ(counted, 6);
  EXPECT_DOUBLE_EQ(invested, 6 * 12000.5);
  // Gauges after moves back and forth (PostgreSQL keeps them as deltas).
  ProjectState p = **store_->projects().load_lifecycle("P0");
  for (int stage : {1, 2, 0, 2}) {
    p.stage = stage;
    ASSERT_TRUE(
        store_->projects().update_project(p, false, day("2026-06-01"), day("2026-03-20")).ok());
  }
  auto gauges = standing.kept_gauges(day("2026-04-01"));
  ASSERT_TRUE(gauges.ok());
  long total = 0;
  for (const auto& g : gauges->first) total += g.count;
  EXPECT_EQ(total, 6);
  EXPECT_EQ(gauges->second, 2);  // P1, P2 still due 03-01; P0 moved to 06-01
  EXPECT_TRUE(standing.check_gauges()->empty());
  // Compacted (PostgreSQL's rows of changes summed), they say the same.
  ASSERT_TRUE(standing.compact_gauges().ok());
  EXPECT_TRUE(standing.check_gauges()->empty());
  auto compacted = standing.kept_gauges(day("2026-04-01"));
  ASSERT_TRUE(compacted.ok());
  EXPECT_EQ(compacted->second, 2);
  EXPECT_EQ(compacted->first.size(), gauges->first.size());
}

// The gauges keep the amounts stats sums (investment, land need, secured,
// shortfall, need unknown) beside each group's count, exact through
// attribute changes and moves between groups, compacted or not.
TEST_P(StoreContract, TheGaugesKeepTheAmountsThroughEveryChange) {
  for (int i = 0; i < 4; ++i) insert(project("P" + std::to_string(i)));
  auto& standing = store_->standing();
  auto sums = [&] {
    auto g = standing.kept_gauges(day("2026-04-01"));
    EXPECT_TRUE(g.ok());
    StandingGroup all;
    for (const auto& x : g->first) {
      all.count += x.count;
      all.investment_wan += x.investment_wan;
      all.land.need += x.land.need;
      all.land.secured += x.land.secured;
      all.land.shortfall += x.land.shortfall;
      all.land.need_unknown += x.land.need_unknown;
    }
    return all;
  };
  StandingGroup all = sums();
  EXPECT_EQ(all.count, 4);
  EXPECT_DOUBLE_EQ(all.investment_wan, 4 * 12000.5);
  EXPECT_DOUBLE_EQ(all.land.need, 4 * 80.0);
  EXPECT_DOUBLE_EQ(all.land.secured, 4 * 30.0);
  EXPECT_DOUBLE_EQ(all.land.shortfall, 4 * 50.0);
  EXPECT_EQ(all.land.need_unknown, 0);
  // P0's amounts change, P1's need becomes unknown, P2 moves stage and status.
  ProjectState p0 = **store_->projects().load_project("P0");
  p0.attributes.investment_wan = 0.1;
  p0.attributes.land_secured_mu = 80;
  ASSERT_TRUE(store_->projects().set_attributes(p0).ok());
  p0.attributes.investment_wan = 0.3;
  ASSERT_TRUE(store_->projects().set_attributes(p0).ok());
  ProjectState p1 = **store_->projects().load_project("P1");
  p1.attributes.land_need_mu.reset();
  p1.attributes.investment_wan.reset();
  ASSERT_TRUE(store_->projects().set_attributes(p1).ok());
  ProjectState p2 = **store_->projects().load_lifecycle("P2");
  p2.stage = 2;
  p2.status = ProjectStatus::kBlocked;
  ASSERT_TRUE(
      store_->projects().update_project(p2, false, day("2026-06-01"), day("2026-03-20")).ok());
  for (int compacted = 0; compacted < 2; ++compacted) {
    SCOPED_TRACE(compacted ? "compacted" : "as written");
    all = sums();
    EXPECT_EQ(all.count, 4);
    EXPECT_DOUBLE_EQ(all.investment_wan, 2 * 12000.5 + 0.3);
    EXPECT_DOUBLE_EQ(all.land.need, 3 * 80.0);
    EXPECT_DOUBLE_EQ(all.land.secured, 80 + 3 * 30.0);
    EXPECT_DOUBLE_EQ(all.land.shortfall, 0 + 2 * 50.0);
    EXPECT_EQ(all.land.need_unknown, 1);
    auto differences = standing.check_gauges();
    ASSERT_TRUE(differences.ok());
    EXPECT_TRUE(differences->empty()) << differences->front();
    ASSERT_TRUE(standing.compact_gauges().ok());
  }
}

TEST_P(StoreContract, TheOutboxHoldsEachKeyOnceAndCountsStates) {
  insert(project("P1"));
  auto& outbox = store_->outbox();
  EXPECT_TRUE(*outbox.add_notification(notification("k1", "P1")));
  EXPECT_FALSE(*outbox.add_notification(notification("k1", "P1")));
  EXPECT_TRUE(*outbox.add_notification(notification("k2", "P1")));
  Notification stale = notification("k3", "P1");
  stale.rule = "stale";
  EXPECT_TRUE(*outbox.add_notification(stale));
  EXPECT_EQ(outbox.notification_keys("P1")->size(), 3u);
  const Timestamp sent = *parse_local("2026-03-02T09:05");
  ASSERT_TRUE(
      outbox.set_notification_state("k1", "马涧镇招商办", "sent", 1, "", std::nullopt, false, sent)
          .ok());
  ASSERT_TRUE(outbox
                  .set_notification_state("k2", "马涧镇招商办", "pending", 2, "HTTP 500", sent,
                                          false, std::nullopt)
                  .ok());
  auto pending = outbox.rows(std::string("pending"));
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].key, "k2");
  EXPECT_EQ((*pending)[0].attempts, 2);
  EXPECT_EQ((*pending)[0].next_attempt_at, sent);
  auto since = outbox.sent_since(sent - std::chrono::seconds(60));
  ASSERT_EQ(since->size(), 1u);
  EXPECT_EQ((*since)[0].second, sent);
  // A move to another due date makes pending reminders obsolete, not the stale one.
  ASSERT_TRUE(outbox.obsolete_pending("P1", day("2026-05-01")).ok());
  auto counts = *outbox.outbox_counts();
  EXPECT_EQ(counts, (std::map<std::string, long>{{"obsolete", 1}, {"pending", 1}, {"sent", 1}}));
  EXPECT_TRUE(store_->standing().check_gauges()->empty());
}

// The outbox read a page at a time (keyset on created_at, project, key,
// recipient, in SQL) gives the whole outbox's rows in its order, whatever
// the page size and state asked for; a position no page made is refused.
TEST_P(StoreContract, TheOutboxInPagesIsTheWholeOutboxInOrder) {
  for (const char* code : {"P1", "P2", "P3"}) insert(project(code));
  auto& outbox = store_->outbox();
  int made = 0;
  for (const char* at : {"2026-03-02T09:00", "2026-03-01T09:00", "2026-03-02T08:00"})
    for (const char* code : {"P3", "P1", "P2"})
      for (const char* key : {"k|b", "k|a", "k|c"})
        for (const char* to : {"马涧镇招商办", "督查科"}) {
          Notification n = notification(key, code, made % 3 ? "pending" : "sent");
          n.key = std::string(code) + "|" + key + "|" + at;
          n.recipient = to;
          n.created_at = *parse_local(at);
          ASSERT_TRUE(*outbox.add_notification(n));
          ++made;
        }
  const auto id = [](const Notification& n) { return n.project + "/" + n.key + "/" + n.recipient; };
  for (std::optional<std::string> state :
       {std::optional<std::string>(), std::optional<std::string>("pending")}) {
    auto whole = outbox.rows(state);
    ASSERT_TRUE(whole.ok()) << whole.status().message();
    ASSERT_EQ(whole->size(), state ? 36u : 54u);
    for (std::size_t size : {1, 4, 7, 1000}) {
      std::vector<std::string> paged;
      std::optional<std::string> after;
      int pages = 0;
      do {
        auto page = outbox.rows(state, after, size);
        ASSERT_TRUE(page.ok()) << page.status().message();
        ASSERT_LE(page->rows.size(), size);
        for (const auto& n : page->rows) paged.push_back(id(n));
        after = page->next;
        ASSERT_LT(++pages, 100);
      } while (after);
      std::vector<std::string> expected;
      for (const auto& n : *whole) expected.push_back(id(n));
      EXPECT_EQ(paged, expected) << "pages of " << size;
    }
  }
  auto bad = outbox.rows(std::nullopt, std::string("no separators"), 5);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kBadInput);
}

TEST_P(StoreContract, DirectoryUsersAndCampaignsRoundTrip) {
  Contact c{"马涧镇招商办",
            Role::kUnit,
            "马涧镇",
            "webhook:https://oapi.dingtalk.com/robot/send?access_token=x",
            "dingtalk",
            "SEC",
            {"13800000000", "13900000000"},
            20};
  ASSERT_TRUE(store_->directory().put_contact(c).ok());
  c.rate_per_min = 10;
  c.rate_window_ms = 65000;
  c.throttle_pause_ms = 900000;
  ASSERT_TRUE(store_->directory().put_contact(c).ok());
  auto contacts = *store_->directory().contacts();
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_EQ(contacts[0].mentions, c.mentions);
  EXPECT_EQ(contacts[0].rate_per_min, 10);
  EXPECT_EQ(contacts[0].rate_window_ms, 65000);
  EXPECT_EQ(contacts[0].throttle_pause_ms, 900000);
  EXPECT_TRUE(*store_->directory().remove_contact(c.name));
  EXPECT_FALSE(*store_->directory().remove_contact(c.name));

  auto& users = store_->users();
  User u{"督查科", Role::kSupervisor, "", *parse_local("2026-03-01T08:00")};
  ASSERT_TRUE(users.add_user(u, "hash1").ok());
  EXPECT_EQ(users.add_user(u, "hash2").code(), ErrorCode::kConflict);
  EXPECT_EQ((*users.user_by_token_hash("hash1"))->name, "督查科");
  EXPECT_TRUE(*users.revoke_user("督查科", *parse_local("2026-03-02T08:00")));
  EXPECT_FALSE(*users.user_by_token_hash("hash1"));
  EXPECT_TRUE(users.all()->front().second);

  ASSERT_TRUE(store_->campaigns().put_campaign({"c1", "id: c1", "a.yaml"}).ok());
  ASSERT_TRUE(store_->campaigns().put_campaign({"c1", "id: c1 # again", "b.yaml"}).ok());
  auto campaigns = *store_->campaigns().all();
  ASSERT_EQ(campaigns.size(), 1u);
  EXPECT_EQ(campaigns[0].source, "b.yaml");
  ASSERT_TRUE(store_->set_meta("k", "一").ok());
  ASSERT_TRUE(store_->set_meta("k", "二").ok());
  EXPECT_EQ(*store_->meta("k"), std::optional<std::string>("二"));
  EXPECT_EQ(*store_->meta("none"), std::nullopt);
}

TEST_P(StoreContract, ASavepointRollsBackAloneAndTheBatchCommitsTheRest) {
  ASSERT_TRUE(store_->begin().ok());
  insert(project("KEPT"));
  ASSERT_TRUE(store_->begin().ok());
  insert(project("UNDONE"));
  store_->rollback();
  ASSERT_TRUE(store_->commit().ok());
  EXPECT_TRUE(*store_->projects().load_project("KEPT"));
  EXPECT_FALSE(*store_->projects().load_project("UNDONE"));
  // A whole transaction rolled back leaves nothing.
  ASSERT_TRUE(store_->begin().ok());
  insert(project("GONE"));
  store_->rollback();
  EXPECT_FALSE(*store_->projects().load_project("GONE"));
  // Committed writes are seen by another connection.
  auto other = open_store(location_, OpenMode::kExisting);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(*(*other)->projects().load_project("KEPT"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace luodi
