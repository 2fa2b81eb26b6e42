#include "server/server.h"

#include <sys/resource.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <syncstream>
#include <thread>
#include <tuple>

#include "server/api.h"
#include "server/body_pipe.h"
#include "server/city_host.h"
#include "server/city_router.h"
#include "server/lease_keeper.h"
#include "server/log_limiter.h"
#include "server/metrics.h"
#include "server/readers.h"
#include "server/response_cache.h"
#include "server/stop_deadline.h"
#include "server/webhook_client.h"
#include "server/whatif_lane.h"

namespace luodi::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

namespace {

constexpr auto as_tuple = asio::as_tuple(use_awaitable);

class HttpServer {
 public:
  // `io` runs the network thread; `writer` the writer thread, where the
  // cities' writing engines, schedulers and webhook deliveries live.
  HttpServer(asio::io_context& io, asio::io_context& writer, asio::io_context& leasing,
             const Clock& clock, const ServerOptions& options, asio::ssl::context& tls,
             std::ostream& log)
      : io_(io),
        writer_(writer),
        leasing_(leasing),
        clock_(clock),
        options_(options),
        log_(log),
        limited_log_(log),
        tls_(tls),
        router_(options.cities),
        instance_(instance_id()),
        city_timer_(writer),
        acceptor_(io),
        signals_(io, SIGINT, SIGTERM) {
    // /metrics shows every city served, read with the engines of the thread
    // that answers it: a reader's, or (no readers) the writer's.
    metrics_.set_cities([this] { return router_.cities(); },
                        [this](const std::string& city) -> Engine* {
                          if (readers_) return readers_->engine(city);
                          auto it = hosts_.find(city);
                          return it == hosts_.end() ? nullptr : &it->second->engine();
                        });
  }

  // Opens each city's writing engine and what goes with it.
  Status open() {
    for (const auto& city : router_.cities()) LUODI_RETURN_IF_ERROR(open_city(city));
    return Status::Ok();
  }

  Status listen() {
    if (options_.readers > 0) {
      LUODI_ASSIGN_OR_RETURN(
          readers_, Readers::open(options_.database, router_, clock_, options_.readers, &metrics_,
                                  api_options(), io_.get_executor()));
      // Reports and exports on readers of their own, what-ifs in their lane:
      // heavy requests cannot take every reader from the quick ones.
      LUODI_ASSIGN_OR_RETURN(heavy_, Readers::open(options_.database, router_, clock_,
                                                   std::max(1, options_.readers / 2), &metrics_,
                                                   api_options(), io_.get_executor()));
      what_ifs_ =
          std::make_unique<WhatIfLane>(options_.database, router_, clock_, options_.whatif_queue,
                                       api_options(), io_.get_executor());
      metrics_.add_lines([lane = what_ifs_.get()] { return lane->metrics_text(); });
      // Asks only "has anything been committed since?" (SQLite's shared-memory
      // counter, PostgreSQL's change hints; a SQLite file holds one city).
      // Only for one city served from start to end: its counter says nothing
      // of a city added while serving (--all-cities).
      if (router_.cities().size() == 1 && !options_.all_cities) {
        LUODI_ASSIGN_OR_RETURN(probe_,
                               Engine::open(options_.database, clock_, router_.cities().front()));
        // PostgreSQL: the version is the count of change hints (writes by
        // any instance announce themselves at commit).
        LUODI_RETURN_IF_ERROR(probe_->listen_for_changes());
      }
    }
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options_.host, ec);
    if (ec) return Status::BadInput("--listen: '" + options_.host + "' is not an IP address");
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return Status::Internal("cannot listen on " + options_.host + ":" +
                              std::to_string(options_.port) + ": " + ec.message());
    return Status::Ok();
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  void start(const std::function<void()>& on_stop) {
    signals_.async_wait([this, on_stop](const boost::system::error_code& ec, int) {
      if (ec) return;
      on_stop();
      stop();
    });
    // Each city's scheduler and deliveries start once this instance holds
    // the city's lease (at once, unless another instance holds it).
    asio::post(writer_, [this] {
      for (auto& [city, host] : hosts_) host->start();
      if (options_.all_cities) follow_cities();
    });
    asio::co_spawn(io_, accept_loop(), asio::detached);
  }

