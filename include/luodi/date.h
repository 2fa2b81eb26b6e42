// Calendar dates and instants. All dates are local dates in Asia/Shanghai
// (UTC+8, no daylight saving since 1991), the zone the bureau works in.
#pragma once

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace luodi {

// The years a date may fall in: anything outside is a typing mistake (0000,
// 9999), and would make day-by-day rules walk for ever.
inline constexpr int kFirstYear = 1900;
inline constexpr int kLastYear = 2200;
// How a date must be written, for error messages.
inline constexpr const char* kDateForm = "a date YYYY-MM-DD between 1900-01-01 and 2200-12-31";

// A local calendar date (proleptic Gregorian), stored as days since 1970-01-01.
class Date {
 public:
  constexpr Date() = default;
  static constexpr Date from_days(int days) { return Date(days); }
  // Returns nullopt unless `s` is exactly YYYY-MM-DD, a real date, and in the
  // years luodi accepts (kFirstYear … kLastYear).
  static std::optional<Date> parse(std::string_view s);
  static Date from_ymd(int y, unsigned m, unsigned d);

  int days() const { return days_; }
  int year() const;
  unsigned month() const;
  unsigned day() const;
  // 1 = Monday … 7 = Sunday (ISO 8601).
  unsigned iso_weekday() const;
  std::string str() const;  // YYYY-MM-DD

  Date operator+(int n) const { return Date(days_ + n); }
  Date operator-(int n) const { return Date(days_ - n); }
  int operator-(Date o) const { return days_ - o.days_; }
  auto operator<=>(const Date&) const = default;

 private:
  constexpr explicit Date(int d) : days_(d) {}
  int days_ = 0;
};

// An instant, seconds since the Unix epoch (UTC).
using Timestamp = std::chrono::sys_seconds;

// The fixed offset of Asia/Shanghai from UTC.
inline constexpr std::chrono::seconds kShanghaiOffset{8 * 3600};

Date local_date(Timestamp t);
// "YYYY-MM-DDTHH:MM:SS+08:00"
std::string format_local(Timestamp t);
// Parses "YYYY-MM-DD" (local midnight) or "YYYY-MM-DDTHH:MM[:SS]" as local time.
std::optional<Timestamp> parse_local(std::string_view s);

}  // namespace luodi
