// Errors are logged once per cause, not once per attempt: a line for a cause
// is written at most once in each interval (a second by default); the lines
// held back meanwhile are counted, and the next line of that cause says how
// many there were. A server that cannot reach its database, or has lost its
// lease, says so once a second, not two thousand times. Safe on any thread.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <ostream>
#include <string>

namespace luodi::server {

class LogLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LogLimiter(std::ostream& log, Clock::duration interval = std::chrono::seconds(1))
      : log_(log), interval_(interval) {}

  // Writes `line` unless a line of `cause` was written within the interval
  // before `now`; true when written.
  bool say(const std::string& cause, const std::string& line, Clock::time_point now = Clock::now());
  // Lines of `cause` held back since its last line.
  long held_back(const std::string& cause) const;

 private:
  struct Cause {
    Clock::time_point last;
    long held_back = 0;
  };
  std::ostream& log_;
  Clock::duration interval_;
  mutable std::mutex mutex_;
  std::map<std::string, Cause> causes_;
};

// Says `line` through `limiter` (once a second for `cause`), or, without
// one, straight to `log`.
void say_limited(LogLimiter* limiter, std::ostream& log, const std::string& cause,
                 const std::string& line);

}  // namespace luodi::server