 private:
  struct Connection {
    beast::tcp_stream stream;
    bool busy = false;  // a request is being handled
  };

  // A city's writing engine and its host (not started yet), on the writer
  // thread (or before it runs).
  Status open_city(const std::string& city) {
    LUODI_ASSIGN_OR_RETURN(auto engine, Engine::open(options_.database, clock_, city));
    // The lease keeper's own connection: renewing never waits behind a
    // tick or a delivery on the writer's.
    LUODI_ASSIGN_OR_RETURN(auto lease_engine, Engine::open(options_.database, clock_, city));
    auto host = std::make_unique<CityHost>(std::move(engine), std::move(lease_engine), writer_,
                                           leasing_, clock_, options_, api_options(), tls_,
                                           metrics_, leases_, instance_, log_, limited_log_);
    std::lock_guard lock(hosts_mutex_);
    hosts_.emplace(city, std::move(host));
    return Status::Ok();
  }

  // serve --all-cities, on the writer thread, every third of the lease's
  // time: the database's list of cities. A city added is opened, its host
  // started (it takes the lease when free: its scheduler and deliveries
  // run) and then routed to (readers open their engines on its first
  // request). A city removed is routed to no more (its tokens: 401), its
  // readers' engines are closed after their request in flight, its host is
  // stopped (the lease given up) and let go once none of its deliveries is
  // in flight. A poll, not LISTEN/NOTIFY: one short query on a connection
  // the writer has anyway, that sees a city however it came (city add,
  // migrate, a restore), with no channel to keep alive; the lease's time is
  // the promise either way.
  void follow_cities() {
    if (stopped_) return;
    std::erase_if(retired_, [](const std::unique_ptr<CityHost>& host) { return host->idle(); });
    if (!hosts_.empty()) {
      if (auto listed = hosts_.begin()->second->engine().cities(); !listed.ok()) {
        if (!list_failed_)  // said once, until the list is read again
          std::osyncstream(log_) << "cities: cannot list the cities: " << listed.status().message()
                                 << std::endl;
        list_failed_ = true;
      } else {
        list_failed_ = false;
        std::set<std::string> now;
        for (const auto& c : *listed) now.insert(c.id);
        for (const auto& city : now)
          if (!hosts_.count(city)) serve_city(city);
        std::erase_if(unopened_, [&](const std::string& city) { return !now.count(city); });
        std::vector<std::string> gone;
        for (const auto& [city, host] : hosts_)
          if (!now.count(city)) gone.push_back(city);
        for (const auto& city : gone) drop_city(city);
      }
    }
    city_timer_.expires_after(std::max(options_.lease / 3, std::chrono::milliseconds(20)));
    city_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) follow_cities();
    });
  }

  // A city added while the server runs: served and supervised from now on.
  void serve_city(const std::string& city) {
    if (Status s = open_city(city); !s.ok()) {
      if (unopened_.insert(city).second)  // said once; tried again at every look
        std::osyncstream(log_) << "cities: cannot serve city " << city << ": " << s.message()
                               << std::endl;
      return;
    }
    unopened_.erase(city);
    hosts_.at(city)->start();
    router_.add(city);
    std::osyncstream(log_) << "cities: city " << city << " added: served" << std::endl;
  }

  // A city removed while the server runs: no longer served.
  void drop_city(const std::string& city) {
    if (!router_.remove(city)) {  // the last one: requests without a token need a city
      if (unremoved_.insert(city).second)
        std::osyncstream(log_) << "cities: city " << city
                               << " was removed, but it is the only city served: still routed to"
                               << std::endl;
      return;
    }
    unremoved_.erase(city);
    if (readers_) readers_->forget(city);
    if (heavy_) heavy_->forget(city);
    auto node = [&] {
      std::lock_guard lock(hosts_mutex_);
      return hosts_.extract(city);
    }();
    node.mapped()->stop();
    retired_.push_back(std::move(node.mapped()));
    std::osyncstream(log_) << "cities: city " << city << " removed: no longer served" << std::endl;
  }

  void stop() {
    if (stopping_) return;
    stopping_ = true;
    std::osyncstream(log_) << "stopping: no new connections; finishing requests in flight"
                           << std::endl;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    // Another instance takes the cities over at once, however busy this
    // one's writer is.
    {
      std::lock_guard lock(hosts_mutex_);  // the writer thread adds and removes cities
      for (auto& [city, host] : hosts_) host->give_up_lease();
    }
    asio::post(writer_, [this] {
      stopped_ = true;
      city_timer_.cancel();
      for (auto& [city, host] : hosts_) host->stop();
    });
    // Idle connections are closed now; busy ones close after their response.
    for (auto& c : connections_)
      if (!c.busy) c.stream.socket().close(ignored);
  }

  awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(as_tuple);
      if (ec) break;  // the acceptor was closed
      connections_.emplace_back(Connection{beast::tcp_stream(std::move(socket))});
      asio::co_spawn(io_, session(std::prev(connections_.end())), asio::detached);
    }
  }

  awaitable<void> session(std::list<Connection>::iterator conn) {
    beast::flat_buffer buffer;
    auto& stream = conn->stream;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(options_.body_limit);
      stream.expires_after(options_.idle_timeout);
      auto [ec, n] = co_await http::async_read(stream, buffer, parser, as_tuple);
      (void)n;
      if (ec == http::error::body_limit) {
        co_await reply(
            stream,
            error_response(http::status::payload_too_large, "too_large",
                           "the body is over " + std::to_string(options_.body_limit) + " bytes", 11,
                           false),
            "-", "413", 0);
        break;
      }
      if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
          ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
          ec == asio::error::eof || ec == asio::error::bad_descriptor)
        break;
      if (ec) {  // not HTTP
        co_await reply(stream,
                       error_response(http::status::bad_request, "bad_request",
                                      "malformed HTTP: " + ec.message(), 11, false),
                       "-", "400", 0);
        break;
      }
      conn->busy = true;
      const auto started = std::chrono::steady_clock::now();
      Request req = parser.release();
      std::string route, user;
      Response res;
      std::shared_ptr<BodyPipe> pipe;  // a reader's answer
      // However this request ends, a reader still writing its body stops.
      struct Closer {
        std::shared_ptr<BodyPipe>& pipe;
        ~Closer() {
          if (pipe) pipe->close();
        }
      } closer{pipe};
      try {
        const bool read = reads_only(req);
        // Every read takes the stamp (so /metrics shows the hints counted so
        // far); only a cacheable one uses it.
        auto stamp = read && probe_ ? stamp_now() : std::nullopt;
        if (!ResponseCache::cacheable(req)) stamp.reset();
        if (const ResponseCache::Entry* kept = stamp ? cache_.find(req, *stamp) : nullptr) {
          metrics_.cache_hit();
          res = kept->response;  // nothing committed since: the same bytes, without leaving this
                                 // thread
          route = kept->route;
          user = kept->user;
          res.version(req.version());
          res.keep_alive(req.keep_alive());
        } else if (read && readers_) {
          pipe = is_what_if(req)   ? what_ifs_->start(req, route, user)
                 : heavy_read(req) ? heavy_->start(req, route, user)
                                   : readers_->start(req, route, user, stamp);
          res = co_await pipe->response();
          if (stamp && !pipe->streamed()) cache_.keep(req, *stamp, res, route, user);
        } else {  // a write (each one an fsync) waits on the writer thread, not here
          res = co_await asio::co_spawn(
              writer_,
              [&]() -> awaitable<Response> {
                try {
                  const std::string city =
                      router_.city_of(req, [this](const std::string& c) -> Engine* {
                        auto it = hosts_.find(c);
                        return it == hosts_.end() ? nullptr : &it->second->engine();
                      });
                  Response answer = hosts_.at(city)->api().handle(req, route, user);
                  // Counted before the client has the answer: its next GET
                  // here is not answered from before its write.
                  ++committed_writes_;
                  co_return answer;
                } catch (const std::exception& e) {
                  co_return error_response(http::status::internal_server_error, "internal",
                                           e.what(), req.version(), false);
                }
              },
              use_awaitable);
        }
      } catch (const std::exception& e) {
        res = error_response(http::status::internal_server_error, "internal", e.what(),
                             req.version(), false);
      }
      set_security_headers(res);
      bool keep = res.keep_alive() && !stopping_;
      res.keep_alive(keep);
      boost::system::error_code wec;
      if (pipe && pipe->streamed()) {
        keep = co_await write_streamed(stream, res, *pipe) && keep;
      } else {
        std::tie(wec, std::ignore) = co_await http::async_write(stream, res, as_tuple);
      }
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      const unsigned status = res.result_int();
      if (readers_) readers_->dispose(std::move(res));
      metrics_.observe(route, status, seconds);
      std::osyncstream(log_) << std::string(req.method_string()) << " " << std::string(req.target())
                             << " " << status << " " << user << " "
                             << static_cast<long>(seconds * 1e6) << "us" << std::endl;
      conn->busy = false;
      if (wec || !keep) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.socket().close(ignored);
    connections_.erase(conn);
  }

  // Writes a streamed answer: its head, then each piece of its body as a
  // reader hands it over, as chunks (HTTP/1.0: as they are, the end of the
  // body marked by closing). False when the connection cannot go on: the
  // client went away, or the body broke off (no last chunk: the client sees
  // an incomplete answer, not a short one).
  awaitable<bool> write_streamed(beast::tcp_stream& stream, Response& head, BodyPipe& pipe) {
    const bool chunks = head.version() >= 11;
    if (!chunks) head.keep_alive(false);
    head.chunked(chunks);
    http::response_serializer<http::string_body> sr{head};
    auto [ec, n] = co_await http::async_write_header(stream, sr, as_tuple);
    (void)n;
    while (!ec) {
      std::optional<std::string> piece = co_await pipe.next();
      if (!piece) break;
      if (chunks) {
        std::tie(ec, n) =
            co_await asio::async_write(stream, http::make_chunk(asio::buffer(*piece)), as_tuple);
      } else {
        std::tie(ec, n) = co_await asio::async_write(stream, asio::buffer(*piece), as_tuple);
      }
    }
    pipe.close();
    if (ec || !pipe.complete() || !chunks) co_return false;
    std::tie(ec, n) = co_await asio::async_write(stream, http::make_chunk_last(), as_tuple);
    co_return !ec;
  }

  // The database version and day now, for the response cache; none when the
  // probe fails (the request then goes to a reader).
  std::optional<ResponseCache::Stamp> stamp_now() {
    auto version = probe_->data_version();
    const long writes = committed_writes_.load();
    metrics_.cache_stamp(version.ok(), version.ok() ? static_cast<long>(*version) + writes : 0);
    if (!version.ok()) return std::nullopt;
    return ResponseCache::Stamp{*version + writes, clock_.today()};
  }

  // Answers a request that is not read to its end (too large, not HTTP),
  // then closes gently: stop sending, and drain what the client is still
  // sending for a moment, so that closing does not reset the connection
  // before the client has read the answer.
  awaitable<void> reply(beast::tcp_stream& stream, Response res, const std::string& user,
                        const char* status, double seconds) {
    set_security_headers(res);
    metrics_.observe("-", res.result_int(), seconds);
    std::osyncstream(log_) << "- - " << status << " " << user << " (rejected)" << std::endl;
    co_await http::async_write(stream, res, as_tuple);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(std::chrono::seconds(2));
    std::array<char, 64 * 1024> sink;
    for (std::size_t drained = 0; drained < (8u << 20);) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), as_tuple);
      if (ec) break;
      drained += n;
    }
  }

  ApiOptions api_options() {
    return {options_.public_wall, options_.targets_dir, &leases_, options_.database, &clock_,
            options_.lease,       options_.whatif};
  }

  asio::io_context& io_;
  asio::io_context& writer_;
  asio::io_context& leasing_;
  const Clock& clock_;
  ServerOptions options_;
  std::ostream& log_;
  LogLimiter limited_log_;  // errors said once a second per cause
  asio::ssl::context& tls_;
  Metrics metrics_;
  LeaseBoard leases_;
  CityRouter router_;
  const std::string instance_;  // this server, as the owner of the cities' leases
  std::map<std::string, std::unique_ptr<CityHost>> hosts_;
  std::mutex hosts_mutex_;  // hosts_ changes on the writer thread; a stop reads it on the network
                            // thread  // each city served, on the writer thread
  // On the writer thread (serve --all-cities): the look at the city list;
  // the hosts of cities removed, until their deliveries in flight are done;
  // what was said once (a city that cannot be opened, the last city
  // removed, the list unread); whether the server stops.
  asio::steady_timer city_timer_;
  std::vector<std::unique_ptr<CityHost>> retired_;
  std::set<std::string> unopened_, unremoved_;
  bool list_failed_ = false;
  bool stopped_ = false;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  std::list<Connection> connections_;
  std::unique_ptr<Engine> probe_;          // the network thread's connection, for data_version only
  std::atomic<long> committed_writes_{0};  // writes answered by the writer thread
  ResponseCache cache_;
  std::unique_ptr<Readers> readers_;  // declared last: joined first, before what they use
  std::unique_ptr<Readers> heavy_;    // the long reads (heavy_read)
  std::unique_ptr<WhatIfLane> what_ifs_;
  bool stopping_ = false;
};

}  // namespace

