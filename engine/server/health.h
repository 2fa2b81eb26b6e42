// What /healthz says, from what the lease keepers last learnt: the cities
// whose lease this instance holds now (unexpired: a lease whose renewal is
// late is not listed), each with its epoch and when it lapses unless
// renewed; and whether the instance is healthy. It is not when, for any city
// it serves, its lease keeper has not reached the database within a lease's
// time: it can then neither hold the city nor know that another does, and
// reminders may be going nowhere (503, with the reason).
#pragma once

#include <boost/json.hpp>
#include <chrono>

#include "server/lease_keeper.h"

namespace luodi::server {

struct Health {
  bool ok = true;
  boost::json::array leases;    // the cities held now, by name
  boost::json::array held;      // the same, each {city, epoch, expires_at}
  boost::json::array problems;  // why it is not healthy: {city, problem}
};

Health health_of(const LeaseBoard& board, std::chrono::milliseconds lease_time,
                 LeaseBoard::Clock::time_point now = LeaseBoard::Clock::now());

}  // namespace luodi::server
