#include "luodi/engine.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>

#include "importer/project_import.h"
#include "support/recording_delivery.h"
#include "support/requests.h"
#include "support/test_support.h"
#include "support/tick_collector.h"

namespace luodi {
namespace {

using testing::read_file;
using testing::source_path;
using testing::TempDir;

Source file_source(const std::string& rel) { return {read_file(source_path(rel)), rel}; }

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(*parse_local("2026-06-30T10:00"));
    auto e = Engine::create(db_, file_source("workflows/key-project.yaml"),
                            file_source("workflows/calendars/cn.yaml"), clock_);
    ASSERT_TRUE(e.ok()) << e.status().message();
    engine_ = std::move(e).value();
  }

  NewProject project(const std::string& code, const char* since = "2026-01-10") {
    NewProject p;
    p.code = code;
    p.attributes.name = "项目" + code;
    p.attributes.unit = "游埠镇";
    p.attributes.investment_wan = 10000;
    p.on = Date::parse(since);
    return p;
  }

  AdvanceRequest to(const char* stage, const char* on) {
    AdvanceRequest r;
    r.to = stage;
    r.on = Date::parse(on);
    r.by = "tester";
    r.evidence["permit"] = "P-1";
    return r;
  }

  int event_count() {
    auto report = engine_->verify();
    EXPECT_TRUE(report.ok());
    return report->events;
  }

  TempDir dir_;
  std::string db_ = dir_.file("luodi.db");
  ManualClock clock_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineTest, CreateRefusesAnExistingDatabase) {
  auto again = Engine::create(db_, file_source("workflows/key-project.yaml"),
                              file_source("workflows/calendars/cn.yaml"), clock_);
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
}

TEST_F(EngineTest, ImportWithOneBadRowLeavesTheDatabaseUnchanged) {
  ASSERT_TRUE(engine_->execute(added(project("KEEP"), "t")).ok());
  const int before = event_count();
  const std::string csv =
      "code,name,unit,investment_wan,stage\n"
      "A1,甲项目,游埠镇,5000,pre_review\n"
      "A2,乙项目,女埠街道,lots,signed\n"
      "A3,丙项目,兰江街道,8000,nowhere\n"
      "KEEP,重复,兰江街道,1,signed\n";
  auto r = import_projects(*engine_, csv, "p.csv", "t", {});
  ASSERT_FALSE(r.ok());
  const std::string& m = r.status().message();
  EXPECT_NE(m.find("p.csv:3:13: investment_wan 'lots' is not a non-negative number"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("p.csv:4:18: unknown stage 'nowhere'"), std::string::npos) << m;
  EXPECT_EQ(event_count(), before);
  auto listed = engine_->tracked({});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 1u);

  // Rows that parse but clash with the database are reported too, and roll back.
  auto dup =
      import_projects(*engine_, "code,name,unit\nA1,甲,镇\nKEEP,重复,镇\n", "d.csv", "t", {});
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("d.csv:3:1: project KEEP already exists"),
            std::string::npos)
      << dup.status().message();
  EXPECT_EQ(engine_->tracked({})->size(), 1u);
}

TEST_F(EngineTest, DryRunWritesNothing) {
  ImportOptions dry_run;
  dry_run.dry_run = true;
  auto r = import_projects(*engine_, "code,name,unit\nA1,甲,镇\n", "p.csv", "t", dry_run);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->projects, 1);
  EXPECT_TRUE(engine_->tracked({})->empty());
}

