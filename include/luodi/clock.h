// The seam between pure logic and time: everything that needs "now" takes a
// Clock, so tests drive time by hand and never sleep.
#pragma once

#include "luodi/date.h"

namespace luodi {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
  Date today() const { return local_date(now()); }
};

// The machine's clock.
class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
};

// A clock that only moves when told to. Default: 1970-01-01T08:00+08:00.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp t = Timestamp{}) : now_(t) {}
  Timestamp now() const override { return now_; }
  void set(Timestamp t) { now_ = t; }
  void advance(std::chrono::seconds d) { now_ += d; }

 private:
  Timestamp now_;
};

// A clock that starts at a chosen instant and then runs with real time: what a
// long-running process started with --now sees.
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(Timestamp start);
  Timestamp now() const override;

 private:
  Timestamp start_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace luodi
