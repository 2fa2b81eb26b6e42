// Counters for /metrics in the Prometheus text format: HTTP requests and their
// latency by route and status, and, read at scrape time, projects by stage and
// light, overdue projects and the outbox.
#pragma once

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
  std::string metrics_text(Engine& engine) override;

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
  std::mutex mutex_;  // the network thread counts while a reader's thread scrapes
};

}  // namespace luodi::server