TEST_F(EngineTest, ARefusedCommandChangesNothing) {
  ASSERT_TRUE(engine_->execute(added(project("P"), "t")).ok());
  const int before = event_count();
  Status s = engine_->execute(at("P", to("construction", "2026-02-01"))).status();
  EXPECT_EQ(s.code(), ErrorCode::kRefused);
  EXPECT_NE(s.message().find("P: cannot advance"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("at stage signed"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("allowed from there: advance to pre_review"), std::string::npos);
  EXPECT_EQ(event_count(), before);
  EXPECT_EQ(engine_->execute(at("NOPE", to("pre_review", "2026-02-01"))).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(engine_->execute(at("P", to("moon", "2026-02-01"))).status().code(),
            ErrorCode::kBadInput);
  EXPECT_EQ(engine_->execute(at("P", to("pre_review", "2026-07-01"))).status().code(),
            ErrorCode::kBadInput)
      << "tomorrow has not happened";
  EXPECT_EQ(engine_->execute(at("P", to("pre_review", "2026-01-01"))).status().code(),
            ErrorCode::kBadInput)
      << "before the project existed";
}

TEST_F(EngineTest, AsOfQueriesSeeBackDatedEvents) {
  ASSERT_TRUE(engine_->execute(added(project("P"), "t")).ok());
  ASSERT_TRUE(engine_->execute(at("P", to("pre_review", "2026-03-01"))).ok());
  ASSERT_TRUE(engine_->execute(at("P", to("construction", "2026-05-01"))).ok());
  // Entered late: the site entry happened on April 10th.
  ASSERT_TRUE(engine_->execute(at("P", to("site_entry", "2026-04-10"))).ok())
      << "legal on its date";
  auto april = engine_->project("P", Date::parse("2026-04-20"));
  ASSERT_TRUE(april.ok());
  EXPECT_EQ(engine_->workflow().stages[april->stage].id, "site_entry");
  auto march = engine_->project("P", Date::parse("2026-03-15"));
  EXPECT_EQ(engine_->workflow().stages[march->stage].id, "pre_review");
  auto now = engine_->project("P");
  EXPECT_EQ(engine_->workflow().stages[now->stage].id, "construction");
  auto history = engine_->history("P");
  ASSERT_TRUE(history.ok());
  std::vector<std::string> order;
  for (const auto& e : *history) order.push_back(e.on.str());
  EXPECT_EQ(order,
            (std::vector<std::string>{"2026-01-10", "2026-03-01", "2026-04-10", "2026-05-01"}));
  EXPECT_TRUE(engine_->verify()->differences.empty());
  EXPECT_EQ(engine_->stats(Date::parse("2026-04-20"))->site_entry_or_later, 1);
  EXPECT_EQ(engine_->stats(Date::parse("2026-03-20"))->site_entry_or_later, 0);
  EXPECT_EQ(engine_->project("P", Date::parse("2026-01-01")).status().code(), ErrorCode::kNotFound);
}

TEST_F(EngineTest, InvestmentProgressIsDatedAndCumulative) {
  ASSERT_TRUE(engine_->execute(added(project("P"), "t")).ok());
  InvestRequest march;
  march.on = Date::parse("2026-03-31");
  march.fixed_asset_wan = 1200;
  march.foreign_arrived_usd_wan = 30;
  ASSERT_TRUE(engine_->execute(at("P", march)).ok());
  InvestRequest june;
  june.on = Date::parse("2026-06-30");
  june.fixed_asset_wan = 2500;  // no foreign figure: the last one stands
  ASSERT_TRUE(engine_->execute(at("P", june)).ok());
  InvestRequest late = march;  // entered late: the April figure
  late.on = Date::parse("2026-04-30");
  late.fixed_asset_wan = 1800;
  late.foreign_arrived_usd_wan = 45;
  ASSERT_TRUE(engine_->execute(at("P", late)).ok());

  auto now = engine_->project("P");
  ASSERT_TRUE(now->progress);
  EXPECT_EQ(now->progress->on.str(), "2026-06-30");
  EXPECT_EQ(now->progress->fixed_asset_wan, 2500);
  EXPECT_EQ(now->progress->foreign_arrived_usd_wan, 45) << "carried from April, entered late";
  auto may = engine_->project("P", Date::parse("2026-05-15"));
  EXPECT_EQ(may->progress->fixed_asset_wan, 1800);
  EXPECT_FALSE(engine_->project("P", Date::parse("2026-03-01"))->progress);
  EXPECT_TRUE(engine_->verify()->differences.empty()) << "the projection keeps the latest figures";

  InvestRequest negative = june;
  negative.fixed_asset_wan = -1;
  EXPECT_EQ(engine_->execute(at("P", negative)).status().code(), ErrorCode::kBadInput);
  InvestRequest too_early = june;
  too_early.on = Date::parse("2026-01-01");
  EXPECT_FALSE(engine_->execute(at("P", too_early)).ok()) << "before the project was recorded";
  CancelRequest cancel;
  cancel.note = "环评未通过";
  ASSERT_TRUE(engine_->execute(at("P", cancel)).ok());
  EXPECT_EQ(engine_->execute(at("P", june)).status().code(), ErrorCode::kRefused)
      << "cancelled is final";
}

// 2000 → 1800: a cumulative figure does not go down by mistake. Refused with
// both figures named, unless it is a correction, which the history shows.
TEST_F(EngineTest, ACumulativeInvestmentFigureLowerThanTheLastIsRefusedUnlessCorrected) {
  ASSERT_TRUE(engine_->execute(added(project("P"), "t")).ok());
  InvestRequest may;
  may.on = Date::parse("2026-05-31");
  may.fixed_asset_wan = 2000;
  may.foreign_arrived_usd_wan = 50;
  ASSERT_TRUE(engine_->execute(at("P", may)).ok());
  InvestRequest june = may;
  june.on = Date::parse("2026-06-30");
  june.fixed_asset_wan = 1800;
  june.foreign_arrived_usd_wan.reset();
  const auto refused = engine_->execute(at("P", june));
  ASSERT_EQ(refused.status().code(), ErrorCode::kBadInput);
  const std::string zh = refused.status().text(Lang::kZh);
  EXPECT_NE(zh.find("2000"), std::string::npos) << zh;
  EXPECT_NE(zh.find("1800"), std::string::npos) << zh;
  EXPECT_NE(zh.find("2026-05-31"), std::string::npos) << zh;
  EXPECT_NE(zh.find("--correction"), std::string::npos) << zh;
  EXPECT_EQ(engine_->project("P")->progress->fixed_asset_wan, 2000) << "nothing written";

  InvestRequest foreign_down = may;  // the foreign figure is cumulative too
  foreign_down.on = june.on;
  foreign_down.foreign_arrived_usd_wan = 40;
  EXPECT_EQ(engine_->execute(at("P", foreign_down)).status().code(), ErrorCode::kBadInput);

  InvestRequest back_dated = may;  // April at 2500 would make May's 2000 a fall
  back_dated.on = Date::parse("2026-04-30");
  back_dated.fixed_asset_wan = 2500;
  EXPECT_FALSE(engine_->execute(at("P", back_dated)).ok());

  june.correction = true;
  ASSERT_TRUE(engine_->execute(at("P", june)).ok());
  EXPECT_EQ(engine_->project("P")->progress->fixed_asset_wan, 1800);
  auto events = engine_->history("P");
  ASSERT_TRUE(events.ok());
  EXPECT_TRUE(events->back().correction) << "a correction is a dated event of its own";
  EXPECT_EQ(events->back().on.str(), "2026-06-30");
  EXPECT_TRUE(engine_->verify()->differences.empty()) << "a correction replays";

  // The completed fixed-asset attribute (the sheet's 已完成固定资产投资) is cumulative too.
  UpdateRequest up;
  up.fields = {"fixed_asset_wan"};
  up.values.fixed_asset_wan = 3000;
  ASSERT_TRUE(engine_->execute(at("P", up)).ok());
  up.values.fixed_asset_wan = 2900;
  EXPECT_EQ(engine_->execute(at("P", up)).status().code(), ErrorCode::kBadInput);
  up.correction = true;
  EXPECT_TRUE(engine_->execute(at("P", up)).ok());
}

// A write answers with the project as its history replays: an amount typed
// with more digits than the stored event keeps (279.9 × 7 / 10 =
// 195.92000000000002) is applied as it reads back, to the row and the answer.
TEST_F(EngineTest, AnAmountIsAppliedAsTheStoredEventReadsBack) {
  ASSERT_TRUE(engine_->execute(added(project("P"), "t")).ok());
  UpdateRequest up;
  up.fields = {"land_need_mu", "land_secured_mu"};
  up.values.land_need_mu = 500;
  up.values.land_secured_mu = 279.9 * 7 / 10;
  up.by = "t";
  auto written = engine_->execute(at("P", up));
  ASSERT_TRUE(written.ok()) << written.status().message();
  auto replayed = engine_->tracked_project("P");
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(written->project.project.attributes.land_secured_mu,
            replayed->project.attributes.land_secured_mu);
  EXPECT_EQ(engine_->project("P")->attributes.land_secured_mu,
            replayed->project.attributes.land_secured_mu);
  EXPECT_TRUE(engine_->verify()->differences.empty());
}

TEST_F(EngineTest, ABackDatedEventThatBreaksALaterOneIsRefused) {
  ASSERT_TRUE(engine_->execute(added(project("P"), "t")).ok());
  ASSERT_TRUE(engine_->execute(at("P", to("pre_review", "2026-03-01"))).ok());
  ASSERT_TRUE(engine_->execute(at("P", to("site_entry", "2026-04-01"))).ok());
  // A cancellation dated before the site entry would make the site entry illegal.
  Status s =
      engine_->execute(at("P", moved<CancelRequest>(Date::parse("2026-03-15"), "environment")))
          .status();
  EXPECT_EQ(s.code(), ErrorCode::kRefused);
  EXPECT_NE(s.message().find("later advanced of 2026-04-01"), std::string::npos) << s.message();
  EXPECT_EQ(engine_->project("P")->status, ProjectStatus::kActive);
}

TEST_F(EngineTest, KeyListMembershipHasDatedHistory) {
  ASSERT_TRUE(engine_->execute(added(project("K"), "t")).ok());
  NewProject pipe = project("N");
  pipe.key = false;
  ASSERT_TRUE(engine_->execute(added(pipe, "t")).ok());
  ASSERT_TRUE(
      engine_->execute(at("K", moved<DropRequest>(Date::parse("2026-05-01"), "hopeless"))).ok());
  ASSERT_TRUE(engine_->execute(at("N", moved<PromoteRequest>(Date::parse("2026-05-02")))).ok());
  auto april = engine_->stats(Date::parse("2026-04-30"));
  EXPECT_EQ(april->key_projects, 1);
  EXPECT_EQ(april->pipeline, 1);
  EXPECT_EQ(april->dropped, 0);
  auto may = engine_->stats(Date::parse("2026-05-03"));
  EXPECT_EQ(may->key_projects, 1);
  EXPECT_EQ(may->dropped, 1);
  EXPECT_EQ(may->pipeline, 0);
  ASSERT_TRUE(engine_->execute(at("K", moved<ReinstateRequest>(Date::parse("2026-06-01")))).ok());
  EXPECT_EQ(engine_->stats()->key_projects, 2);
}

TEST_F(EngineTest, BlockersGetIdsAndUnblockWithoutIdResolvesAll) {
  ASSERT_TRUE(engine_->execute(added(project("P"), "t")).ok());
  BlockRequest b;
  b.category = "用地指标";  // a label works as well as the id
  b.reason = "no quota";
  b.on = Date::parse("2026-02-01");
  auto id1 = engine_->execute(at("P", b));
  ASSERT_TRUE(id1.ok()) << id1.status().message();
  b.category = "funding";
  auto id2 = engine_->execute(at("P", b));
  ASSERT_TRUE(id2.ok());
  EXPECT_EQ(*id2->id, *id1->id + 1);
  EXPECT_EQ(id2->project.project.blockers.size(), 2u) << "the write returns the new state";
  auto p = engine_->project("P");
  ASSERT_EQ(p->blockers.size(), 2u);
  EXPECT_EQ(p->blockers[0].category, "land");
  b.category = "weather";
  EXPECT_EQ(engine_->execute(at("P", b)).status().code(), ErrorCode::kBadInput);
  auto resolved = engine_->execute(at("P", UnblockRequest{}));
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->resolved.size(), 2u);
  EXPECT_EQ(resolved->project.project.status, ProjectStatus::kActive);
  EXPECT_EQ(engine_->project("P")->status, ProjectStatus::kActive);
  EXPECT_EQ(engine_->execute(at("P", UnblockRequest{})).status().code(), ErrorCode::kRefused);
}

TEST_F(EngineTest, VerifyCatchesATamperedProjection) {
  ASSERT_TRUE(engine_->execute(added(project("P"), "t")).ok());
  ASSERT_TRUE(engine_->execute(at("P", to("pre_review", "2026-03-01"))).ok());
  ASSERT_TRUE(engine_->verify()->differences.empty());
  engine_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE projects SET stage = 4, unit = 'x' WHERE code = 'P'", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  // Events are append-only, even for someone with SQL access.
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM events", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto reopened = Engine::open(db_, clock_);
  ASSERT_TRUE(reopened.ok());
  auto report = (*reopened)->verify();
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->differences.size(), 2u);
  EXPECT_EQ(report->differences[0], "P: unit: projection x, replay 游埠镇");
  EXPECT_EQ(report->differences[1], "P: stage: projection completion, replay pre_review");
}

// Each write is one event and one UPDATE of its project's row (the lifecycle,
// the attributes it changed and the standing it moved, together), and only
// the blocker and instruction rows that change: counted by triggers another
// connection adds to the file.
TEST_F(EngineTest, AWriteIsOneEventAndOneUpdateOfItsRow) {
  ASSERT_TRUE(engine_->execute(added(project("P"), "t")).ok());
  ASSERT_TRUE(engine_->execute(added(project("Q"), "t")).ok());
  engine_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  const char* counting =
      "CREATE TABLE test_writes (what TEXT);"
      "CREATE TRIGGER test_p AFTER UPDATE ON projects BEGIN "
      "INSERT INTO test_writes VALUES ('update ' || new.code); END;"
      "CREATE TRIGGER test_e AFTER INSERT ON events BEGIN "
      "INSERT INTO test_writes VALUES ('event ' || new.kind); END;"
      "CREATE TRIGGER test_bi AFTER INSERT ON blockers BEGIN "
      "INSERT INTO test_writes VALUES ('blocker in'); END;"
      "CREATE TRIGGER test_bd AFTER DELETE ON blockers BEGIN "
      "INSERT INTO test_writes VALUES ('blocker out'); END;"
      "CREATE TRIGGER test_ii AFTER INSERT ON instructions BEGIN "
      "INSERT INTO test_writes VALUES ('instruction in'); END;"
      "CREATE TRIGGER test_id AFTER DELETE ON instructions BEGIN "
      "INSERT INTO test_writes VALUES ('instruction out'); END;";
  ASSERT_EQ(sqlite3_exec(db, counting, nullptr, nullptr, nullptr), SQLITE_OK);
  auto reopened = Engine::open(db_, clock_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  engine_ = std::move(reopened).value();
  // What the last write did, in order; the log emptied for the next.
  auto writes = [&] {
    std::vector<std::string> out;
    sqlite3_exec(
        db, "SELECT what FROM test_writes ORDER BY rowid",
        [](void* to, int, char** row, char**) {
          static_cast<std::vector<std::string>*>(to)->push_back(row[0]);
          return 0;
        },
        &out, nullptr);
    sqlite3_exec(db, "DELETE FROM test_writes", nullptr, nullptr, nullptr);
    return out;
  };
  using V = std::vector<std::string>;
  UpdateRequest u;
  u.fields = {"leader"};
  u.values.leader = "张三";
  u.by = "t";
  auto updated = engine_->execute(at("P", u));
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  EXPECT_EQ(writes(), (V{"event update", "update P"}));
  EXPECT_EQ(engine_->project("P")->attributes.leader, "张三");
  EXPECT_EQ(engine_->project("P")->attributes.name, "项目P") << "the other attributes stay";
  ASSERT_TRUE(engine_->execute(at("P", u)).ok());
  EXPECT_EQ(writes(), V{}) << "the same value again writes nothing";
  ASSERT_TRUE(engine_->execute(at("P", to("pre_review", "2026-03-01"))).ok());
  EXPECT_EQ(writes(), (V{"event advanced", "update P"}));
  BlockRequest b;
  b.category = "land";
  b.reason = "no quota";
  b.on = Date::parse("2026-03-02");
  auto blocked = engine_->execute(at("P", b));
  ASSERT_TRUE(blocked.ok()) << blocked.status().message();
  EXPECT_EQ(writes(), (V{"event blocked", "update P", "blocker in"}));
  b.category = "funding";
  auto second = engine_->execute(at("P", b));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second->id, *blocked->id + 1);
  EXPECT_EQ(writes(), (V{"event blocked", "update P", "blocker in"})) << "the first one stays";
  InstructRequest i;
  i.blocker = *second->id;
  i.text = "solve it";
  i.by = "leader";
  auto instructed = engine_->execute(at("P", i));
  ASSERT_TRUE(instructed.ok()) << instructed.status().message();
  EXPECT_EQ(writes(), (V{"event instructed", "update P", "instruction in"}));
  UnblockRequest one;
  one.blocker = *blocked->id;
  ASSERT_TRUE(engine_->execute(at("P", one)).ok());
  EXPECT_EQ(writes(), (V{"event unblocked", "update P", "blocker out"}));
  ASSERT_EQ(engine_->project("P")->blockers.size(), 1u);
  EXPECT_EQ(engine_->project("P")->blockers[0].instructions.size(), 1u);
  auto report = engine_->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->differences.empty()) << report->differences.front();
  engine_.reset();
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TABLE test_writes; DROP TRIGGER test_p; DROP TRIGGER test_e; "
                         "DROP TRIGGER test_bi; DROP TRIGGER test_bd; DROP TRIGGER test_ii; "
                         "DROP TRIGGER test_id;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

// A tick goes a chunk of projects per transaction; with a time budget it
// stops between chunks and says so, and the calls that follow finish the day
// with the same notifications a whole tick makes (each once).
TEST_F(EngineTest, ATickInSlicesDoesWhatAWholeTickDoes) {
  for (const char* code : {"A", "B", "C", "D", "E"})
    ASSERT_TRUE(
        engine_->execute(added(project(code, "2026-01-10"), "t")).ok());  // overdue since March
  TempDir other;
  ASSERT_TRUE(engine_->backup(other.file("copy.db")).ok());
  int calls = 0, checked = 0;
  std::size_t emitted = 0;
  for (bool more = true; more; ++calls) {
    auto r = engine_->tick(nullptr, false, {2, std::chrono::nanoseconds(0)});
    ASSERT_TRUE(r.ok()) << r.status().message();
    more = r->more;
    checked += r->projects_checked;
    emitted += r->emitted_count;
    ASSERT_LT(calls, 10);
  }
  EXPECT_EQ(calls, 3) << "chunks of 2, 2 and 1";
  EXPECT_EQ(checked, 5);
  auto again = engine_->tick(nullptr, false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->projects_checked, 0) << "nothing left due today";
  auto whole_engine = Engine::open(other.file("copy.db"), clock_);
  ASSERT_TRUE(whole_engine.ok());
  auto whole = (*whole_engine)->tick(nullptr, false);
  ASSERT_TRUE(whole.ok());
  EXPECT_FALSE(whole->more);
  EXPECT_EQ(whole->projects_checked, 5);
  ASSERT_GT(emitted, 0u);
  EXPECT_EQ(emitted, whole->emitted_count);
  EXPECT_EQ(engine_->outbox(std::nullopt)->size(), (*whole_engine)->outbox(std::nullopt)->size());
  EXPECT_TRUE(engine_->verify()->differences.empty());
}

// A tick in slices delivers each slice's rows once that slice is committed
// (from what it made, not by reading the outbox again), each row once.
TEST_F(EngineTest, ATickInSlicesDeliversEachSlicesRowsOnce) {
  for (const char* code : {"A", "B", "C", "D", "E"})
    ASSERT_TRUE(engine_->execute(added(project(code, "2026-01-10"), "t")).ok());
  ASSERT_TRUE(engine_->add_contact({"游埠镇招商办", Role::kUnit, "游埠镇", "stdout", "json"}).ok());
  testing::RecordingDelivery delivery;
  std::vector<std::size_t> delivered;  // after each call
  std::size_t emitted = 0;
  for (bool more = true; more;) {
    auto r = testing::collect_tick(*engine_, &delivery, false, {2, std::chrono::nanoseconds(0)});
    ASSERT_TRUE(r.ok()) << r.status().message();
    more = r->more;
    for (const auto& n : r->emitted) {
      emitted += n.channel == "stdout";  // the rest have no channel
      if (n.channel == "stdout") {
        EXPECT_EQ(n.state, "sent") << "handed out once delivered";
      }
    }
    delivered.push_back(delivery.delivered.size());
    EXPECT_EQ(delivered.back(), emitted) << "each slice's rows with a channel, once";
    ASSERT_LT(delivered.size(), 10u);
  }
  ASSERT_EQ(delivered.size(), 3u);
  EXPECT_GT(delivered[0], 0u) << "the first slice's rows went after its commit";
  EXPECT_GT(delivered[2], delivered[0]);
  EXPECT_EQ(engine_->outbox(std::string("pending"))->size(), 0u);
}

// The tick holds none of what it makes: each row goes to the sink once, in
// creation order, in its state after delivery (its chunk delivered first);
// the report keeps the count, which is the outbox rows the tick made. A dry
// run hands out the same rows, inside its rolled-back transaction. The
// outbox then reads a page at a time, the pages making up the whole.
TEST_F(EngineTest, TheTickStreamsWhatItEmits) {
  for (const char* code : {"A", "B", "C", "D", "E"})
    ASSERT_TRUE(engine_->execute(added(project(code, "2026-01-10"), "t")).ok());
  ASSERT_TRUE(engine_->add_contact({"游埠镇招商办", Role::kUnit, "游埠镇", "stdout", "json"}).ok());
  ASSERT_TRUE(engine_->outbox(std::nullopt)->empty());
  const auto id = [](const Notification& n) { return n.key + "→" + n.recipient; };
  testing::RecordingDelivery delivery;
  std::vector<std::string> dry;
  auto dry_run = engine_->tick(&delivery, true, {2, std::nullopt}, [&](const Notification& n) {
    dry.push_back(id(n));
    auto now = engine_->outbox(std::nullopt);  // inside the transaction that made the row
    EXPECT_TRUE(std::any_of(now->begin(), now->end(), [&](const auto& o) {
      return id(o) == id(n);
    })) << id(n);
    return Status::Ok();
  });
  ASSERT_TRUE(dry_run.ok()) << dry_run.status().message();
  EXPECT_EQ(dry_run->emitted_count, dry.size());
  EXPECT_TRUE(engine_->outbox(std::nullopt)->empty()) << "rolled back";
  EXPECT_TRUE(delivery.delivered.empty()) << "a dry run delivers nothing";

  std::vector<Notification> seen;
  auto r = engine_->tick(&delivery, false, {2, std::nullopt}, [&](const Notification& n) {
    if (n.channel == "stdout") {
      EXPECT_EQ(n.state, "sent") << id(n);
      EXPECT_EQ(n.attempts, 1);
      EXPECT_TRUE(std::any_of(delivery.delivered.begin(), delivery.delivered.end(),
                              [&](const Notification& d) { return id(d) == id(n); }))
          << "delivered before it is handed out";
    } else {
      EXPECT_EQ(n.state, "no_channel") << id(n);
    }
    seen.push_back(n);
    return Status::Ok();
  });
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->more);
  ASSERT_GT(seen.size(), 5u);
  EXPECT_EQ(r->emitted_count, seen.size());
  std::vector<std::string> ids;
  for (const auto& n : seen) ids.push_back(id(n));
  EXPECT_EQ(ids, dry) << "the dry run hands out the same rows in the same order";
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "each once";
  auto outbox = engine_->outbox(std::nullopt);
  // The count is the rows the tick made (a catch-up's record of what it
  // stands for is not handed out, as before).
  EXPECT_EQ(
      static_cast<std::size_t>(std::count_if(outbox->begin(), outbox->end(),
                                             [](const auto& n) { return n.state != "skipped"; })),
      seen.size());
  std::map<std::string, std::string> state;
  for (const auto& n : *outbox) state[id(n)] = n.state;
  for (const auto& n : seen) EXPECT_EQ(state[id(n)], n.state) << "as the outbox keeps it";
  EXPECT_EQ(delivery.delivered.size(),
            static_cast<std::size_t>(std::count_if(
                seen.begin(), seen.end(), [](const auto& n) { return n.channel == "stdout"; })));
  // Pages of three, read in SQL after each cursor, make up the whole outbox.
  std::vector<std::string> paged;
  PageRequest page;
  page.limit = 3;
  for (int pages = 0;; ++pages) {
    ASSERT_LT(pages, 100);
    auto p = engine_->outbox(std::nullopt, page);
    ASSERT_TRUE(p.ok()) << p.status().message();
    ASSERT_LE(p->items.size(), 3u);
    for (const auto& n : p->items) paged.push_back(id(n));
    if (!p->next) break;
    page.cursor = p->next;
  }
  std::vector<std::string> whole;
  for (const auto& n : *outbox) whole.push_back(id(n));
  EXPECT_EQ(paged, whole);
  auto stale = engine_->outbox(std::nullopt, PageRequest{1, cursor_of("no such row")});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), ErrorCode::kBadInput);
  // A second tick on the same day makes nothing, and says so.
  auto again = engine_->tick(&delivery, false, {}, [&](const Notification& n) {
    ADD_FAILURE() << id(n);
    return Status::Ok();
  });
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->emitted_count, 0u);
}

