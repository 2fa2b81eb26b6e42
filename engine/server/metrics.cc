#include "server/metrics.h"

#include <algorithm>
#include <sstream>

namespace luodi::server {

void Metrics::observe(const std::string& route, unsigned status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Histogram& h = latency_[{route, status}];
  for (size_t i = 0; i < std::size(kBuckets); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::metrics_text(Engine& engine) {
  std::ostringstream out;
  std::unique_lock lock(mutex_);
  out << "# HELP luodi_http_requests_total HTTP requests by route and status.\n"
      << "# TYPE luodi_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "luodi_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second
        << "\"} " << n << "\n";
  out << "# HELP luodi_http_request_duration_seconds Time to handle a request.\n"
      << "# TYPE luodi_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    const std::string labels =
        "route=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"";
    for (size_t i = 0; i < std::size(kBuckets); ++i)
      out << "luodi_http_request_duration_seconds_bucket{" << labels << ",le=\"" << kBuckets[i]
          << "\"} " << h.buckets[i] << "\n";
    out << "luodi_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << h.count
        << "\n"
        << "luodi_http_request_duration_seconds_sum{" << labels << "} " << h.sum << "\n"
        << "luodi_http_request_duration_seconds_count{" << labels << "} " << h.count << "\n";
  }
  out << "# TYPE luodi_deliveries_total counter\n"
      << "luodi_deliveries_total{result=\"ok\"} " << deliveries_ok_ << "\n"
      << "luodi_deliveries_total{result=\"failed\"} " << deliveries_failed_ << "\n";
  out << "# HELP luodi_response_cache_hits_total GET answers given from the response cache.\n"
      << "# TYPE luodi_response_cache_hits_total counter\n"
      << "luodi_response_cache_hits_total " << cache_hits_ << "\n"
      << "# HELP luodi_response_cache_enabled Whether the last request could use the cache.\n"
      << "# TYPE luodi_response_cache_enabled gauge\n"
      << "luodi_response_cache_enabled " << (cache_stamped_ ? 1 : 0) << "\n"
      << "# HELP luodi_response_cache_version The data version answers are kept at (PostgreSQL: "
         "change hints counted) plus this server's committed writes.\n"
      << "# TYPE luodi_response_cache_version gauge\n"
      << "luodi_response_cache_version " << cache_version_ << "\n";
  out << "# HELP luodi_rounds_total Rounds of each city's scheduled work (scheduler, deliveries).\n"
      << "# TYPE luodi_rounds_total counter\n";
  {
    // Of the cities served now (a city removed while serving leaves the page).
    const std::vector<std::string> served = cities_ ? cities_() : std::vector<std::string>{};
    for (const auto& [key, n] : rounds_)
      if (!cities_ || std::find(served.begin(), served.end(), key.first) != served.end())
        out << "luodi_rounds_total{city=\"" << key.first << "\",loop=\"" << key.second << "\"} "
            << n << "\n";
  }
  lock.unlock();

  // Each city's gauges, then written metric by metric (Prometheus wants a
  // metric's samples together).
  std::vector<std::string> cities = cities_ ? cities_() : std::vector<std::string>{};
  if (cities.empty()) cities.push_back(engine.city());
  std::string projects, overdue, outbox;
  for (const auto& city : cities) {
    Engine* e = city == engine.city() ? &engine : engine_of_ ? engine_of_(city) : nullptr;
    if (!e) continue;
    const std::string label = "city=\"" + city + "\"";
    if (auto gauges = e->gauges(); gauges.ok()) {
      std::map<std::pair<std::string, std::string>, long> by_stage_light;
      for (const auto& g : gauges->groups)
        by_stage_light[{e->workflow().stages[g.stage].id, std::string(to_string(g.light))}] +=
            g.count;
      for (const auto& [k, n] : by_stage_light)
        projects += "luodi_projects{" + label + ",stage=\"" + k.first + "\",light=\"" + k.second +
                    "\"} " + std::to_string(n) + "\n";
      overdue += "luodi_overdue_projects{" + label + "} " + std::to_string(gauges->overdue) + "\n";
    }
    if (auto counts = e->outbox_counts(); counts.ok())
      for (const char* state : {"pending", "failed", "no_channel"})
        outbox += "luodi_outbox{" + label + ",state=\"" + state + "\"} " +
                  std::to_string(counts->count(state) ? counts->at(state) : 0) + "\n";
  }
  out << "# HELP luodi_projects Projects by stage and light.\n# TYPE luodi_projects gauge\n"
      << projects << "# TYPE luodi_overdue_projects gauge\n"
      << overdue << "# TYPE luodi_outbox gauge\n"
      << outbox;
  for (const auto& lines : lines_) out << lines();
  return out.str();
}

}  // namespace luodi::server