Status serve(const Clock& clock, const ServerOptions& options, std::ostream& log,
             const std::function<void(unsigned short)>& on_listening) {
  // Each connection is a descriptor: allow as many as the system lets us.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  LUODI_ASSIGN_OR_RETURN(auto tls, tls_client_context(options.ca_file));
  asio::io_context io(1), writer(1), leasing(1);
  HttpServer server(io, writer, leasing, clock, options, *tls, log);
  LUODI_RETURN_IF_ERROR(server.open());
  LUODI_RETURN_IF_ERROR(server.listen());
  auto writing = asio::make_work_guard(writer);
  auto keeping = asio::make_work_guard(leasing);
  std::thread writer_thread([&writer] { writer.run(); });
  std::thread lease_thread([&leasing] { leasing.run(); });
  on_listening(server.port());
  // A stop signal gives what is in flight a few seconds; past them the
  // process ends anyway (its leases given up first), so that a server
  // under load stops within ten seconds of SIGTERM. What it was sending
  // goes again, under the same Idempotency-Key, once its claims lapse.
  StopDeadline deadline(log);
  server.start([&deadline] { deadline.arm(kStopGrace); });
  io.run();
  writing.reset();  // the writer finishes what was posted to it (the cities' stops), then stops
  if (!deadline.wait_for(writer, kStopGrace))
    writer.stop();  // deliveries still on their way are let go
  writer_thread.join();
  keeping.reset();  // the lease thread gives the leases up, then stops
  lease_thread.join();
  deadline.disarm();
  log << "stopped" << std::endl;
  return Status::Ok();
}

}  // namespace luodi::server
