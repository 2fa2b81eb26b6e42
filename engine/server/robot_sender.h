// One message to a contact's webhook: a group robot's markdown (signed when
// the contact has a secret, signed afresh once more when the robot refuses
// the signature), or a plain webhook's JSON. Success is what the receiver
// says: HTTP 2xx and, from a robot, its own code 0. Signatures carry the wall
// clock's time (the robot compares it with its own), never the engine's:
// a server run with --now still signs with today.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "luodi/clock.h"
#include "luodi/notify.h"
#include "notify/robots.h"
#include "server/webhook_client.h"

namespace luodi::server {

struct SendOutcome {
  bool accepted = false;
  bool permanent = false;               // retrying cannot mend it (the receiver said so)
  bool throttled = false;               // refused as too many: the robot is silent for a while
  std::string error;                    // the receiver's words, or why there was no answer
  std::optional<WebhookAnswer> answer;  // the last answer, if any
};

struct WebhookMessage {
  std::string url;              // http[s]://… (a DingTalk robot's signature is added to it)
  RobotMessage robot;           // for the robot formats
  std::string plain_body;       // for format json
  std::string idempotency_key;  // a notification's key, or its bundle's: receivers may drop repeats
};

boost::asio::awaitable<SendOutcome> send_to(const Contact& to, const WebhookMessage& message,
                                            boost::asio::ssl::context& tls,
                                            std::chrono::milliseconds timeout);

}  // namespace luodi::server
