#include "luodi/clock.h"

namespace luodi {

Timestamp SystemClock::now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

OffsetClock::OffsetClock(Timestamp start)
    : start_(start), started_(std::chrono::steady_clock::now()) {}

Timestamp OffsetClock::now() const {
  return start_ +
         std::chrono::floor<std::chrono::seconds>(std::chrono::steady_clock::now() - started_);
}

}  // namespace luodi
