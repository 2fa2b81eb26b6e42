// A webhook receiver for tests: a real HTTP server on an ephemeral port, on
// its own thread, that fails its first N calls with 500 and records them all.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace luodi::testing {

class WebhookReceiver {
 public:
  struct Call {
    std::string idempotency_key;
    std::string body;
    unsigned status = 0;  // what it answered
  };

  explicit WebhookReceiver(int fail_first);
  ~WebhookReceiver();
  unsigned short port() const { return port_; }
  std::vector<Call> calls() const;
  int successes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  unsigned short port_ = 0;
};

}  // namespace luodi::testing
