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
  if (to_int(ys) < kFirstYear || to_int(ys) > kLastYear) return std::nullopt;
  chr::year_month_day ymd{chr::year{to_int(ys)}, chr::month{static_cast<unsigned>(to_int(ms))},
                          chr::day{static_cast<unsigned>(to_int(ds))}};
  if (!ymd.ok()) return std::nullopt;
  return Date(static_cast<int>(chr::sys_days{ymd}.time_since_epoch().count()));
}

int Date::year() const { return int(chr::year_month_day{chr::sys_days{chr::days{days_}}}.year()); }
unsigned Date::month() const {
  return unsigned(chr::year_month_day{chr::sys_days{chr::days{days_}}}.month());
}
unsigned Date::day() const {
  return unsigned(chr::year_month_day{chr::sys_days{chr::days{days_}}}.day());
}
unsigned Date::iso_weekday() const {
  return chr::weekday{chr::sys_days{chr::days{days_}}}.iso_encoding();
}

namespace {

// Writes YYYY-MM-DD into out[0..10) without going through printf: dates are
// formatted on every event written, so this is on the hot path.
void write_ymd(int days, char* out) {
  const chr::year_month_day ymd{chr::sys_days{chr::days{days}}};
  int y = int(ymd.year());
  const unsigned m = unsigned(ymd.month()), d = unsigned(ymd.day());
  for (int i = 3; i >= 0; --i, y /= 10) out[i] = static_cast<char>('0' + y % 10);
  out[4] = '-';
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[7] = '-';
  out[8] = static_cast<char>('0' + d / 10);
  out[9] = static_cast<char>('0' + d % 10);
}

}  // namespace

std::string Date::str() const {
  std::string out(10, '0');
  write_ymd(days_, out.data());
  return out;
}

Date local_date(Timestamp t) {
  auto local = t + kShanghaiOffset;
  return Date::from_days(static_cast<int>(chr::floor<chr::days>(local).time_since_epoch().count()));
}

std::string format_local(Timestamp t) {
  const auto local = (t + kShanghaiOffset).time_since_epoch().count();
  const long long day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  const long long secs = local - day * 86400;
  std::string out = "0000-00-00T00:00:00+08:00";
  write_ymd(static_cast<int>(day), out.data());
  const int parts[3] = {int(secs / 3600), int(secs / 60 % 60), int(secs % 60)};
  for (int i = 0; i < 3; ++i) {
    out[11 + i * 3] = static_cast<char>('0' + parts[i] / 10);
    out[12 + i * 3] = static_cast<char>('0' + parts[i] % 10);
  }
  return out;
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
  Timestamp local{chr::sys_days{chr::days{d->days()}} + chr::hours{h} + chr::minutes{m} +
                  chr::seconds{sec}};
  return local - kShanghaiOffset;
}

}  // namespace luodi
