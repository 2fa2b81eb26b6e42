// Keeps this instance's lease on a city's scheduled work: takes it when
// free, renews it every third of its time, and says when it is gained or
// lost (the scheduler and the deliveries run only while it is held).
// Several `luodi serve` on one database: one of them holds each city's
// lease; when it dies, another takes it over within the lease's time (15 s
// by default; the lease is written to last nine tenths of it, and the
// others look every tenth).
//
// Renewal never waits behind delivery or a tick: each keeper runs on the
// server's lease thread with its own engine (its own connection), and only
// tells the writer thread, where the city's scheduled work runs, which
// lease fences that work. What it holds, until when and at which epoch is
// published on the LeaseBoard, read by the deliveries and the scheduler
// before each step (a lease not renewed in time stops them at once) and by
// /healthz.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "luodi/engine.h"
#include "server/log_limiter.h"

namespace luodi::server {

// What this instance knows of one city's lease.
struct LeaseTerm {
  bool held = false;
  std::int64_t epoch = 0;
  Timestamp expires_at{};                           // when it lapses unless renewed (wall clock)
  std::chrono::steady_clock::time_point expires{};  // the same on this machine's steady clock
  std::chrono::steady_clock::time_point
      last_contact{};   // the last renewal that reached the database
  std::string problem;  // why the last renewal failed, if it did
};

// The cities' leases as this instance knows them, readable from any thread.
class LeaseBoard {
 public:
  using Clock = std::chrono::steady_clock;
  void update(const std::string& city, const LeaseTerm& term);
  void forget(const std::string& city);
  // Held, and not past its time: scheduled work may go on.
  bool holds(const std::string& city, Clock::time_point now = Clock::now()) const;
  // The cities held now, in order.
  std::vector<std::string> held(Clock::time_point now = Clock::now()) const;
  std::map<std::string, LeaseTerm> terms() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, LeaseTerm> terms_;
};

// An id for this instance: host, process and a random part.
std::string instance_id();

class LeaseKeeper {
 public:
  // `own` is the keeper's engine on the city (its own connection), used on
  // the `leasing` loop only; `writing` is the city's writing engine on the
  // `writer` loop, whose scheduled writes the lease fences. `on_gain` runs
  // on the writer loop once the lease is taken (again).
  LeaseKeeper(boost::asio::io_context& leasing, std::unique_ptr<Engine> own,
              boost::asio::io_context& writer, Engine& writing, std::string owner,
              std::chrono::milliseconds ttl, LeaseBoard& board, LogLimiter& log,
              std::function<void()> on_gain);
  // Tries to take the lease now, then keeps renewing it (from any thread).
  void start();
  // Gives the lease up, so another instance takes it at once (from the
  // writer thread: the writing engine stops being fenced at once; the
  // lease is given up on the lease thread, before it ends).
  void stop();
  // Gives the lease up on the lease thread, however busy the writer is
  // (from any thread; a stopping server's first step).
  void give_up();
  // The lease is given up and nothing of this keeper is left to run on the
  // lease thread: it may be destroyed (a city removed while serving).
  bool given_up() const { return given_up_; }

 private:
  void renew();
  void tell_writer(std::optional<LeaseFence> fence, bool gained);

  boost::asio::io_context& leasing_;
  boost::asio::steady_timer timer_;
  std::unique_ptr<Engine> own_;
  boost::asio::io_context& writer_;
  Engine& writing_;
  std::string owner_;
  std::string city_;
  std::chrono::milliseconds ttl_;
  LeaseBoard& board_;
  LogLimiter& log_;
  std::function<void()> on_gain_;
  LeaseTerm term_;        // on the lease thread
  int failures_ = 0;      // renewals in a row that could not reach the database
  bool stopped_ = false;  // on the lease thread
  std::atomic<bool> given_up_{false};
  // On the writer thread; shared with what is posted there, which may run
  // after the keeper is gone.
  std::shared_ptr<bool> writer_stopped_ = std::make_shared<bool>(false);
};

}  // namespace luodi::server
