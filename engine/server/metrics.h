// Counters for /metrics in the Prometheus text format: HTTP requests and their
// latency by route and status, and, read at scrape time, projects by stage and
// light, overdue projects and the outbox, each gauge of every city served
// labelled with its city (luodi_projects{city="yiwu",stage=…,light=…}).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "server/api.h"

namespace luodi::server {

class Metrics final : public Observer {
 public:
  void observe(const std::string& route, unsigned status, double seconds);
  void delivery(bool ok) {
    std::lock_guard lock(mutex_);
    ++(ok ? deliveries_ok_ : deliveries_failed_);
  }
  // A round of a city's scheduled work done: "scheduler" (a look at what is
  // due, ticked or kept) or "deliveries" (a look at the outbox). Tests wait
  // for the next round before they check that nothing more happened.
  void round(const std::string& city, const std::string& loop) {
    std::lock_guard lock(mutex_);
    ++rounds_[{city, loop}];
  }
  // The response cache (GET /api/projects/{code}): an answer given from it;
  // the version the last request was stamped with (the database's data
  // version — on PostgreSQL the change hints counted — plus the writes this
  // server committed), or none (answers not cached: `stamped` false).
  void cache_hit() {
    std::lock_guard lock(mutex_);
    ++cache_hits_;
  }
  void cache_stamp(bool stamped, long version) {
    std::lock_guard lock(mutex_);
    cache_stamped_ = stamped;
    if (stamped) cache_version_ = version;
  }
  // The counters, and the gauges of each city served (set_cities), read with
  // the calling thread's engines; `engine` is its engine on one of them (the
  // only city when set_cities was not called).
  std::string metrics_text(Engine& engine) override;
  // More lines for /metrics, in the Prometheus text format (the what-if
  // lane's gauges). Called at scrape time on a reader's thread.
  void add_lines(std::function<std::string()> lines) { lines_.push_back(std::move(lines)); }

  // The cities whose gauges are shown (asked at every scrape), and the
  // calling thread's engine on one of them (nullptr: that city is left out).
  // Set once, before the first scrape.
  using CitiesNow = std::function<std::vector<std::string>()>;
  using EngineOf = std::function<Engine*(const std::string&)>;
  void set_cities(CitiesNow cities, EngineOf engine_of) {
    cities_ = std::move(cities);
    engine_of_ = std::move(engine_of);
  }

 private:
  static constexpr double kBuckets[] = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};
  struct Histogram {
    std::vector<long> buckets = std::vector<long>(std::size(kBuckets), 0);
    long count = 0;
    double sum = 0;
  };
  std::map<std::pair<std::string, unsigned>, long> requests_;
  std::map<std::pair<std::string, unsigned>, Histogram> latency_;  // by route and status
  long deliveries_ok_ = 0, deliveries_failed_ = 0;
  long cache_hits_ = 0, cache_version_ = 0;
  bool cache_stamped_ = false;
  std::map<std::pair<std::string, std::string>, long> rounds_;  // by city and loop
  CitiesNow cities_;
  EngineOf engine_of_;
  std::vector<std::function<std::string()>> lines_;  // set before serving
  std::mutex mutex_;  // the network thread counts while a reader's thread scrapes
};

}  // namespace luodi::server
