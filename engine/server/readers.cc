#include "server/readers.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <malloc.h>

#include <algorithm>

namespace luodi::server {

namespace asio = boost::asio;

namespace {
constexpr std::size_t kLargeAnswer = 1 << 20;
}  // namespace

Result<std::unique_ptr<Readers>> Readers::open(const std::string& db_path, const Clock& clock, int count,
                                               Observer* observer, const ApiOptions& options) {
  LUODI_RETURN_IF_ERROR(Engine::open(db_path, clock).status());
  return std::unique_ptr<Readers>(new Readers(db_path, clock, std::max(1, count), observer, options));
}

Readers::~Readers() { pool_.join(); }

Result<Readers::Reader*> Readers::mine() {
  std::lock_guard lock(mutex_);
  auto& slot = readers_[std::this_thread::get_id()];
  if (!slot) {
    auto reader = std::make_unique<Reader>();
    LUODI_ASSIGN_OR_RETURN(reader->engine, Engine::open(db_path_, clock_));
    reader->api = std::make_unique<Api>(*reader->engine, observer_, nullptr, options_);
    slot = std::move(reader);
  }
  return slot.get();
}

asio::awaitable<Response> Readers::handle(const Request& req, std::string& route, std::string& user) {
  co_return co_await asio::co_spawn(
      pool_.get_executor(),
      [&]() -> asio::awaitable<Response> {
        try {
          auto reader = mine();
          if (!reader.ok()) co_return error_response(reader.status(), req.version(), false);
          Response res = (*reader)->api->handle(req, route, user);
          // What a long answer took to work out (a report, a full list) goes
          // back to the system now, not whenever the allocator sees fit.
          if (res.body().size() > kLargeAnswer) malloc_trim(0);
          co_return res;
        } catch (const std::exception& e) {
          co_return error_response(http::status::internal_server_error, "internal", e.what(), req.version(), false);
        }
      },
      asio::use_awaitable);
}

}  // namespace luodi::server
