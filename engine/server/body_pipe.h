// A reader's answer on its way to the network thread. The reader (any
// thread) puts either the whole response, or a streamed response's head and
// then its body a piece at a time; the network thread takes them as they
// come and writes them out (chunked transfer encoding). At most `capacity`
// pieces wait: a reader that is ahead of the client waits for it, so a body
// of any length takes bounded memory. When the client goes away the network
// side closes the pipe, and the reader's next put() says so.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/api.h"

namespace luodi::server {

class BodyPipe : public std::enable_shared_from_this<BodyPipe> {
 public:
  // `network`: the executor of the thread that takes from the pipe.
  // `stall`: how long a reader waits for a client that reads nothing before
  // it gives up (as if the client had gone).
  BodyPipe(boost::asio::any_io_executor network, std::size_t capacity = 4,
           std::chrono::milliseconds stall = std::chrono::seconds(60));

  // --- the reader's side ------------------------------------------------------
  // The whole answer: nothing follows.
  void answer(Response whole);
  // A streamed answer's head (chunked): pieces follow, then end().
  void head(Response head);
  // Waits while `capacity` pieces are not taken yet; false once the pipe is
  // closed (the client went away, or read nothing for `stall`).
  bool put(std::string piece);
  // The body is all written (`complete`), or broke off part way.
  void end(bool complete);

  // --- the network side -------------------------------------------------------
  // The whole answer, or the head of a streamed one (then streamed() is true).
  boost::asio::awaitable<Response> response();
  bool streamed() const { return streamed_; }
  // The next piece of the body; none once it has ended (then complete()
  // says whether it ended whole).
  boost::asio::awaitable<std::optional<std::string>> next();
  bool complete() const { return complete_; }
  // No more is taken: the reader stops at its next put().
  void close();

 private:
  // Wakes the network side if it waits (the lock held).
  void wake_locked();
  // Waits until the reader has put something (the network thread).
  boost::asio::awaitable<void> wait();

  boost::asio::any_io_executor network_;
  const std::size_t capacity_;
  const std::chrono::milliseconds stall_;
  std::mutex mutex_;
  std::condition_variable space_;
  std::optional<Response> response_;
  std::deque<std::string> pieces_;
  bool streamed_ = false, ended_ = false, complete_ = false, closed_ = false;
  bool waiting_ = false;             // the network side waits on ready_
  boost::asio::steady_timer ready_;  // the network thread's alone
};

}  // namespace luodi::server
