#include "server/send_window.h"

#include <algorithm>

namespace luodi::server {

bool SendWindow::take(const std::string& key, int limit, Clock::time_point now, Clock::time_point& next_turn) {
  if (limit <= 0) return true;
  auto& sent = sent_[key];
  while (!sent.empty() && sent.front() + window_ <= now) sent.pop_front();
  if (static_cast<int>(sent.size()) >= limit) {
    next_turn = sent[sent.size() - static_cast<std::size_t>(limit)] + window_;
    return false;
  }
  sent.push_back(now);
  return true;
}

void SendWindow::count(const std::string& key, Clock::time_point at) {
  auto& sent = sent_[key];
  sent.insert(std::upper_bound(sent.begin(), sent.end(), at), at);
}

}  // namespace luodi::server
