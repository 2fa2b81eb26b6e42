// The server's readers: a few threads, each with its own engine and
// connection for each city served (WAL readers see every committed write), that answer the API's
// GET requests, so a long read (a report, a full list, /metrics) never holds
// the network thread, which only parses, routes and writes bytes. Requests
// wait in one queue and the next free thread takes one, so a quick GET is
// not held behind a long one while a reader is free. Writes and the
// scheduler stay with the one writing engine. A city added while the server
// runs gets its engines on its first request; a city removed has its engines
// closed, each on its own thread, once that thread's request in flight is done.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/api.h"
#include "server/body_pipe.h"
#include "server/city_router.h"

namespace luodi::server {

class Readers {
 public:
  // `count` threads on the cities of `router` in the database at
  // `database`; an engine on each city is opened here, so a city that
  // cannot be opened is an error now, not later. Answers are taken on
  // `network`.
  static Result<std::unique_ptr<Readers>> open(const std::string& database, CityRouter& router,
                                               const Clock& clock, int count, Observer* observer,
                                               const ApiOptions& options,
                                               boost::asio::any_io_executor network);
  ~Readers();  // waits for the requests in flight

  // Answers `req` on the next free reader, through the pipe returned: the
  // whole response, or a long answer's head and then its body as it is
  // worked out (a body that fits in one piece is sent whole). `req`, `route`
  // and `user` (as Api::handle) must live until the response is taken.
  // `stamp`: the database's when `req` came in (Api::answer), if known.
  std::shared_ptr<BodyPipe> start(const Request& req, std::string& route, std::string& user,
                                  std::optional<DataStamp> stamp = std::nullopt);
  // A long answer, written: its memory is given back to the system on a
  // reader's thread (freeing and trimming hundreds of MB takes a while).
  void dispose(Response res);

  // The calling reader thread's engine on `city` (opened now if need be);
  // nullptr when it cannot be opened or `city` is not served. Only on a
  // reader's thread, during a request (/metrics reads every city's gauges).
  Engine* engine(const std::string& city);
  // `city` is no longer served (the router forgot it first): its engines are
  // closed, each by its thread before its next request.
  void forget(const std::string& city);

 private:
  struct Reader {
    std::unique_ptr<Engine> engine;
    std::unique_ptr<Api> api;
  };
  Readers(const std::string& database, CityRouter& router, const Clock& clock, int count,
          Observer* observer, const ApiOptions& options, boost::asio::any_io_executor network)
      : database_(database),
        router_(router),
        clock_(clock),
        observer_(observer),
        options_(options),
        network_(network),
        pool_(count) {}
  // Runs `req` and puts its answer into `pipe` (on a reader's thread).
  void answer(const Request& req, std::string& route, std::string& user,
              std::optional<DataStamp> stamp, BodyPipe& pipe);
  // The calling thread's reader of `city`, opened on its first request there.
  Result<Reader*> mine(const std::string& city);
  // Closes the calling thread's readers of cities no longer served.
  void close_forgotten();

  std::string database_;
  CityRouter& router_;
  const Clock& clock_;
  Observer* observer_;
  ApiOptions options_;
  boost::asio::any_io_executor network_;
  std::mutex mutex_;
  std::map<std::pair<std::thread::id, std::string>, std::unique_ptr<Reader>> readers_;
  std::multimap<std::thread::id, std::unique_ptr<Reader>> forgotten_;  // closed by their own thread
  boost::asio::thread_pool pool_;  // declared last: joined before the readers go
};

}  // namespace luodi::server
