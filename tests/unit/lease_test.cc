// The lease on a city's scheduled work, on both backends: one owner at a
// time, the epoch growing with every new owner, and a stale owner's
// scheduled write refused (fenced) while a new owner's goes through.
#include <gtest/gtest.h>

#include <thread>

#include "luodi/engine.h"
#include "support/postgres.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::read_file;
using testing::ScratchPostgres;
using testing::source_path;
using testing::TempDir;

Source file_source(const std::string& rel) { return {read_file(source_path(rel)), rel}; }

class LeaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      LUODI_NEED_POSTGRES();
      pg_ = std::make_unique<ScratchPostgres>();
      location_ = pg_->uri();
    } else {
      location_ = dir_.file("city.db");
    }
    clock_.set(*parse_local("2026-06-30T10:00"));
    auto a = Engine::create(location_, file_source("workflows/key-project.yaml"),
                            file_source("workflows/calendars/cn.yaml"), clock_);
    ASSERT_TRUE(a.ok()) << a.status().message();
    a_ = std::move(a).value();
    auto b = Engine::open(location_, clock_);
    ASSERT_TRUE(b.ok()) << b.status().message();
    b_ = std::move(b).value();
    // A project whose reminders are due on 06-30 (pre-review since January).
    NewProject p;
    p.code = "P1";
    p.attributes.name = "项目";
    p.attributes.unit = "游埠镇";
    p.stage = "pre_review";
    p.on = Date::parse("2026-01-10");
    ASSERT_TRUE(a_->execute(p).ok());
  }

  static void wait(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

  TempDir dir_;
  std::unique_ptr<ScratchPostgres> pg_;
  std::string location_;
  ManualClock clock_;
  std::unique_ptr<Engine> a_, b_;
};

TEST_P(LeaseTest, OneOwnerAtATimeAndANewOwnerGetsANewEpoch) {
  using std::chrono::milliseconds;
  ASSERT_TRUE(*a_->acquire_lease("a", milliseconds(400)));
  const auto first = a_->lease()->epoch;
  EXPECT_FALSE(*b_->acquire_lease("b", milliseconds(400))) << "held by a";
  EXPECT_FALSE(b_->lease());
  ASSERT_TRUE(*a_->acquire_lease("a", milliseconds(400)));
  EXPECT_EQ(a_->lease()->epoch, first) << "a renewal keeps the epoch";
  wait(600);  // lapses (by the database's clock) …
  ASSERT_TRUE(*a_->acquire_lease("a", milliseconds(400)));
  EXPECT_EQ(a_->lease()->epoch, first)
      << "… renewed late with nobody between: still a's, same epoch";
  wait(600);
  ASSERT_TRUE(*b_->acquire_lease("b", milliseconds(60000)));
  EXPECT_EQ(b_->lease()->epoch, first + 1);
  EXPECT_FALSE(*a_->acquire_lease("a", milliseconds(400)));
  EXPECT_FALSE(a_->lease()) << "a knows it lost the lease";
  // Given up, it is free at once.
  ASSERT_TRUE(b_->release_lease().ok());
  ASSERT_TRUE(*a_->acquire_lease("a", milliseconds(60000)));
  EXPECT_EQ(a_->lease()->epoch, first + 2);
}

TEST_P(LeaseTest, AStaleOwnersScheduledWritesAreRefused) {
  using std::chrono::milliseconds;
  ASSERT_TRUE(*a_->acquire_lease("a", milliseconds(300)));
  const LeaseFence stale = *a_->lease();
  wait(500);
  ASSERT_TRUE(*b_->acquire_lease("b", milliseconds(60000)));
  // a has not looked again: it still believes it holds the lease.
  a_->fence_with(stale);
  auto refused = a_->tick(nullptr, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kRefused) << refused.status().message();
  EXPECT_NE(refused.status().message().find("no longer held"), std::string::npos);
  EXPECT_TRUE(a_->outbox(std::nullopt)->empty()) << "nothing the stale owner did was kept";
  EXPECT_FALSE(a_->keep_standings().ok());
  // The owner's tick goes through and emits the reminders once.
  auto ticked = b_->tick(nullptr, false);
  ASSERT_TRUE(ticked.ok()) << ticked.status().message();
  EXPECT_GT(ticked->emitted_count, 0u);
  EXPECT_GE(b_->outbox(std::nullopt)->size(), ticked->emitted_count);
  // … and an outcome recorded by the stale owner is refused too.
  const Notification n = b_->outbox(std::nullopt)->front();
  EXPECT_EQ(a_->record_attempt(n, Status::Ok(), std::nullopt).code(), ErrorCode::kRefused);
  EXPECT_EQ(b_->outbox(std::nullopt)->front().state, n.state);
}

