// Keeps this instance's lease on the city's scheduled work: takes it when
// free, renews it every third of its time, and says when it is gained or
// lost (the scheduler and the deliveries run only while it is held). Several
// `luodi serve` on one database: one of them holds each city's lease; when it
// dies, another takes it over within the lease's time (15 s by default; the
// lease is written to last nine tenths of it, and the others look every
// tenth). Lives on the writer thread, with the writing engine; what it holds
// is published for /healthz on any thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "luodi/engine.h"

namespace luodi::server {

// The cities whose lease this instance holds, readable from any thread.
class LeaseBoard {
 public:
  void set(const std::string& city, bool held);
  std::vector<std::string> held() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> held_;
};

// An id for this instance: host, process and a random part.
std::string instance_id();

class LeaseKeeper {
 public:
  LeaseKeeper(boost::asio::io_context& writer, Engine& engine, std::string owner, std::chrono::milliseconds ttl,
              LeaseBoard& board, std::ostream& log, std::function<void()> on_gain);
  // Tries to take the lease now, then keeps renewing it.
  void start();
  // Gives the lease up (a clean stop), so another instance takes it at once.
  void stop();

 private:
  void renew();

  boost::asio::steady_timer timer_;
  Engine& engine_;
  std::string owner_;
  std::chrono::milliseconds ttl_;
  LeaseBoard& board_;
  std::ostream& log_;
  std::function<void()> on_gain_;
  bool stopped_ = false;
};

}  // namespace luodi::server
