// A webhook receiver for tests: a real HTTP server (or, given a test CA's
// server certificate, an HTTPS one) on an ephemeral port of 127.0.0.1, on its
// own thread, that fails its first N calls with 500 and records them all.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/test_ca.h"

namespace luodi::testing {

// How an emulated group robot answers: HTTP 200 always, with its own code —
// 0 for a message it takes, else the robot's error codes and words.
struct RobotRules {
  std::string format;  // dingtalk or feishu: how the signature comes; wecom: none
  std::string secret;  // when set, every call must be signed with it …
  std::int64_t now_seconds =
      0;  // … at a time within an hour of this (the robot's clock; 0: the wall clock)
  int refuse_first = 0;  // the first calls refused with this code and words
  std::int64_t refuse_code = 0;
  std::string refuse_words;
  // More accepted calls than this within `window` (counted per URL, as the
  // robot counts its own minute) are refused as too many (DingTalk 130101,
  // WeCom 45009, Feishu 11232) …
  int per_window = 0;
  std::chrono::milliseconds window{60000};
  // … and then every call to that URL for this long (DingTalk: 10 minutes).
  std::chrono::milliseconds throttle_for{0};
  // WeCom: markdown (or text) content longer than this many bytes is refused
  // (40058, as WeCom does); 0: any length.
  std::size_t max_content = 0;
};

class WebhookReceiver {
 public:
  struct Call {
    std::string idempotency_key;
    std::string body;
    unsigned status = 0;    // what it answered
    std::string target;     // the request's path and query
    bool accepted = false;  // a 2xx, and from a robot code 0
    std::chrono::steady_clock::time_point at;
  };

  explicit WebhookReceiver(int fail_first);
  // Over TLS, presenting `tls`'s server certificate.
  WebhookReceiver(int fail_first, const TestCa& tls);
  // A group robot over TLS.
  WebhookReceiver(const TestCa& tls, RobotRules robot);
  ~WebhookReceiver();
  unsigned short port() const { return port_; }
  // Call number `index` (0: the first) is answered only after `hold` (a
  // receiver slow to answer while the sender dies); calls after it wait.
  void hold_call(std::size_t index, std::chrono::milliseconds hold);
  std::vector<Call> calls() const;
  int successes() const;  // calls accepted
  // Connections whose TLS handshake failed (the client refused the certificate).
  int failed_handshakes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  unsigned short port_ = 0;
};

}  // namespace luodi::testing
