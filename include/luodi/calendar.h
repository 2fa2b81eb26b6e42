// The working-day calendar: weekends, statutory holidays and make-up working
// days (调休), one table per year. Pure: no I/O, no clock.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/date.h"
#include "luodi/status.h"
#include "luodi/workflow.h"

namespace luodi {

struct Holiday {
  Label name;
  Date from;
  Date to;  // inclusive
  bool operator==(const Holiday&) const = default;
};

struct CalendarYear {
  int year = 0;
  std::vector<Holiday> holidays;
  std::set<Date> makeup_workdays;  // weekend days that are working days
  bool operator==(const CalendarYear&) const = default;
};

class WorkCalendar {
 public:
  std::string id;
  std::set<unsigned> weekend{6, 7};  // ISO weekdays off
  std::map<int, CalendarYear> years;

  // True when the calendar has the official table for `year`. Outside those
  // years only weekends are known, so working-day results are provisional.
  bool covers(int year) const { return years.count(year) > 0; }
  bool is_workday(Date d) const;
  // The holiday `d` falls in, or nullptr.
  const Holiday* holiday_on(Date d) const;
  // Working days in the closed range [from, to]; 0 when to < from.
  int workdays_between(Date from, Date to) const;
  // The date `n` working days after `from` (before it when n < 0); `from` itself for 0.
  Date add_workdays(Date from, int n) const;
  bool operator==(const WorkCalendar&) const = default;
};

// Parses and validates a calendar. Errors: "file:line:col: message" lines.
Result<WorkCalendar> parse_calendar(std::string_view yaml_text, const std::string& file_name);

}  // namespace luodi
