#include "server/robot_sender.h"

#include <boost/asio.hpp>

namespace luodi::server {

namespace asio = boost::asio;

asio::awaitable<SendOutcome> send_to(const Contact& to, const WebhookMessage& message,
                                     asio::ssl::context& tls, std::chrono::milliseconds timeout) {
  const bool robot = is_robot_format(to.format);
  SendOutcome out;
  // A robot that refuses the signature is asked once more with a fresh one
  // (its clock and ours may straddle a second); refused again, it is for good.
  for (int signing = 0; signing < 2; ++signing) {
    WebhookPost post;
    if (robot) {
      const auto wall =
          std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
      const RobotCall call = robot_call(to, message.url, message.robot, wall);
      post.url = call.url;
      post.body = call.body;
    } else {
      post.url = message.url;
      post.body = message.plain_body;
    }
    if (!message.idempotency_key.empty())
      post.headers.emplace_back("Idempotency-Key", message.idempotency_key);
    auto answer = co_await post_webhook(post, tls, timeout);
    if (!answer.ok()) {
      out.error = answer.status().message();
      co_return out;
    }
    const RobotVerdict verdict = robot_verdict(to.format, answer->status, answer->body);
    out.accepted = verdict.accepted;
    out.permanent = verdict.permanent;
    out.throttled = verdict.throttled;
    out.error = verdict.error;
    out.answer = std::move(*answer);
    if (!verdict.signature_refused) co_return out;
    if (to.secret.empty()) {
      out.permanent = true;
      out.error += " (the robot demands signed calls: give the contact its --secret)";
      co_return out;
    }
    if (signing == 1) {
      out.permanent = true;
      out.error += " (refused again with a fresh signature: check the robot's secret)";
    }
  }
  co_return out;
}

}  // namespace luodi::server
