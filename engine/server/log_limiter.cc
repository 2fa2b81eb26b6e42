#include "server/log_limiter.h"

#include <syncstream>

namespace luodi::server {

bool LogLimiter::say(const std::string& cause, const std::string& line, Clock::time_point now) {
  long held = 0;
  {
    std::lock_guard lock(mutex_);
    auto [it, first] = causes_.try_emplace(cause);
    if (!first && now - it->second.last < interval_) {
      ++it->second.held_back;
      return false;
    }
    it->second.last = now;
    held = it->second.held_back;
    it->second.held_back = 0;
  }
  std::osyncstream out(log_);
  out << line;
  if (held > 0) out << " (" << held << " more like this since the last)";
  out << std::endl;
  return true;
}

long LogLimiter::held_back(const std::string& cause) const {
  std::lock_guard lock(mutex_);
  auto it = causes_.find(cause);
  return it == causes_.end() ? 0 : it->second.held_back;
}

void say_limited(LogLimiter* limiter, std::ostream& log, const std::string& cause,
                 const std::string& line) {
  if (limiter) {
    limiter->say(cause, line);
  } else {
    std::osyncstream(log) << line << std::endl;
  }
}

}  // namespace luodi::server