TEST_P(LeaseTest, ADeliveryIsClaimedOnceAndAcknowledgedOnlyUnderItsClaim) {
  using std::chrono::milliseconds;
  ASSERT_TRUE(
      b_->add_contact({"游埠镇招商办", Role::kUnit, "游埠镇", "webhook:http://127.0.0.1:9/hook"})
          .ok());
  ASSERT_TRUE(*b_->acquire_lease("b", milliseconds(60000)));
  ASSERT_TRUE(b_->tick(nullptr, false).ok());
  auto rows = *b_->outbox(std::string("pending"));
  ASSERT_GE(rows.size(), 2u);
  std::vector<std::pair<std::string, std::string>> wanted;
  for (const auto& n : rows) wanted.emplace_back(n.key, n.recipient);
  auto first = b_->claim_deliveries(wanted, "t1", milliseconds(300));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->size(), wanted.size());
  EXPECT_TRUE(b_->claim_deliveries(wanted, "t2", milliseconds(300))->empty()) << "claimed already";
  wait(500);  // the first claim lapses; another takes the rows
  EXPECT_EQ(b_->claim_deliveries(wanted, "t3", milliseconds(60000))->size(), wanted.size());
  EXPECT_EQ(b_->record_attempt(rows[0], Status::Ok(), std::nullopt, false).code(), ErrorCode::kOk)
      << "an outcome without a claim (a CLI tick's local delivery) is recorded";
  EXPECT_EQ(b_->record_attempts({{&rows[1], std::nullopt}}, Status::Ok(), false, "t1").code(),
            ErrorCode::kRefused)
      << "t1's claim lapsed";
  EXPECT_TRUE(b_->record_attempts({{&rows[1], std::nullopt}}, Status::Ok(), false, "t3").ok());
}

// A message that went out is recorded once, under its claim, even when the
// lease lapsed and went to another instance while it was on its way: the
// claim, not the lease, says whose outcome it is. New claims are refused.
TEST_P(LeaseTest, AClaimedDeliveryIsRecordedUnderItsClaimAfterTheLeaseMoved) {
  using std::chrono::milliseconds;
  ASSERT_TRUE(
      b_->add_contact({"游埠镇招商办", Role::kUnit, "游埠镇", "webhook:http://127.0.0.1:9/hook"})
          .ok());
  ASSERT_TRUE(*b_->acquire_lease("b", milliseconds(300)));
  ASSERT_TRUE(b_->tick(nullptr, false).ok());
  auto rows = *b_->outbox(std::string("pending"));
  ASSERT_FALSE(rows.empty());
  std::vector<std::pair<std::string, std::string>> wanted{{rows[0].key, rows[0].recipient}};
  ASSERT_EQ(b_->claim_deliveries(wanted, "b/1", milliseconds(60000))->size(), 1u);
  // The lease lapses (b's renewal was late) and a takes it.
  bool taken = false;
  for (int i = 0; i < 100 && !taken; ++i) {
    taken = *a_->acquire_lease("a", milliseconds(60000));
    if (!taken) wait(20);
  }
  ASSERT_TRUE(taken);
  EXPECT_EQ(b_->claim_deliveries(wanted, "b/2", milliseconds(60000)).status().code(),
            ErrorCode::kRefused)
      << "b no longer claims";
  EXPECT_TRUE(b_->record_attempts({{&rows[0], std::nullopt}}, Status::Ok(), false, "b/1").ok())
      << "what b sent under its claim is recorded";
  auto after = *b_->outbox(std::nullopt);
  for (const auto& n : after)
    if (n.key == rows[0].key && n.recipient == rows[0].recipient) {
      EXPECT_EQ(n.state, "sent");
      EXPECT_EQ(n.attempts, 1);
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, LeaseTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace luodi
