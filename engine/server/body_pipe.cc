#include "server/body_pipe.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace luodi::server {

namespace asio = boost::asio;

BodyPipe::BodyPipe(asio::any_io_executor network, std::size_t capacity,
                   std::chrono::milliseconds stall)
    : network_(network),
      capacity_(std::max<std::size_t>(1, capacity)),
      stall_(stall),
      ready_(network) {}

void BodyPipe::wake_locked() {
  if (!waiting_) return;
  waiting_ = false;
  // The timer is the network thread's: it is woken there.
  asio::post(network_, [self = shared_from_this()] { self->ready_.cancel(); });
}

void BodyPipe::answer(Response whole) {
  std::lock_guard lock(mutex_);
  response_ = std::move(whole);
  ended_ = complete_ = true;
  wake_locked();
}

void BodyPipe::head(Response head) {
  std::lock_guard lock(mutex_);
  response_ = std::move(head);
  streamed_ = true;
  wake_locked();
}

bool BodyPipe::put(std::string piece) {
  std::unique_lock lock(mutex_);
  if (!space_.wait_for(lock, stall_, [&] { return closed_ || pieces_.size() < capacity_; }))
    closed_ = true;
  if (closed_) return false;
  pieces_.push_back(std::move(piece));
  wake_locked();
  return true;
}

void BodyPipe::end(bool complete) {
  std::lock_guard lock(mutex_);
  ended_ = true;
  complete_ = complete;
  wake_locked();
}

void BodyPipe::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  space_.notify_all();
}

asio::awaitable<void> BodyPipe::wait() {
  co_await ready_.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<Response> BodyPipe::response() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (response_) {
        Response out = std::move(*response_);
        response_.reset();
        co_return out;
      }
      // Set before the lock goes: a reader that puts now wakes the wait below
      // (its wake-up runs on this thread, after this coroutine suspends).
      waiting_ = true;
      ready_.expires_at(asio::steady_timer::time_point::max());
    }
    co_await wait();
  }
}

asio::awaitable<std::optional<std::string>> BodyPipe::next() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (!pieces_.empty()) {
        std::optional<std::string> piece(std::move(pieces_.front()));
        pieces_.pop_front();
        space_.notify_one();
        co_return piece;
      }
      if (ended_) co_return std::nullopt;
      waiting_ = true;
      ready_.expires_at(asio::steady_timer::time_point::max());
    }
    co_await wait();
  }
}

}  // namespace luodi::server
