#include "server/city_router.h"

#include <algorithm>

#include "common/url.h"
#include "luodi/user.h"

namespace luodi::server {

namespace {

// The city named by ?city= of a request for the wall chart's data, if any.
std::string wall_city_of(const Request& req) {
  const std::string_view target(req.target().data(), req.target().size());
  const auto q = target.find('?');
  if (target.substr(0, q) != "/api/wall" || q == std::string_view::npos) return "";
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view kv = rest.substr(0, amp);
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos && url_decode(kv.substr(0, eq)) == "city")
      return url_decode(kv.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return "";
}

}  // namespace

CityRouter::CityRouter(std::vector<std::string> cities) : cities_(std::move(cities)) {
  if (cities_.empty()) cities_.emplace_back(kDefaultCity);
}

std::vector<std::string> CityRouter::cities() const {
  std::lock_guard lock(mutex_);
  return cities_;
}

bool CityRouter::serves(const std::string& city) const {
  std::lock_guard lock(mutex_);
  return std::find(cities_.begin(), cities_.end(), city) != cities_.end();
}

void CityRouter::add(const std::string& city) {
  std::lock_guard lock(mutex_);
  if (std::find(cities_.begin(), cities_.end(), city) == cities_.end()) cities_.push_back(city);
}

bool CityRouter::remove(const std::string& city) {
  std::lock_guard lock(mutex_);
  const auto it = std::find(cities_.begin(), cities_.end(), city);
  if (it == cities_.end() || cities_.size() == 1) return false;
  cities_.erase(it);
  std::erase_if(known_, [&](const auto& entry) { return entry.second == city; });
  return true;
}

std::string CityRouter::city_of(const Request& req,
                                const std::function<Engine*(const std::string&)>& engine_of) {
  std::vector<std::string> cities;
  {
    std::lock_guard lock(mutex_);
    if (cities_.size() == 1) return cities_.front();
    cities = cities_;
  }
  if (const std::string named = wall_city_of(req);
      !named.empty() && std::find(cities.begin(), cities.end(), named) != cities.end())
    return named;
  const std::string token = bearer_token(req);
  if (token.empty()) return cities.front();
  const std::string hash = token_hash(token);
  {
    std::lock_guard lock(mutex_);
    if (auto it = known_.find(hash); it != known_.end()) return it->second;
  }
  for (const auto& city : cities) {
    Engine* engine = engine_of(city);
    if (!engine || !engine->authenticate(token).ok()) continue;
    std::lock_guard lock(mutex_);
    // Remembered only while the city is still served (it may have gone meanwhile).
    if (std::find(cities_.begin(), cities_.end(), city) != cities_.end())
      known_.emplace(hash, city);
    return city;
  }
  return cities.front();
}

}  // namespace luodi::server
