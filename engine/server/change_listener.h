// Hints of writes made through other instances (PostgreSQL LISTEN/NOTIFY):
// a connection of its own that listens, waited on by the writer thread's
// loop, which calls `on_change` when a write to this city was committed
// elsewhere (the lease holder then looks at once rather than at its next
// poll). Only a hint: the scheduler still polls every minute. Nothing on
// SQLite, where one server has the file.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "luodi/engine.h"

namespace luodi::server {

class ChangeListener {
 public:
  ChangeListener(boost::asio::io_context& writer, std::ostream& log,
                 std::function<void()> on_change);
  ~ChangeListener();
  // Opens its connection to city `city` of `database` and listens (on the writer thread).
  void start(const std::string& database, const std::string& city, const Clock& clock);
  void stop();

 private:
  void wait();

  boost::asio::io_context& writer_;
  std::ostream& log_;
  std::function<void()> on_change_;
  std::unique_ptr<Engine> engine_;
  std::optional<boost::asio::posix::stream_descriptor> socket_;  // a duplicate of the connection's
};

}  // namespace luodi::server