// Before the send time the server keeps the day's standings, sending
// nothing; the tick at the send time then does what a tick alone would.
TEST_F(EngineTest, KeepingTheDaysStandingsSendsNothingAndLeavesTheTickItsWork) {
  for (const char* code : {"A", "B", "C", "D", "E"})
    ASSERT_TRUE(
        engine_->execute(added(project(code, "2026-01-10"), "t")).ok());  // overdue since March
  TempDir other;
  ASSERT_TRUE(engine_->backup(other.file("copy.db")).ok());
  const std::size_t rows_before = engine_->outbox(std::nullopt)->size();
  clock_.set(clock_.now() + std::chrono::days(1));  // the next day: every project due for a look
  int calls = 0, kept = 0;
  std::optional<std::string> after;
  do {
    auto r = engine_->keep_standings({2, std::chrono::nanoseconds(0)}, after);
    ASSERT_TRUE(r.ok()) << r.status().message();
    kept += r->kept;
    after = r->next;
    ASSERT_LT(++calls, 10);
  } while (after);
  EXPECT_EQ(calls, 3) << "chunks of 2, 2 and 1";
  EXPECT_EQ(kept, 5);
  EXPECT_EQ(engine_->outbox(std::nullopt)->size(), rows_before) << "nothing sent";
  EXPECT_EQ(engine_->keep_standings()->kept, 0) << "kept once a day";
  auto verified = engine_->verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->differences.empty()) << verified->differences.front();
  auto tick = testing::collect_tick(*engine_, nullptr, false);
  ASSERT_TRUE(tick.ok());
  EXPECT_EQ(tick->projects_checked, 5) << "still due for the tick";
  auto alone_engine = Engine::open(other.file("copy.db"), clock_);
  ASSERT_TRUE(alone_engine.ok());
  auto alone = testing::collect_tick(**alone_engine, nullptr, false);
  ASSERT_TRUE(alone.ok());
  ASSERT_GT(alone->emitted.size(), 0u);
  std::vector<std::string> keys, alone_keys;
  for (const auto& n : tick->emitted) keys.push_back(n.key + "→" + n.recipient);
  for (const auto& n : alone->emitted) alone_keys.push_back(n.key + "→" + n.recipient);
  EXPECT_EQ(keys, alone_keys);
  EXPECT_EQ(tick->light_changes, alone->light_changes);
  EXPECT_TRUE(engine_->verify()->differences.empty());
}

