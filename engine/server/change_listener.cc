#include "server/change_listener.h"

#include <unistd.h>

#include <syncstream>

namespace luodi::server {

ChangeListener::ChangeListener(boost::asio::io_context& writer, std::ostream& log,
                               std::function<void()> on_change)
    : writer_(writer), log_(log), on_change_(std::move(on_change)) {}

ChangeListener::~ChangeListener() = default;

void ChangeListener::start(const std::string& database, const std::string& city,
                           const Clock& clock) {
  auto opened = Engine::open(database, clock, city);
  if (!opened.ok()) {
    std::osyncstream(log_) << "changes: " << opened.status().message() << std::endl;
    return;
  }
  engine_ = std::move(opened).value();
  if (Status s = engine_->listen_for_changes(); !s.ok()) {
    std::osyncstream(log_) << "changes: " << s.message() << std::endl;
    return;
  }
  const int fd = engine_->change_socket();
  if (fd < 0) return;  // SQLite: no hints
  socket_.emplace(writer_, ::dup(fd));
  wait();
}

void ChangeListener::stop() {
  boost::system::error_code ignored;
  if (socket_) socket_->close(ignored);
  socket_.reset();
}

void ChangeListener::wait() {
  if (!socket_) return;
  socket_->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                      [this](const boost::system::error_code& ec) {
                        if (ec || !socket_) return;
                        auto arrived = engine_->changes_arrived();
                        if (!arrived.ok()) {  // the connection is gone: polling goes on
                          std::osyncstream(log_) << "changes: " << arrived.status().message()
                                                 << "; polling only" << std::endl;
                          stop();
                          return;
                        }
                        if (*arrived && on_change_) on_change_();
                        wait();
                      });
}

}  // namespace luodi::server
