// What a server says about itself: errors once per cause (not per attempt),
// the leases it holds only while unexpired, and /healthz's verdict from what
// its lease keepers last learnt. Pure: the tests give the time.
#include <gtest/gtest.h>

#include <sstream>

#include "server/health.h"
#include "server/lease_keeper.h"
#include "server/log_limiter.h"

namespace luodi::server {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(LogLimiter, SaysACauseOnceASecondAndCountsWhatItHeldBack) {
  std::ostringstream log;
  LogLimiter limiter(log, 1s);
  const auto t0 = Clock::time_point{} + 100s;
  EXPECT_TRUE(limiter.say("claim", "cannot claim: lost", t0));
  for (int i = 1; i <= 2000; ++i)
    EXPECT_FALSE(limiter.say("claim", "cannot claim: lost", t0 + i * 400us));
  EXPECT_EQ(limiter.held_back("claim"), 2000);
  EXPECT_TRUE(limiter.say("record", "cannot record", t0 + 10ms))
      << "another cause has its own second";
  EXPECT_TRUE(limiter.say("claim", "cannot claim: lost", t0 + 1s));
  EXPECT_EQ(limiter.held_back("claim"), 0);
  EXPECT_EQ(log.str(),
            "cannot claim: lost\ncannot record\ncannot claim: lost (2000 more like this since the "
            "last)\n");
}

LeaseTerm held_until(Clock::time_point expires, Clock::time_point contact, std::int64_t epoch = 2) {
  LeaseTerm t;
  t.held = true;
  t.epoch = epoch;
  t.expires = expires;
  t.expires_at = *parse_local("2026-06-30T10:00:15");
  t.last_contact = contact;
  return t;
}

TEST(LeaseBoard, HoldsACityOnlyUntilItsLeaseLapses) {
  LeaseBoard board;
  const auto t0 = Clock::time_point{} + 100s;
  board.update("default", held_until(t0 + 13500ms, t0));
  EXPECT_TRUE(board.holds("default", t0 + 13s));
  EXPECT_EQ(board.held(t0 + 13s), std::vector<std::string>{"default"});
  EXPECT_FALSE(board.holds("default", t0 + 13500ms)) << "not renewed in time: no longer held";
  EXPECT_TRUE(board.held(t0 + 14s).empty());
  EXPECT_FALSE(board.holds("suzhou", t0));
  board.forget("default");
  EXPECT_FALSE(board.holds("default", t0));
}

TEST(Health, ListsWhatIsHeldNowAndIsUnhealthyWhenAKeeperWentSilent) {
  LeaseBoard board;
  const auto t0 = Clock::time_point{} + 100s;
  board.update("default", held_until(t0 + 13500ms, t0));
  LeaseTerm standby;  // held by another instance: healthy, not listed
  standby.last_contact = t0;
  board.update("suzhou", standby);

  Health h = health_of(board, 15000ms, t0 + 1s);
  EXPECT_TRUE(h.ok);
  EXPECT_EQ(boost::json::serialize(h.leases), R"(["default"])");
  ASSERT_EQ(h.held.size(), 1u);
  EXPECT_EQ(h.held[0].at("epoch").as_int64(), 2);
  EXPECT_EQ(h.held[0].at("expires_at"), "2026-06-30T10:00:15+08:00");

  // The renewal is late: the lease is not listed any more, and after a
  // whole lease time without reaching the database the instance is unhealthy.
  h = health_of(board, 15000ms, t0 + 14s);
  EXPECT_TRUE(h.leases.empty());
  EXPECT_TRUE(h.ok);
  h = health_of(board, 15000ms, t0 + 16s);
  EXPECT_FALSE(h.ok);
  EXPECT_EQ(h.problems.size(), 2u) << "both keepers went silent";
}

}  // namespace
}  // namespace luodi::server
