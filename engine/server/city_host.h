// What a server keeps for each city it serves, on the writer thread: the
// city's writing engine, its scheduler and webhook deliveries (running only
// while this instance holds the city's lease), the lease keeper, the
// listener for writes made through other instances, and the API over the
// writing engine (writes). One server may serve several cities of one
// PostgreSQL database (serve --all-cities); each keeps its own lease, so the
// cities' scheduled work spreads over the instances and moves, city by
// city, to another when one dies.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <ostream>
#include <string>

#include "luodi/engine.h"
#include "notify/local_delivery.h"
#include "server/api.h"
#include "server/change_listener.h"
#include "server/lease_keeper.h"
#include "server/metrics.h"
#include "server/scheduler.h"
#include "server/server.h"
#include "server/webhooks.h"

namespace luodi::server {

class CityHost {
 public:
  // `engine` is the city's writing engine, `lease_engine` the lease
  // keeper's own (on the `leasing` loop); what is shared by all cities (the
  // writer's and the lease thread's loops, the clock, the TLS context, the
  // metrics, the lease board and the logs) outlives the host. `instance`
  // names this server as the lease's owner.
  CityHost(std::unique_ptr<Engine> engine, std::unique_ptr<Engine> lease_engine,
           boost::asio::io_context& writer, boost::asio::io_context& leasing, const Clock& clock,
           const ServerOptions& options, const ApiOptions& api_options,
           boost::asio::ssl::context& tls, Metrics& metrics, LeaseBoard& leases,
           const std::string& instance, std::ostream& log, LogLimiter& limited_log);

  // Takes the lease when free and listens for other instances' writes (on the writer thread).
  void start();
  // Gives the lease up and stops the scheduled work (on the writer thread).
  void stop();
  // Gives the lease up at once, on the lease thread (from any thread).
  void give_up_lease() { lease_keeper_.give_up(); }
  // After stop(): no delivery is still in flight, so the host may go (a city
  // removed while the server runs).
  bool idle() const { return webhooks_.idle() && lease_keeper_.given_up(); }

  Engine& engine() { return *engine_; }
  Api& api() { return api_; }

 private:
  std::unique_ptr<Engine> engine_;
  const ServerOptions& options_;
  const Clock& clock_;
  LocalDelivery delivery_;
  WebhookDispatcher webhooks_;
  Scheduler scheduler_;
  LeaseKeeper lease_keeper_;
  ChangeListener changes_;  // writes through other instances poke the scheduler
  Api api_;
};

}  // namespace luodi::server
