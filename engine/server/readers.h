// The server's readers: a few threads, each with its own engine and SQLite
// connection (WAL readers see every committed write), that answer the API's
// GET requests, so a long read (a report, a full list, /metrics) never holds
// the network thread, which only parses, routes and writes bytes. Requests
// wait in one queue and the next free thread takes one, so a quick GET is
// not held behind a long one while a reader is free. Writes and the
// scheduler stay with the one writing engine.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/api.h"

namespace luodi::server {

class Readers {
 public:
  // `count` threads on the database at `db_path`; the first engine is opened
  // here, so a database that cannot be opened is an error now, not later.
  static Result<std::unique_ptr<Readers>> open(const std::string& db_path, const Clock& clock, int count,
                                               Observer* observer, const ApiOptions& options);
  ~Readers();  // waits for the requests in flight

  // Answers `req` on the next free reader; the caller resumes on its own
  // executor with the response. `route` and `user` as Api::handle.
  boost::asio::awaitable<Response> handle(const Request& req, std::string& route, std::string& user);

 private:
  struct Reader {
    std::unique_ptr<Engine> engine;
    std::unique_ptr<Api> api;
  };
  Readers(const std::string& db_path, const Clock& clock, int count, Observer* observer, const ApiOptions& options)
      : db_path_(db_path), clock_(clock), observer_(observer), options_(options), pool_(count) {}
  // The calling thread's reader, opened on its first request.
  Result<Reader*> mine();

  std::string db_path_;
  const Clock& clock_;
  Observer* observer_;
  ApiOptions options_;
  std::mutex mutex_;
  std::map<std::thread::id, std::unique_ptr<Reader>> readers_;
  boost::asio::thread_pool pool_;  // declared last: joined before the readers go
};

}  // namespace luodi::server
