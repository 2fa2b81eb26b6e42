// Answers to GET /api/projects/{code}, kept on the network thread with the
// database version and the day they were worked out for. A request with the
// same target and credentials, on the same day, with no commit since (by any
// connection: SQLite's data_version), is answered from here without leaving
// the network thread; anything else goes to the readers. Bounded: when full,
// the cache starts again empty.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "luodi/date.h"
#include "server/api.h"

namespace luodi::server {

class ResponseCache {
 public:
  using Stamp = DataStamp;
  struct Entry {
    Stamp stamp;
    Response response;
    std::string route, user;  // for the log and the metrics
  };

  explicit ResponseCache(std::size_t capacity = 4096) : capacity_(capacity) {}

  // Whether answers to `req` may be kept: a GET of one project.
  static bool cacheable(const Request& req);
  // The answer kept for `req` under `now`, if any.
  const Entry* find(const Request& req, const Stamp& now) const;
  // Keeps a successful answer to `req` worked out under `stamp`.
  void keep(const Request& req, const Stamp& stamp, const Response& res, const std::string& route,
            const std::string& user);

 private:
  static std::string key_of(const Request& req);

  std::size_t capacity_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace luodi::server
