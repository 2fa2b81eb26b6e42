// Webhook delivery on the server's loop (http, or https verified against the
// trust it is given): at least once, with an
// Idempotency-Key equal to the notification key, exponential back-off with
// jitter, attempts and the last error kept per notification, given up after
// a limit (then listed by `luodi outbox --failed`). Never blocks the loop.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <ostream>
#include <random>
#include <set>
#include <vector>

#include "luodi/engine.h"
#include "server/robot_sender.h"
#include "server/send_window.h"

namespace luodi::server {

struct RetryPolicy {
  std::chrono::milliseconds first{1000};   // Default: 1 s, then doubling …
  std::chrono::milliseconds longest{600000};  // … up to 10 minutes between attempts
  int max_attempts = 20;                   // about two hours of trying
  std::chrono::milliseconds timeout{10000};  // per attempt (serve --webhook-timeout-ms)
  std::chrono::milliseconds rate_window{60000};  // a robot's rate counts messages in this window
};

class WebhookDispatcher {
 public:
  WebhookDispatcher(boost::asio::io_context& io, Engine& engine, const Clock& clock,
                    RetryPolicy policy, boost::asio::ssl::context& tls, std::string public_url, std::ostream& log,
                    std::function<void(bool)> on_attempt);
  // Sends what is due now and arms itself for the next retry.
  void kick();
  void stop();
  // No delivery is in flight (after stop(): the dispatcher may be destroyed).
  bool idle() const { return in_flight_.empty(); }

 private:
  // Notifications that go as one message (a robot's list of projects).
  using Bundle = std::vector<Notification>;
  // Claims the bundle's rows for this delivery (claim_token_), leaving in it
  // those claimed; false when none was (another delivery holds them).
  bool claim(Bundle& bundle);
  // Sends a claimed bundle and records its outcome while the claim holds.
  void send(Contact to, Bundle bundle);
  // The directory entry a notification goes to (its secret, mentions, rate),
  // in the format the notification was made for.
  static Contact recipient_of(const Notification& n, const std::vector<Contact>& directory);
  // What a bundle says: a robot's markdown with each project as it stands
  // now, or the one notification as JSON.
  WebhookMessage message_of(const Bundle& bundle);
  std::chrono::milliseconds backoff(int attempts);

  SendWindow window_;  // each robot's turns at its rate
  bool window_seeded_ = false;  // with what the outbox says went out within the last window
  boost::asio::io_context& io_;
  boost::asio::steady_timer timer_;
  Engine& engine_;
  const Clock& clock_;
  RetryPolicy policy_;
  boost::asio::ssl::context& tls_;  // whom https receivers are trusted by
  std::string public_url_;           // the dashboard's address, for links (serve --public-url)
  std::ostream& log_;
  std::function<void(bool)> on_attempt_;
  std::set<std::pair<std::string, std::string>> in_flight_;
  std::string claim_token_;  // the last claim's
  long claims_ = 0;
  std::mt19937 rng_{std::random_device{}()};
  bool stopped_ = false;
};

}  // namespace luodi::server
