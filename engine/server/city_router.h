// Which of the cities a server serves a request is for. A city's users are
// its own (each city keeps its users and their tokens), so the bearer token
// says the city: it is looked up in each served city's users the first time
// it is seen and remembered (only tokens some city knows are remembered, so
// unknown tokens cannot grow the memory). The public wall chart's data
// (/api/wall?city=ID) goes to the city it names. A request without a token
// (the health check, metrics, the dashboard's pages, the public wall chart),
// or with a token no city knows, goes to the first city, whose API answers it
// (401 for the unknown token).
//
// The cities served change while the server runs (serve --all-cities follows
// the database's list): a city added is appended (the first stays first), a
// city removed is forgotten with its tokens. Safe on any thread: every answer
// is a copy, never a reference into the changing list.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "luodi/engine.h"
#include "server/api.h"

namespace luodi::server {

class CityRouter {
 public:
  // `cities` in the order served; none: the default city.
  explicit CityRouter(std::vector<std::string> cities);

  // The city `req` is for. `engine_of(city)` is the calling thread's engine
  // on that city (for the lookup of a token not seen before); it may answer
  // nullptr (that city is then skipped).
  std::string city_of(const Request& req,
                      const std::function<Engine*(const std::string&)>& engine_of);

  // The cities served now, in order (a copy).
  std::vector<std::string> cities() const;
  bool serves(const std::string& city) const;

  // Serves `city` too (last); nothing when it is served already.
  void add(const std::string& city);
  // Stops routing to `city` and forgets its tokens; false (nothing done) when
  // it is the only city left, or not served.
  bool remove(const std::string& city);

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> cities_;
  std::unordered_map<std::string, std::string> known_;  // token's hash → its city
};

}  // namespace luodi::server
