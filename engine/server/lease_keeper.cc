#include "server/lease_keeper.h"

#include <unistd.h>

#include <algorithm>
#include <random>
#include <syncstream>

namespace luodi::server {

void LeaseBoard::set(const std::string& city, bool held) {
  std::lock_guard lock(mutex_);
  std::erase(held_, city);
  if (held) held_.insert(std::lower_bound(held_.begin(), held_.end(), city), city);  // in order
}

std::vector<std::string> LeaseBoard::held() const {
  std::lock_guard lock(mutex_);
  return held_;
}

std::string instance_id() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device random;
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" + std::to_string(random() % 1000000);
}

LeaseKeeper::LeaseKeeper(boost::asio::io_context& writer, Engine& engine, std::string owner,
                         std::chrono::milliseconds ttl, LeaseBoard& board, std::ostream& log,
                         std::function<void()> on_gain)
    : timer_(writer),
      engine_(engine),
      owner_(std::move(owner)),
      ttl_(ttl),
      board_(board),
      log_(log),
      on_gain_(std::move(on_gain)) {}

void LeaseKeeper::start() { renew(); }

void LeaseKeeper::stop() {
  stopped_ = true;
  timer_.cancel();
  const bool held = engine_.lease().has_value();
  if (Status s = engine_.release_lease(); !s.ok())
    std::osyncstream(log_) << "lease: cannot give up the lease: " << s.message() << std::endl;
  else if (held)
    std::osyncstream(log_) << "lease: city " << engine_.city() << " given up" << std::endl;
  board_.set(engine_.city(), false);
}

void LeaseKeeper::renew() {
  if (stopped_) return;
  const bool had = engine_.lease().has_value();
  // Written to last nine tenths of the lease's time, renewed every third of
  // it, looked at by the others every tenth: when the holder dies, another
  // holds the city within the lease's time.
  auto held = engine_.acquire_lease(owner_, ttl_ * 9 / 10);
  if (!held.ok()) {
    // The database is unreachable: stop scheduled work until it answers
    // (the lease lapses meanwhile, and another instance may take it).
    engine_.fence_with(std::nullopt);
    std::osyncstream(log_) << "lease: " << held.status().message() << std::endl;
  } else if (*held && !had) {
    std::osyncstream(log_) << "lease: city " << engine_.city() << " taken by " << owner_ << " (epoch "
                           << engine_.lease()->epoch << ")" << std::endl;
  } else if (!*held && had) {
    std::osyncstream(log_) << "lease: city " << engine_.city() << " lost to another instance" << std::endl;
  }
  const bool holds = engine_.lease().has_value();
  board_.set(engine_.city(), holds);
  if (holds && !had && on_gain_) on_gain_();
  timer_.expires_after(std::max(holds ? ttl_ / 3 : ttl_ / 10, std::chrono::milliseconds(20)));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) renew();
  });
}

}  // namespace luodi::server
