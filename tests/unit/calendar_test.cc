#include "luodi/calendar.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace luodi {
namespace {

using testing::default_calendar;

Date d(const char* s) { return *Date::parse(s); }

TEST(CalendarTest, NationalDayHolidayAndItsMakeUpDays) {
  const auto& cal = default_calendar();
  for (int day = 1; day <= 7; ++day) {
    Date off = Date::from_ymd(2026, 10, day);
    EXPECT_FALSE(cal.is_workday(off)) << off.str();
    ASSERT_NE(cal.holiday_on(off), nullptr);
    EXPECT_EQ(cal.holiday_on(off)->name.en, "National Day");
  }
  EXPECT_TRUE(cal.is_workday(d("2026-09-20"))) << "Sunday make-up day";
  EXPECT_TRUE(cal.is_workday(d("2026-10-10"))) << "Saturday make-up day";
  EXPECT_FALSE(cal.is_workday(d("2026-10-11"))) << "an ordinary Sunday";
  EXPECT_TRUE(cal.is_workday(d("2026-10-08")));
  EXPECT_TRUE(cal.is_workday(d("2026-09-30")));
}

TEST(CalendarTest, CountsAndAddsWorkingDaysAcrossNationalDay) {
  const auto& cal = default_calendar();
  // Sep 28 (Mon) … Oct 11 (Sun): Sep 28, 29, 30, Oct 8, 9, 10 (make-up Saturday).
  EXPECT_EQ(cal.workdays_between(d("2026-09-28"), d("2026-10-11")), 6);
  EXPECT_EQ(cal.add_workdays(d("2026-09-30"), 1), d("2026-10-08"));
  EXPECT_EQ(cal.add_workdays(d("2026-09-30"), 3), d("2026-10-10"));
  EXPECT_EQ(cal.add_workdays(d("2026-09-30"), 4), d("2026-10-12"));
  EXPECT_EQ(cal.add_workdays(d("2026-10-08"), -1), d("2026-09-30"));
  EXPECT_EQ(cal.add_workdays(d("2026-10-08"), 0), d("2026-10-08"));
  EXPECT_EQ(cal.workdays_between(d("2026-10-02"), d("2026-10-01")), 0);
}

TEST(CalendarTest, WholeYearHas2026sOfficialCountOfWorkingDays) {
  // 365 days − 104 weekend days − 19 weekday holidays + 6 make-up days = 248.
  EXPECT_EQ(default_calendar().workdays_between(d("2026-01-01"), d("2026-12-31")), 248);
}

TEST(CalendarTest, WholeYearHas2025sOfficialCountOfWorkingDays) {
  // 365 days − 104 weekend days − 18 weekday holidays + 5 make-up days = 248.
  EXPECT_EQ(default_calendar().workdays_between(d("2025-01-01"), d("2025-12-31")), 248);
  EXPECT_FALSE(default_calendar().is_workday(d("2025-10-08")));
  EXPECT_TRUE(default_calendar().is_workday(d("2025-10-11"))) << "Saturday make-up day";
}

TEST(CalendarTest, KnowsWhichYearsItCovers) {
  const auto& cal = default_calendar();
  EXPECT_TRUE(cal.covers(2025));
  EXPECT_TRUE(cal.covers(2026));
  EXPECT_FALSE(cal.covers(2027));
  // Outside its years only weekends are known.
  EXPECT_TRUE(cal.is_workday(d("2027-01-01")));
  EXPECT_FALSE(cal.is_workday(d("2027-01-02")));
}

struct BadCalendar {
  const char* yaml;
  const char* error;  // expected "file:line:col: message" fragment
};

void PrintTo(const BadCalendar& c, std::ostream* os) { *os << c.error; }

class CalendarErrorTest : public ::testing::TestWithParam<BadCalendar> {};

TEST_P(CalendarErrorTest, ReportsPosition) {
  auto r = parse_calendar(GetParam().yaml, "cal.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kBadInput);
  EXPECT_NE(r.status().message().find(GetParam().error), std::string::npos) << r.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CalendarErrorTest,
    ::testing::Values(
        BadCalendar{
            "id: c\nweekend: [monday, tuesday, wednesday, thursday, friday, saturday, sunday]\n",
            "cal.yaml:2:10: weekend lists every day"},
        BadCalendar{"id: c\nyears:\n  - year: 2026\n    workdays: [2026-10-12]\n",
                    "cal.yaml:4:16: 2026-10-12 is already a working day"},
        BadCalendar{"id: c\nyears:\n  - year: 2026\n    holidays:\n      - {name: {zh: a, en: b}, "
                    "from: 2026-10-07, to: 2026-10-01}\n",
                    "cal.yaml:5:9: holiday ends before it starts"},
        BadCalendar{"id: c\nyears:\n  - year: 2026\n    holidays:\n      - {name: {zh: a, en: b}, "
                    "from: 2027-01-01}\n",
                    "cal.yaml:5:38: 2027-01-01 is not in 2026"},
        BadCalendar{"id: c\nweekend: [caturday]\nyears: []\n", "cal.yaml:2:11: unknown weekday"},
        BadCalendar{"id: c\nyears:\n  - year: 2026\n    holidayz: []\n",
                    "cal.yaml:4:5: unknown key 'holidayz'"},
        BadCalendar{"id: c\nyears:\n  - year: 2026\n  - year: 2026\n",
                    "cal.yaml:4:11: duplicate year"},
        BadCalendar{"id: [unclosed\n", "cal.yaml:"}));

}  // namespace
}  // namespace luodi
