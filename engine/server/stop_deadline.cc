#include "server/stop_deadline.h"

#include <cstdlib>
#include <syncstream>

namespace luodi::server {

StopDeadline::~StopDeadline() { disarm(); }

void StopDeadline::arm(std::chrono::seconds hard_limit) {
  std::lock_guard lock(mutex_);
  if (started_ || disarmed_) return;
  started_ = Clock::now();
  const auto until = *started_ + hard_limit;
  watchdog_ =
      std::thread(
          [this, until, hard_limit] {
            std::unique_lock wait(mutex_);
            if (done_.wait_until(wait, until, [this] { return disarmed_; })) return;
            std::osyncstream(log_)
                << "stopping: still busy " << hard_limit.count()
                << " s after the stop signal; exiting now (deliveries cut short go again "
                   "under the same Idempotency-Key)"
                << std::endl;
            log_.flush();
            std::_Exit(0);
          });
}

bool StopDeadline::wait_for(const boost::asio::io_context& loop, std::chrono::seconds grace) {
  Clock::time_point until;
  {
    std::lock_guard lock(mutex_);
    until = started_.value_or(Clock::now()) + grace;
  }
  while (!loop.stopped()) {
    if (Clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

void StopDeadline::disarm() {
  {
    std::lock_guard lock(mutex_);
    disarmed_ = true;
  }
  done_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

}  // namespace luodi::server
