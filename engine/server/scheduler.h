// One steady_timer on the server's loop, armed for the earliest moment
// something may be due (the earliest next-check date at the send time), never
// further than a minute away so that writes made by the CLI are picked up.
// Writes through the API re-arm it at once. Between midnight and the send
// time it keeps the day's standings once (Engine::keep_standings), sending
// nothing; from the send time on it ticks.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "luodi/engine.h"
#include "server/log_limiter.h"

namespace luodi::server {

class Scheduler {
 public:
  // `send_at`: the time of day from which a day's notifications go out.
  // `after_tick` runs after each tick (webhook rows are delivered elsewhere).
  Scheduler(boost::asio::io_context& io, Engine& engine, Delivery& delivery, const Clock& clock,
            std::chrono::minutes send_at, std::ostream& log, std::function<void()> after_tick);

  // Catches up (as `luodi tick` does) and arms the timer.
  void start();
  // Something was written: look again now.
  void poke();
  void stop();
  // Works only while `holds()` (the lease, unexpired); errors go to `log`
  // once per cause.
  void work_while(std::function<bool()> holds, LogLimiter& log);
  // Told after each round (a look at what is due that went to its end).
  void on_round(std::function<void()> done) { on_round_ = std::move(done); }

 private:
  void arm(std::chrono::steady_clock::duration in);
  void run();

  boost::asio::steady_timer timer_;
  Engine& engine_;
  Delivery& delivery_;
  const Clock& clock_;
  std::chrono::minutes send_at_;
  std::ostream& log_;
  std::function<void()> after_tick_;
  // Says `line` once a second at most for `cause` (or always, without a limiter).
  void say(const std::string& cause, const std::string& line);

  std::function<bool()> holds_;
  std::function<void()> on_round_;
  LogLimiter* limited_ = nullptr;
  bool stopped_ = false;
  bool emitted_ = false;                   // the tick under way has emitted notifications
  std::optional<Date> kept_day_;           // the day whose standings were kept before its send time
  std::optional<std::string> keep_after_;  // where keeping them goes on
};

}  // namespace luodi::server
