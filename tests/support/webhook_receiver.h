// A webhook receiver for tests: a real HTTP server (or, given a test CA's
// server certificate, an HTTPS one) on an ephemeral port of 127.0.0.1, on its
// own thread, that fails its first N calls with 500 and records them all.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/test_ca.h"

namespace luodi::testing {

class WebhookReceiver {
 public:
  struct Call {
    std::string idempotency_key;
    std::string body;
    unsigned status = 0;  // what it answered
  };

  explicit WebhookReceiver(int fail_first);
  // Over TLS, presenting `tls`'s server certificate.
  WebhookReceiver(int fail_first, const TestCa& tls);
  ~WebhookReceiver();
  unsigned short port() const { return port_; }
  std::vector<Call> calls() const;
  int successes() const;
  // Connections whose TLS handshake failed (the client refused the certificate).
  int failed_handshakes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  unsigned short port_ = 0;
};

}  // namespace luodi::testing
