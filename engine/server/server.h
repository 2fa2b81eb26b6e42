// `luodi serve`: one process. The network thread runs a Beast HTTP/1.1 server
// (keep-alive, read timeout, 1 MiB body limit) and only parses, routes and
// writes bytes. Writes, the schedulers' ticks and the webhook deliveries use
// each city's writing engine on the writer thread (its own io_context); GET
// requests are answered by the readers (server/readers.h), each with its own
// engines on its own thread; the long reads (reports, exports) by readers of
// their own, and what-ifs in a lane of their own (server/whatif_lane.h), so
// heavy requests cannot take every reader. So no fsync and no long read holds
// the network thread. A server serves one city, or several of one PostgreSQL database
// (serve --all-cities): a request goes to its token's city
// (server/city_router.h), and a city added or removed while it runs is
// served, or no longer, within the lease's time.
// SIGINT/SIGTERM: stop accepting, finish what is in flight, exit 0.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "luodi/engine.h"
#include "server/webhooks.h"
#include "whatif/limits.h"

namespace luodi::server {

struct ServerOptions {
  std::string host = "127.0.0.1";  // Default: loopback only
  unsigned short port = 8080;      // 0: any free port (printed when listening)
  std::chrono::seconds idle_timeout{30};
  std::size_t body_limit = 1 << 20;      // 1 MiB; larger bodies get 413
  std::chrono::minutes send_at{9 * 60};  // notifications of a day go out from 09:00
  RetryPolicy webhooks;
  std::optional<std::string> ca_file;  // --ca-file: a private CA trusted for https webhooks too
  std::string public_url;    // --public-url: where people open the dashboard (robots link to it)
  bool public_wall = false;  // --wall: the wall chart without a token
  std::string targets_dir;   // the report's annual targets (<year>.yaml)
  std::string database;      // a SQLite file or postgresql:// URI
  std::vector<std::string> cities;  // the cities served (a SQLite file holds one: the default city)
  // serve --all-cities: the cities served follow the database's list while
  // the server runs (looked at every third of the lease's time): a city
  // added is served and supervised, a city removed stops being served.
  bool all_cities = false;
  int readers =
      4;  // threads answering GET requests, each with its own engines (serve --readers N); 0: none
  // How long a city's lease on its scheduled work lasts unless renewed
  // (serve --lease-ms); another instance takes it over once it lapses.
  std::chrono::milliseconds lease{15000};
  // What-ifs run in their own lane, one at a time per city, never on the
  // readers (server/whatif_lane.h): `whatif_queue` more may wait (serve
  // --whatif-queue N), beyond that 429. Scenarios over the limits get 413
  // (--whatif-max-events, --whatif-max-bytes).
  WhatIfLimits whatif;
  int whatif_queue = 2;  // Default: 2 waiting per city
};

// Opens each city of `options.database` and runs until a stop signal.
// `on_listening` gets the bound port.
Status serve(const Clock& clock, const ServerOptions& options, std::ostream& log,
             const std::function<void(unsigned short)>& on_listening);

}  // namespace luodi::server