// The gauges (/metrics) follow every write through the database's triggers;
// verify counts them again and names a gauge that drifted.
TEST_F(EngineTest, TheGaugesFollowEveryWriteAndVerifyChecksThem) {
  ASSERT_TRUE(engine_->execute(added(project("P"), "t")).ok());
  ASSERT_TRUE(engine_->execute(added(project("Q"), "t")).ok());
  ASSERT_TRUE(engine_->execute(at("P", to("pre_review", "2026-03-01"))).ok());
  Recorded why;
  why.note = "merged into P";
  ASSERT_TRUE(engine_->execute(at("Q", as<DropRequest>(why))).ok());
  auto g = engine_->gauges();
  ASSERT_TRUE(g.ok()) << g.status().message();
  auto stats = engine_->stats();
  ASSERT_TRUE(stats.ok());
  long total = 0, red = 0;
  for (const auto& x : g->groups) {
    total += x.count;
    red += x.light == LightColor::kRed ? x.count : 0;
  }
  EXPECT_EQ(total, 2);
  EXPECT_EQ(red, stats->red);
  EXPECT_EQ(g->overdue, stats->overdue);
  ASSERT_TRUE(engine_->tick(nullptr, false).ok());
  auto outbox = engine_->outbox(std::nullopt);
  ASSERT_TRUE(outbox.ok());
  ASSERT_FALSE(outbox->empty()) << "the tick made reminders";
  std::map<std::string, long> states;
  for (const auto& n : *outbox) ++states[n.state];
  EXPECT_EQ(engine_->outbox_counts().value(), states);
  ASSERT_TRUE(engine_->verify()->differences.empty());
  engine_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "UPDATE standing_counts SET n = n + 5 WHERE status = 'dropped' AND n > 0",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  auto reopened = Engine::open(db_, clock_);
  ASSERT_TRUE(reopened.ok());
  auto report = (*reopened)->verify();
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->differences.size(), 1u) << report->differences[0] << "\n"
                                            << report->differences[1];
  EXPECT_NE(
      report->differences[0].find("standing_counts 0/dropped/0/none: kept 6, the projection has 1"),
      std::string::npos)
      << report->differences[0];
}

