// The what-if lane: POST /api/whatif weighs a whole city in memory (seconds
// for a large scenario), so it never runs on the readers, which stay free for
// the quick reads. A gate thread (its own engines) checks each what-if as the
// API does — token, limits (413), a unit's scope (403), the scenario's form
// (400) — and admits it to its city's lane: one thread per city, so one
// what-if at a time per city, with at most `queue` more waiting. Beyond that
// the answer is 429 with Retry-After (the seconds the ones ahead are expected
// to take). /metrics shows each city's lane: luodi_whatif_running,
// luodi_whatif_waiting and luodi_whatif_refused_total.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "server/api.h"
#include "server/body_pipe.h"
#include "server/city_router.h"

namespace luodi::server {

class WhatIfLane {
 public:
  // A lane for each city of `router` in the database at `database`, its
  // engines opened on first use; `queue`: how many may wait per city.
  // Answers are taken on `network`. `options.defer_what_if` is set here.
  WhatIfLane(const std::string& database, CityRouter& router, const Clock& clock, int queue,
             ApiOptions options, boost::asio::any_io_executor network);
  ~WhatIfLane();  // answers what was admitted, then joins

  // Answers the what-if `req` through the pipe returned (never on the
  // calling thread). `req`, `route` and `user` (as Api::handle) must live
  // until the response is taken.
  std::shared_ptr<BodyPipe> start(const Request& req, std::string& route, std::string& user);

  // The lanes' gauges in the Prometheus text format, one line per city.
  std::string metrics_text();

 private:
  struct Lane {
    std::unique_ptr<Engine> gate_engine;  // the gate thread's
    std::unique_ptr<Api> gate_api;
    std::unique_ptr<Engine> engine;  // the lane's thread's
    std::unique_ptr<Api> api;
    boost::asio::thread_pool thread{1};  // one what-if at a time
    int running = 0, waiting = 0;        // guarded by mutex_
    long refused = 0;
    double seconds = 1;  // the last what-if's time, for Retry-After
  };
  // On the gate thread: checks `req` and admits it, or answers it.
  void admit(const Request& req, std::string& route, std::string& user,
             const std::shared_ptr<BodyPipe>& pipe);
  // On `lane`'s thread: weighs the admitted scenario.
  void weigh(Lane& lane, const std::string& city, const Request& req,
             const std::shared_ptr<const DecodedScenario>& scenario,
             const std::shared_ptr<BodyPipe>& pipe);
  // `city`'s lane (created on first use; the gate thread's engine opened).
  Result<Lane*> gate_lane(const std::string& city);

  std::string database_;
  CityRouter& router_;
  const Clock& clock_;
  const int queue_;
  ApiOptions options_;
  boost::asio::any_io_executor network_;
  std::string
      hold_file_;  // tests only (LUODI_TEST_WHATIF_HOLD): a what-if waits while this file exists
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Lane>> lanes_;
  boost::asio::thread_pool gate_{1};  // declared last: joined first
};

}  // namespace luodi::server
