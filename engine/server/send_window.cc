#include "server/send_window.h"

#include <algorithm>

namespace luodi::server {

bool SendWindow::take(const std::string& key, int limit, Clock::time_point now,
                      Clock::time_point& next_turn, int n, Clock::duration window) {
  if (!has_turns(key, limit, now, next_turn, n, window)) return false;
  if (limit <= 0) return true;
  auto& sent = sent_[key];
  for (int i = 0; i < n; ++i) sent.insert(std::upper_bound(sent.begin(), sent.end(), now), now);
  return true;
}

bool SendWindow::has_turns(const std::string& key, int limit, Clock::time_point now,
                           Clock::time_point& next_turn, int n, Clock::duration window) {
  if (paused(key, now, next_turn)) return false;
  if (limit <= 0) return true;
  if (window <= Clock::duration::zero()) window = window_;
  longest_ = std::max(longest_, window);
  auto& sent = sent_[key];
  while (!sent.empty() && sent.front() + longest_ <= now) sent.pop_front();
  // The turns within this window: the last `in_window` of `sent`.
  const auto first = std::upper_bound(sent.begin(), sent.end(), now - window);
  const auto in_window = static_cast<int>(sent.end() - first);
  const int need = std::max(n, 1);
  const int room = need > limit ? 0 : limit - need;  // how many may stay in the window
  if (in_window > room) {
    next_turn = *(first + (in_window - room - 1)) + window;
    return false;
  }
  return true;
}

void SendWindow::count(const std::string& key, Clock::time_point at) {
  auto& sent = sent_[key];
  sent.insert(std::upper_bound(sent.begin(), sent.end(), at), at);
}

void SendWindow::restamp(const std::string& key, Clock::time_point taken,
                         Clock::time_point answered) {
  auto& sent = sent_[key];
  if (const auto at = std::find(sent.begin(), sent.end(), taken); at != sent.end()) {
    if (answered <= taken) return;
    sent.erase(at);
  }
  sent.insert(std::upper_bound(sent.begin(), sent.end(), answered), answered);
}

bool SendWindow::pause(const std::string& key, Clock::time_point now, Clock::time_point until) {
  auto [it, fresh] = paused_.try_emplace(key, until);
  if (fresh) return true;
  const bool running = it->second > now;
  if (!running || it->second < until) it->second = until;
  return !running;
}

bool SendWindow::paused(const std::string& key, Clock::time_point now,
                        Clock::time_point& until) const {
  const auto it = paused_.find(key);
  if (it == paused_.end() || it->second <= now) return false;
  until = it->second;
  return true;
}

}  // namespace luodi::server
