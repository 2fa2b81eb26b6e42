// Which of the cities a server serves a request is for. A city's users are
// its own (each city keeps its users and their tokens), so the bearer token
// says the city: it is looked up in each served city's users the first time
// it is seen and remembered (only tokens some city knows are remembered, so
// unknown tokens cannot grow the memory). A request without a token (the
// health check, metrics, the dashboard's pages, the public wall chart), or
// with a token no city knows, goes to the first city, whose API answers it
// (401 for the unknown token). Safe on any thread.
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
  explicit CityRouter(std::vector<std::string> cities);

  // The city `req` is for. `engine_of(city)` is the calling thread's engine
  // on that city (for the lookup of a token not seen before).
  const std::string& city_of(const Request& req, const std::function<Engine*(const std::string&)>& engine_of);

  const std::vector<std::string>& cities() const { return cities_; }

 private:
  std::vector<std::string> cities_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> known_;  // token's hash → index in cities_
};

}  // namespace luodi::server
