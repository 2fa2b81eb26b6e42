// How many messages a receiver takes: at most N in any window (19 in 61 s
// for the work-chat robots, which refuse the 21st message within a minute and
// then stay silent for a while: luodi keeps a margin of one message and one
// second). A message beyond that waits its turn: the turn comes when enough of
// the last N leave the window. Kept per key (a robot's webhook URL, shared by
// every contact that names it). A key may be paused too (a robot that refused
// a message as too many): no turn until the pause ends. Pure: the caller gives
// the time.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <string>

namespace luodi::server {

class SendWindow {
 public:
  using Clock = std::chrono::steady_clock;
  // `window`: the default window (a contact may name its own).
  explicit SendWindow(Clock::duration window) : window_(window), longest_(window) {}

  // `n` turns (the parts of one message) for `key` at `now` under `limit`
  // messages a `window` (0 limit: no limit; zero window: the default): true,
  // and counted; or false, with `next_turn` set to when they come. More parts
  // than the limit go together once the window is empty.
  bool take(const std::string& key, int limit, Clock::time_point now, Clock::time_point& next_turn,
            int n = 1, Clock::duration window = Clock::duration::zero());
  // The same look, taking nothing.
  bool has_turns(const std::string& key, int limit, Clock::time_point now,
                 Clock::time_point& next_turn, int n = 1,
                 Clock::duration window = Clock::duration::zero());
  // A message that went at `at` (before a restart, say), counted as a turn taken.
  void count(const std::string& key, Clock::time_point at);
  // A turn taken at `taken` whose message was answered at `answered`: counted
  // from then. The robot counts a message when it arrives, which is after it
  // was taken (claims, the connection) and before its answer, so a window
  // counted from the answer is never shorter than the robot's.
  void restamp(const std::string& key, Clock::time_point taken, Clock::time_point answered);
  // No turn for `key` before `until`. True when this starts a pause (none
  // ran at `now`); a running one is only made longer, if `until` is later. So
  // the caller says so once a pause, not once a message.
  bool pause(const std::string& key, Clock::time_point now, Clock::time_point until);
  // When the pause of `key` ends, if it is paused at `now`.
  bool paused(const std::string& key, Clock::time_point now, Clock::time_point& until) const;

 private:
  Clock::duration window_;
  Clock::duration longest_;  // the longest window asked for: what is older is forgotten
  std::map<std::string, std::deque<Clock::time_point>> sent_;  // per key, the times in the window
  std::map<std::string, Clock::time_point> paused_;            // per key, until when
};

}  // namespace luodi::server
