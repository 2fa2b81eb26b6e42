#include "server/whatif_lane.h"

#include <boost/asio/post.hpp>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

namespace luodi::server {

namespace asio = boost::asio;

namespace {
constexpr std::size_t kCacheKib = 16 << 10;  // as a reader's
}  // namespace

WhatIfLane::WhatIfLane(const std::string& database, CityRouter& router, const Clock& clock,
                       int queue, ApiOptions options, asio::any_io_executor network)
    : database_(database),
      router_(router),
      clock_(clock),
      queue_(std::max(0, queue)),
      options_(std::move(options)),
      network_(network) {
  options_.defer_what_if = true;
  if (const char* hold = std::getenv("LUODI_TEST_WHATIF_HOLD")) hold_file_ = hold;
}

WhatIfLane::~WhatIfLane() {
  gate_.join();
  for (auto& [city, lane] : lanes_) lane->thread.join();
}

std::shared_ptr<BodyPipe> WhatIfLane::start(const Request& req, std::string& route,
                                            std::string& user) {
  auto pipe = std::make_shared<BodyPipe>(network_);
  asio::post(gate_, [this, pipe, &req, &route, &user] { admit(req, route, user, pipe); });
  return pipe;
}

Result<WhatIfLane::Lane*> WhatIfLane::gate_lane(const std::string& city) {
  std::unique_lock lock(mutex_);
  auto& lane = lanes_[city];
  if (!lane) lane = std::make_unique<Lane>();
  Lane* l = lane.get();
  lock.unlock();
  if (!l->gate_engine) {  // the gate thread alone opens and uses it
    LUODI_ASSIGN_OR_RETURN(auto engine, Engine::open(database_, clock_, city));
    LUODI_RETURN_IF_ERROR(engine->limit_page_cache(kCacheKib));
    l->gate_api = std::make_unique<Api>(*engine, nullptr, nullptr, options_);
    l->gate_engine = std::move(engine);
  }
  return l;
}

void WhatIfLane::admit(const Request& req, std::string& route, std::string& user,
                       const std::shared_ptr<BodyPipe>& pipe) {
  try {
    const std::string& city = router_.city_of(req, [this](const std::string& c) -> Engine* {
      auto lane = gate_lane(c);
      return lane.ok() ? (*lane)->gate_engine.get() : nullptr;
    });
    auto lane = gate_lane(city);
    if (!lane.ok()) return pipe->answer(error_response(lane.status(), req, false));
    Lane& l = **lane;
    Answer a = l.gate_api->answer(req, route, user);
    if (!a.what_if) return pipe->answer(std::move(a.response));  // refused: 400, 401, 403, 413 …
    std::unique_lock lock(mutex_);
    if (l.running + l.waiting > queue_) {
      ++l.refused;
      const long seconds =
          std::clamp(static_cast<long>(std::ceil(l.seconds * (l.running + l.waiting))), 1L, 3600L);
      Response busy =
          error_response(http::status::too_many_requests, "busy",
                         whatif_message("whatif_busy", {{"running", std::to_string(l.running)},
                                                        {"waiting", std::to_string(l.waiting)},
                                                        {"seconds", std::to_string(seconds)}}),
                         req.version(), req.keep_alive());
      busy.set(http::field::retry_after, std::to_string(seconds));
      lock.unlock();
      return pipe->answer(std::move(busy));
    }
    ++l.waiting;
    asio::post(l.thread, [this, &l, city, &req, scenario = std::move(a.what_if), pipe] {
      weigh(l, city, req, scenario, pipe);
    });
  } catch (const std::exception& e) {
    pipe->answer(error_response(http::status::internal_server_error, "internal", e.what(),
                                req.version(), false));
  }
}

void WhatIfLane::weigh(Lane& lane, const std::string& city, const Request& req,
                       const std::shared_ptr<const DecodedScenario>& scenario,
                       const std::shared_ptr<BodyPipe>& pipe) {
  {
    std::lock_guard lock(mutex_);
    --lane.waiting;
    ++lane.running;
  }
  const auto started = std::chrono::steady_clock::now();
  Response res;
  try {
    while (!hold_file_.empty() && std::filesystem::exists(hold_file_))
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!lane.engine) {  // the lane's thread alone opens and uses it
      auto engine = Engine::open(database_, clock_, city);
      if (engine.ok()) {
        Status s = (*engine)->limit_page_cache(kCacheKib);
        if (!s.ok()) engine = s;
      }
      if (engine.ok()) {
        lane.api = std::make_unique<Api>(**engine, nullptr, nullptr, options_);
        lane.engine = std::move(engine).value();
      } else {
        res = error_response(engine.status(), req, false);
      }
    }
    if (lane.engine) res = lane.api->weigh(req, *scenario);
  } catch (const std::exception& e) {
    res = error_response(http::status::internal_server_error, "internal", e.what(), req.version(),
                         false);
  }
  {
    std::lock_guard lock(mutex_);
    --lane.running;
    lane.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  pipe->answer(std::move(res));
}

std::string WhatIfLane::metrics_text() {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  auto each = [&](const char* name, const char* type, const char* help, auto value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
    for (const auto& city : router_.cities()) {
      auto it = lanes_.find(city);
      out << name << "{city=\"" << city << "\"} " << (it == lanes_.end() ? 0 : value(*it->second))
          << "\n";
    }
  };
  each("luodi_whatif_running", "gauge", "What-ifs being weighed (at most one per city).",
       [](const Lane& l) -> long { return l.running; });
  each("luodi_whatif_waiting", "gauge", "What-ifs admitted, waiting for their city's lane.",
       [](const Lane& l) -> long { return l.waiting; });
  each("luodi_whatif_refused_total", "counter",
       "What-ifs refused with 429: the lane and its queue were full.",
       [](const Lane& l) -> long { return l.refused; });
  return out.str();
}

}  // namespace luodi::server
