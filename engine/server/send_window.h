// How many messages a receiver takes: at most N in any window (a minute for
// the work-chat robots, which refuse the 21st message within a minute and
// then stay silent for a while). A message beyond that waits its turn: the
// turn comes when the oldest of the last N leaves the window. Kept per key
// (a robot's webhook URL, shared by every contact that names it). Pure: the
// caller gives the time.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <string>

namespace luodi::server {

class SendWindow {
 public:
  using Clock = std::chrono::steady_clock;
  explicit SendWindow(Clock::duration window) : window_(window) {}

  // A turn for `key` at `now` under `limit` messages a window (0: no limit):
  // true, and counted; or false, with `next_turn` set to when one comes.
  bool take(const std::string& key, int limit, Clock::time_point now, Clock::time_point& next_turn);
  // A message that went at `at` (before a restart, say), counted as a turn taken.
  void count(const std::string& key, Clock::time_point at);

 private:
  Clock::duration window_;
  std::map<std::string, std::deque<Clock::time_point>> sent_;  // per key, the times in the window
};

}  // namespace luodi::server
