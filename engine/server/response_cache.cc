#include "server/response_cache.h"

namespace luodi::server {

bool ResponseCache::cacheable(const Request& req) {
  if (req.method() != http::verb::get) return false;
  constexpr std::string_view prefix = "/api/projects/";
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  if (!path.starts_with(prefix)) return false;
  const std::string_view code = path.substr(prefix.size());
  return !code.empty() && code.find('/') == std::string_view::npos;
}

std::string ResponseCache::key_of(const Request& req) {
  std::string key(req.target());
  key += '\n';
  key += req[http::field::authorization];
  return key;
}

const ResponseCache::Entry* ResponseCache::find(const Request& req, const Stamp& now) const {
  auto it = entries_.find(key_of(req));
  return it != entries_.end() && it->second.stamp == now ? &it->second : nullptr;
}

void ResponseCache::keep(const Request& req, const Stamp& stamp, const Response& res,
                         const std::string& route, const std::string& user) {
  if (res.result() != http::status::ok) return;
  if (entries_.size() >= capacity_) entries_.clear();
  entries_[key_of(req)] = Entry{stamp, res, route, user};
}

}  // namespace luodi::server
