#include <charconv>
#include <iostream>

#include "cli/command.h"
#include "cli/output.h"
#include "server/server.h"
#include "server/webhook_client.h"

namespace luodi::cli {

namespace {

Result<server::ServerOptions> options_of(const Invocation& inv) {
  server::ServerOptions o;
  if (auto listen = inv.get("listen")) {
    auto colon = listen->rfind(':');
    unsigned port = 0;
    auto [p, ec] =
        colon == std::string::npos
            ? std::from_chars(listen->data(), listen->data(), port)
            : std::from_chars(listen->data() + colon + 1, listen->data() + listen->size(), port);
    if (colon == std::string::npos || ec != std::errc() || p != listen->data() + listen->size() ||
        port > 65535)
      return Status::BadInput("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    o.host = listen->substr(0, colon);
    o.port = static_cast<unsigned short>(port);
  }
  if (auto at = inv.get("send-at")) {
    unsigned h = 0, m = 0;
    if (at->size() != 5 || (*at)[2] != ':' ||
        std::from_chars(at->data(), at->data() + 2, h).ec != std::errc() ||
        std::from_chars(at->data() + 3, at->data() + 5, m).ec != std::errc() || h > 23 || m > 59)
      return Status::BadInput("--send-at must be HH:MM");
    o.send_at = std::chrono::minutes(h * 60 + m);
  }
  auto positive = [&](const char* flag, int& into) -> Status {
    auto v = inv.get(flag);
    if (!v) return Status::Ok();
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), into);
    if (ec != std::errc() || p != v->data() + v->size() || into < 1)
      return Status::BadInput(std::string("--") + flag + " must be a positive whole number");
    return Status::Ok();
  };
  int first_ms = static_cast<int>(o.webhooks.first.count());
  LUODI_RETURN_IF_ERROR(positive("retry-first-ms", first_ms));
  o.webhooks.first = std::chrono::milliseconds(first_ms);
  LUODI_RETURN_IF_ERROR(positive("max-attempts", o.webhooks.max_attempts));
  int window_ms = static_cast<int>(o.webhooks.rate_window.count());
  LUODI_RETURN_IF_ERROR(positive("rate-window-ms", window_ms));
  o.webhooks.rate_window = std::chrono::milliseconds(window_ms);
  int timeout_ms = static_cast<int>(std::chrono::milliseconds(o.webhooks.timeout).count());
  LUODI_RETURN_IF_ERROR(positive("webhook-timeout-ms", timeout_ms));
  o.webhooks.timeout = std::chrono::milliseconds(timeout_ms);
  int lease_ms = static_cast<int>(o.lease.count());
  LUODI_RETURN_IF_ERROR(positive("lease-ms", lease_ms));
  o.lease = std::chrono::milliseconds(lease_ms);
  o.public_wall = inv.has("wall");
  o.database = inv.db_path;
  if (auto readers = inv.get("readers")) {  // 0: every request on the network thread
    auto [p, ec] = std::from_chars(readers->data(), readers->data() + readers->size(), o.readers);
    if (ec != std::errc() || p != readers->data() + readers->size() || o.readers < 0 ||
        o.readers > 64)
      return Status::BadInput("--readers must be a whole number from 0 to 64");
  }
  int whatif_events = static_cast<int>(o.whatif.max_events);
  int whatif_bytes = static_cast<int>(o.whatif.max_bytes);
  LUODI_RETURN_IF_ERROR(positive("whatif-max-events", whatif_events));
  LUODI_RETURN_IF_ERROR(positive("whatif-max-bytes", whatif_bytes));
  o.whatif = {static_cast<std::size_t>(whatif_events), static_cast<std::size_t>(whatif_bytes)};
  if (auto queue = inv.get("whatif-queue")) {  // 0: one what-if per city, none waiting
    auto [p, ec] = std::from_chars(queue->data(), queue->data() + queue->size(), o.whatif_queue);
    if (ec != std::errc() || p != queue->data() + queue->size() || o.whatif_queue < 0 ||
        o.whatif_queue > 100)
      return Status::BadInput("--whatif-queue must be a whole number from 0 to 100");
  }
  o.targets_dir = inv.get("targets-dir").value_or(workflows_dir() + "/targets");
  o.ca_file = inv.get("ca-file");
  if (!o.ca_file) o.ca_file = server::ca_file_from_environment();
  if (auto url = inv.get("public-url")) {
    if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0)
      return Status::BadInput("--public-url must be the dashboard's http:// or https:// address");
    o.public_url = *url;
    while (!o.public_url.empty() && o.public_url.back() == '/') o.public_url.pop_back();
  }
  return o;
}

Status run(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(auto options, options_of(inv));
  // A long-running process: time runs on from --now (or the system clock).
  OffsetClock clock(inv.clock.now());
  LUODI_ASSIGN_OR_RETURN(auto engine, Engine::open(inv.db_path, clock, inv.city));
  if (inv.has("all-cities")) {
    options.all_cities = true;  // and those added or removed while it runs
    LUODI_ASSIGN_OR_RETURN(auto cities, engine->cities());
    for (const auto& c : cities) options.cities.push_back(c.id);
  } else {
    options.cities.push_back(engine->city());
  }
  engine.reset();  // each city served gets engines of its own
  return server::serve(clock, options, inv.err, [&](unsigned short port) {
    inv.out << "listening on http://" << options.host << ":" << port << std::endl;
  });
}

}  // namespace

Command serve_command() {
  return {"serve",
          "serve [--listen HOST:PORT] [--send-at HH:MM] [--max-attempts N] [--retry-first-ms MS] "
          "[--wall] [--targets-dir DIR] [--readers N] [--ca-file FILE] [--public-url URL] "
          "[--rate-window-ms MS] "
          "[--lease-ms MS] [--webhook-timeout-ms MS] [--all-cities] "
          "[--whatif-max-events N] [--whatif-max-bytes N] [--whatif-queue N]",
          "the supervision server: dashboard at /, wall chart at /wall (public with --wall), JSON "
          "API, scheduler, webhooks, metrics (default 127.0.0.1:8080); --all-cities serves every "
          "city of a PostgreSQL "
          "database, each request going to its token's city, and follows the cities added or "
          "removed while it runs "
          "(within --lease-ms); what-ifs run one at a time per city with --whatif-queue N waiting "
          "(default 2; "
          "beyond: 429), at most --whatif-max-events (2000) and --whatif-max-bytes (1 MiB) each",
          {{"listen"},
           {"send-at"},
           {"max-attempts"},
           {"retry-first-ms"},
           {"wall", false},
           {"targets-dir"},
           {"readers"},
           {"ca-file"},
           {"public-url"},
           {"rate-window-ms"},
           {"lease-ms"},
           {"webhook-timeout-ms"},
           {"all-cities", false},
           {"whatif-max-events"},
           {"whatif-max-bytes"},
           {"whatif-queue"}},
          0,
          0,
          run};
}

}  // namespace luodi::cli
