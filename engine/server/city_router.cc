#include "server/city_router.h"

#include "luodi/user.h"

namespace luodi::server {

CityRouter::CityRouter(std::vector<std::string> cities) : cities_(std::move(cities)) {
  if (cities_.empty()) cities_.emplace_back(kDefaultCity);
}

const std::string& CityRouter::city_of(const Request& req,
                                       const std::function<Engine*(const std::string&)>& engine_of) {
  if (cities_.size() == 1) return cities_.front();
  const std::string token = bearer_token(req);
  if (token.empty()) return cities_.front();
  const std::string hash = token_hash(token);
  {
    std::lock_guard lock(mutex_);
    if (auto it = known_.find(hash); it != known_.end()) return cities_[it->second];
  }
  for (std::size_t i = 0; i < cities_.size(); ++i) {
    Engine* engine = engine_of(cities_[i]);
    if (!engine || !engine->authenticate(token).ok()) continue;
    std::lock_guard lock(mutex_);
    known_.emplace(hash, i);
    return cities_[i];
  }
  return cities_.front();
}

}  // namespace luodi::server
