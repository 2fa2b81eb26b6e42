#include "luodi/date.h"

#include <gtest/gtest.h>

#include "luodi/clock.h"

namespace luodi {
namespace {

TEST(DateTest, ParsesAndFormatsRealDates) {
  auto d = Date::parse("2026-10-01");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year(), 2026);
  EXPECT_EQ(d->month(), 10u);
  EXPECT_EQ(d->day(), 1u);
  EXPECT_EQ(d->iso_weekday(), 4u);  // a Thursday
  EXPECT_EQ(d->str(), "2026-10-01");
  EXPECT_EQ(*Date::parse("2026-10-08") - *d, 7);
}

TEST(DateTest, RejectsWhatIsNotADate) {
  for (const char* bad :
       {"2026-02-29", "2026-13-01", "2026-1-01", "20261001", "", "2026-10-01x", "abcd-ef-gh"})
    EXPECT_FALSE(Date::parse(bad)) << bad;
}

TEST(DateTest, LocalTimeIsShanghai) {
  // 2026-06-30T16:30Z is already July 1st in Shanghai.
  auto t = parse_local("2026-07-01T00:30");
  ASSERT_TRUE(t);
  EXPECT_EQ(local_date(*t).str(), "2026-07-01");
  EXPECT_EQ(local_date(*t - std::chrono::hours(1)).str(), "2026-06-30");
  EXPECT_EQ(format_local(*t), "2026-07-01T00:30:00+08:00");
  EXPECT_FALSE(parse_local("2026-07-01T25:00"));
  EXPECT_FALSE(parse_local("2026-07-01T1:00"));
}

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(*parse_local("2026-09-30T23:00"));
  EXPECT_EQ(clock.today().str(), "2026-09-30");
  clock.advance(std::chrono::hours(2));
  EXPECT_EQ(clock.today().str(), "2026-10-01");
}

}  // namespace
}  // namespace luodi
