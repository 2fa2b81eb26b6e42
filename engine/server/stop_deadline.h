// How long a stopping server may take. A stop signal arms the deadline:
// what is in flight gets `grace` to finish (requests answered, deliveries
// recorded, leases given up); a writer still busy after it is let go; and a
// process still not ended a few seconds later ends anyway, after saying so,
// so that SIGTERM under any load ends the server within ten seconds. Nothing
// acknowledged is lost: every answered write was committed before its
// answer, and a delivery cut short goes again, under the same
// Idempotency-Key, once its claim lapses.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>

namespace luodi::server {

// Time for what is in flight after a stop signal, and the moment past
// which the process ends whatever it is doing.
inline constexpr std::chrono::seconds kStopGrace{6};
inline constexpr std::chrono::seconds kStopHardLimit{9};

class StopDeadline {
 public:
  using Clock = std::chrono::steady_clock;
  explicit StopDeadline(std::ostream& log) : log_(log) {}
  ~StopDeadline();  // disarms

  // The stop began now: past `hard_limit` from now the process exits.
  void arm(std::chrono::seconds hard_limit = kStopHardLimit);
  // Waits until `loop` has run out of work, or `grace` from the stop's
  // start (from now when unarmed) has passed; true when it ran out.
  bool wait_for(const boost::asio::io_context& loop, std::chrono::seconds grace);
  // The process ended cleanly in time.
  void disarm();

 private:
  std::ostream& log_;
  std::mutex mutex_;
  std::condition_variable done_;
  std::optional<Clock::time_point> started_;
  bool disarmed_ = false;
  std::thread watchdog_;
};

}  // namespace luodi::server