// A database of schema 4 (before plans kept their day, instructions their
// done report, and the standing came from one function) opens, migrates, and
// verifies: the standing it kept by the old rules is forgotten, not compared.
TEST_F(EngineTest, ASchemaFourDatabaseMigratesAndVerifies) {
  ASSERT_TRUE(engine_->execute(added(project("P"), "t")).ok());
  PlanRequest plan;
  plan.due = *Date::parse("2026-08-01");
  plan.on = *Date::parse("2026-06-01");
  ASSERT_TRUE(engine_->execute(at("P", plan)).ok());
  engine_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  const char* to_schema_4 =
      "ALTER TABLE projects DROP COLUMN plan_on; ALTER TABLE instructions DROP COLUMN done_on; "
      "ALTER TABLE instructions DROP COLUMN done_note; ALTER TABLE projects DROP COLUMN due_stage; "
      "ALTER TABLE projects DROP COLUMN due_source; ALTER TABLE projects DROP COLUMN "
      "due_provisional; "
      "ALTER TABLE contacts DROP COLUMN secret; ALTER TABLE contacts DROP COLUMN mentions; "
      "ALTER TABLE contacts DROP COLUMN rate_per_min; ALTER TABLE outbox DROP COLUMN permanent; "
      "DROP INDEX outbox_by_sent; DROP INDEX outbox_by_created; ALTER TABLE outbox DROP COLUMN "
      "sent_at; "
      "DROP TABLE leases; ALTER TABLE outbox DROP COLUMN claim_token; ALTER TABLE outbox DROP "
      "COLUMN claimed_until; "
      "ALTER TABLE projects DROP COLUMN plan_wan; ALTER TABLE projects DROP COLUMN contact_phone; "
      "ALTER TABLE contacts DROP COLUMN rate_window_ms; ALTER TABLE contacts DROP COLUMN "
      "throttle_pause_ms; "
      "CREATE TABLE light_changes (seq INTEGER PRIMARY KEY, project TEXT NOT NULL, on_date TEXT "
      "NOT NULL, "
      "light TEXT NOT NULL, reason TEXT NOT NULL DEFAULT ''); "
      "UPDATE projects SET light = 'red', light_since = '2026-01-01', checked_on = '2026-06-30'; "
      "DROP INDEX projects_by_stage; DROP INDEX projects_by_light; DROP INDEX projects_by_checked; "
      "DROP INDEX projects_by_last_event; DROP TRIGGER projects_counted; DROP TRIGGER "
      "projects_uncounted; "
      "DROP TRIGGER projects_recounted; DROP TRIGGER projects_redated; DROP TABLE standing_counts; "
      "DROP TABLE due_counts; DROP TRIGGER outbox_counted; DROP TRIGGER outbox_uncounted; "
      "DROP TRIGGER outbox_recounted; DROP TABLE outbox_counts; DROP INDEX events_by_instruction; "
      "PRAGMA user_version = 4;";
  ASSERT_EQ(sqlite3_exec(db, to_schema_4, nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
  auto reopened = Engine::open(db_, clock_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  auto p = (*reopened)->project("P");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->plan->on, *Date::parse("2026-06-01")) << "the plan's day, from its event";
  auto report = (*reopened)->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->differences.empty()) << report->differences.front();
  auto due = (*reopened)->next_check();
  ASSERT_TRUE(due.ok());
  EXPECT_LE(**due, clock_.today()) << "the next tick looks at every project";
}

TEST_F(EngineTest, TheDatabaseKeepsTheWorkflowItWasCreatedWith) {
  TempDir other;
  const std::string path = other.file("w.db");
  ASSERT_TRUE(Engine::create(path, {testing::kLandSupplyWorkflowYaml, "w.yaml"},
                             file_source("workflows/calendars/cn.yaml"), clock_)
                  .ok());
  auto e = Engine::open(path, clock_);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ((*e)->workflow().id, "with-land");
  ASSERT_TRUE((*e)->execute(added(project("L"), "t")).ok());
  auto adv = to("供地", "2026-02-01");
  EXPECT_EQ((*e)->execute(at("L", adv)).status().code(), ErrorCode::kBadInput)
      << "this workflow declares no permit";
  adv.evidence.clear();
  EXPECT_TRUE((*e)->execute(at("L", adv)).ok());
}

TEST_F(EngineTest, AnAcknowledgedWriteSurvivesACrash) {
  engine_.reset();
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto e = Engine::open(db_, clock_);
    if (!e.ok() || !(*e)->execute(added(project("SURVIVOR"), "t")).ok()) _exit(1);
    _exit(0);  // no destructors, no close: as if the process died here
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  auto e = Engine::open(db_, clock_);
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE((*e)->project("SURVIVOR").ok());
  EXPECT_TRUE((*e)->verify()->differences.empty());
}

}  // namespace
}  // namespace luodi
