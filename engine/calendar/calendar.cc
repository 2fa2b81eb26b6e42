#include "luodi/calendar.h"

namespace luodi {

const Holiday* WorkCalendar::holiday_on(Date d) const {
  auto it = years.find(d.year());
  if (it == years.end()) return nullptr;
  for (const auto& h : it->second.holidays)
    if (h.from <= d && d <= h.to) return &h;
  return nullptr;
}

bool WorkCalendar::is_workday(Date d) const {
  auto it = years.find(d.year());
  if (it != years.end() && it->second.makeup_workdays.count(d)) return true;
  if (weekend.count(d.iso_weekday())) return false;
  return holiday_on(d) == nullptr;
}

int WorkCalendar::workdays_between(Date from, Date to) const {
  int n = 0;
  for (Date d = from; d <= to; d = d + 1) n += is_workday(d) ? 1 : 0;
  return n;
}

Date WorkCalendar::add_workdays(Date from, int n) const {
  const int step = n < 0 ? -1 : 1;
  Date d = from;
  for (int left = n < 0 ? -n : n; left > 0;) {
    d = d + step;
    if (is_workday(d)) --left;
  }
  return d;
}

}  // namespace luodi
