#include <charconv>
#include <iostream>

#include "cli/command.h"
#include "server/server.h"

namespace luodi::cli {

namespace {

Result<server::ServerOptions> options_of(const Invocation& inv) {
  server::ServerOptions o;
  if (auto listen = inv.get("listen")) {
    auto colon = listen->rfind(':');
    unsigned port = 0;
    auto [p, ec] = colon == std::string::npos
                       ? std::from_chars(listen->data(), listen->data(), port)
                       : std::from_chars(listen->data() + colon + 1, listen->data() + listen->size(), port);
    if (colon == std::string::npos || ec != std::errc() || p != listen->data() + listen->size() || port > 65535)
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
  return o;
}

Status run(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(auto options, options_of(inv));
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  return server::serve(*engine, inv.clock, options, inv.err, [&](unsigned short port) {
    inv.out << "listening on http://" << options.host << ":" << port << std::endl;
  });
}

}  // namespace

Command serve_command() {
  return {"serve", "serve [--listen HOST:PORT] [--send-at HH:MM]",
          "the supervision server: JSON API, scheduler, metrics (default 127.0.0.1:8080)",
          {{"listen"}, {"send-at"}}, 0, 0, run};
}

}  // namespace luodi::cli
