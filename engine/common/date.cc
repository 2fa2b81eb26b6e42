#include "luodi/date.h"

#include <cstdio>

namespace luodi {

namespace chr = std::chrono;

namespace {


bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

Date Date::from_ymd(int y, unsigned m, unsigned d) {
  chr::sys_days sd{chr::year{y} / chr::month{m} / chr::day{d}};
  return Date(static_cast<int>(sd.time_since_epoch().count()));
}

std::optional<Date> Date::parse(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto ys = s.substr(0, 4), ms = s.substr(5, 2), ds = s.substr(8, 2);
  if (!all_digits(ys) || !all_digits(ms) || !all_digits(ds)) return std::nullopt;
  chr::year_month_day ymd{chr::year{to_int(ys)}, chr::month{static_cast<unsigned>(to_int(ms))},
                          chr::day{static_cast<unsigned>(to_int(ds))}};
  if (!ymd.ok()) return std::nullopt;
  return Date(static_cast<int>(chr::sys_days{ymd}.time_since_epoch().count()));
}

int Date::year() const { return int(chr::year_month_day{chr::sys_days{chr::days{days_}}}.year()); }
unsigned Date::month() const { return unsigned(chr::year_month_day{chr::sys_days{chr::days{days_}}}.month()); }
unsigned Date::day() const { return unsigned(chr::year_month_day{chr::sys_days{chr::days{days_}}}.day()); }
unsigned Date::iso_weekday() const { return chr::weekday{chr::sys_days{chr::days{days_}}}.iso_encoding(); }

std::string Date::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
  return buf;
}

Date local_date(Timestamp t) {
  auto local = t + kShanghaiOffset;
  return Date::from_days(static_cast<int>(chr::floor<chr::days>(local).time_since_epoch().count()));
}

std::string format_local(Timestamp t) {
  auto local = t + kShanghaiOffset;
  auto day_start = chr::floor<chr::days>(local);
  chr::hh_mm_ss hms{local - day_start};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+08:00",
                local_date(t).str().c_str(), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

std::optional<Timestamp> parse_local(std::string_view s) {
  auto d = Date::parse(s.substr(0, 10));
  if (!d) return std::nullopt;
  int h = 0, m = 0, sec = 0;
  auto rest = s.substr(10);
  if (!rest.empty()) {
    if (rest.size() != 6 && rest.size() != 9) return std::nullopt;
    if (rest[0] != 'T' && rest[0] != ' ') return std::nullopt;
    if (rest[3] != ':' || !all_digits(rest.substr(1, 2)) || !all_digits(rest.substr(4, 2)))
      return std::nullopt;
    h = to_int(rest.substr(1, 2));
    m = to_int(rest.substr(4, 2));
    if (rest.size() == 9) {
      if (rest[6] != ':' || !all_digits(rest.substr(7, 2))) return std::nullopt;
      sec = to_int(rest.substr(7, 2));
    }
    if (h > 23 || m > 59 || sec > 59) return std::nullopt;
  }
  Timestamp local{chr::sys_days{chr::days{d->days()}} + chr::hours{h} + chr::minutes{m} + chr::seconds{sec}};
  return local - kShanghaiOffset;
}

}  // namespace luodi
