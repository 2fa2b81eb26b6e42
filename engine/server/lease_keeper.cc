#include "server/lease_keeper.h"

#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <random>

namespace luodi::server {

void LeaseBoard::update(const std::string& city, const LeaseTerm& term) {
  std::lock_guard lock(mutex_);
  terms_[city] = term;
}

void LeaseBoard::forget(const std::string& city) {
  std::lock_guard lock(mutex_);
  terms_.erase(city);
}

bool LeaseBoard::holds(const std::string& city, Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  auto it = terms_.find(city);
  return it != terms_.end() && it->second.held && now < it->second.expires;
}

std::vector<std::string> LeaseBoard::held(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [city, term] : terms_)
    if (term.held && now < term.expires) out.push_back(city);
  return out;
}

std::map<std::string, LeaseTerm> LeaseBoard::terms() const {
  std::lock_guard lock(mutex_);
  return terms_;
}

std::string instance_id() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device random;
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" +
         std::to_string(random() % 1000000);
}

LeaseKeeper::LeaseKeeper(boost::asio::io_context& leasing, std::unique_ptr<Engine> own,
                         boost::asio::io_context& writer, Engine& writing, std::string owner,
                         std::chrono::milliseconds ttl, LeaseBoard& board, LogLimiter& log,
                         std::function<void()> on_gain)
    : leasing_(leasing),
      timer_(leasing),
      own_(std::move(own)),
      writer_(writer),
      writing_(writing),
      owner_(std::move(owner)),
      city_(writing.city()),
      ttl_(ttl),
      board_(board),
      log_(log),
      on_gain_(std::move(on_gain)) {
  // Not yet asked: in contact as of now, so /healthz gives it a lease's time.
  term_.last_contact = std::chrono::steady_clock::now();
  board_.update(city_, term_);
}

void LeaseKeeper::start() {
  boost::asio::post(leasing_, [this] { renew(); });
}

void LeaseKeeper::stop() {
  *writer_stopped_ = true;
  writing_.fence_with(std::nullopt);  // no scheduled write from now on
  give_up();
}

void LeaseKeeper::give_up() {
  boost::asio::post(leasing_, [this] {
    if (stopped_) return;
    stopped_ = true;
    timer_.cancel();
    const bool held = own_->lease().has_value();
    if (Status s = own_->release_lease(); !s.ok())
      log_.say("lease-release:" + city_,
               "lease: city " + city_ + ": cannot give up the lease: " + s.message());
    else if (held)
      log_.say("lease-release:" + city_, "lease: city " + city_ + " given up");
    board_.forget(city_);
    // Anything of this keeper already queued on the lease thread (a renewal
    // that fired before the cancel) runs before this.
    boost::asio::post(leasing_, [this] { given_up_ = true; });
  });
}

void LeaseKeeper::tell_writer(std::optional<LeaseFence> fence, bool gained) {
  boost::asio::post(writer_, [this, stopped = writer_stopped_, fence = std::move(fence), gained] {
    if (*stopped) return;
    writing_.fence_with(fence);
    if (gained && on_gain_) on_gain_();
  });
}

void LeaseKeeper::renew() {
  if (stopped_) return;
  const bool had = term_.held;
  const std::int64_t had_epoch = term_.epoch;
  // Timed from before asking: the lease is written to last nine tenths of
  // its time from a moment after this one, so this side never thinks it
  // holds a lease the database says has lapsed.
  const auto asked = std::chrono::steady_clock::now();
  const Timestamp asked_wall =
      std::chrono::time_point_cast<Timestamp::duration>(std::chrono::system_clock::now());
  const auto written_for = ttl_ * 9 / 10;
  auto held = own_->acquire_lease(owner_, written_for);
  if (!held.ok()) {
    // The database is unreachable: scheduled work stops at once (the lease
    // lapses meanwhile, and another instance may take it), and this is said
    // once a second at most.
    ++failures_;
    term_.held = false;
    term_.problem = held.status().message();
    log_.say("lease-renew:" + city_,
             "lease: city " + city_ + ": cannot renew the lease: " + term_.problem);
  } else {
    failures_ = 0;
    term_.last_contact = std::chrono::steady_clock::now();
    term_.problem.clear();
    term_.held = *held;
    if (*held) {
      term_.epoch = own_->lease()->epoch;
      term_.expires = asked + written_for;
      term_.expires_at = asked_wall + std::chrono::duration_cast<Timestamp::duration>(written_for);
    }
  }
  board_.update(city_, term_);
  if (term_.held && (!had || term_.epoch != had_epoch)) {
    // Taken, or taken again after it lapsed (a new epoch: the old fence is stale).
    log_.say("lease-change:" + city_, "lease: city " + city_ + " taken by " + owner_ + " (epoch " +
                                          std::to_string(term_.epoch) + ")");
    tell_writer(own_->lease(), true);
  } else if (!term_.held && had) {
    if (held.ok())
      log_.say("lease-change:" + city_, "lease: city " + city_ + " lost to another instance");
    tell_writer(std::nullopt, false);
  }
  // Held: renewed every third of its time. Not held: looked at every tenth,
  // backing off to a third while the database cannot be reached.
  auto wait = term_.held ? ttl_ / 3 : ttl_ / 10;
  // A renewal that waited (behind a long fenced write holding the lease
  // row) leaves little of the term as this side counts it: renewed again soon.
  if (term_.held && term_.expires - std::chrono::steady_clock::now() < ttl_ / 2) wait = ttl_ / 10;
  if (failures_ > 1) wait = std::min(ttl_ / 3, wait * (1 << std::min(failures_ - 1, 4)));
  timer_.expires_after(std::max(wait, std::chrono::milliseconds(20)));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) renew();
  });
}

}  // namespace luodi::server
