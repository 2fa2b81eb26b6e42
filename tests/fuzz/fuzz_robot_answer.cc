// What comes back from a webhook or a group robot (any bytes, any status),
// and what a contact's channel and rate may say: never a crash, and an
// answer is accepted only with a 2xx.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "luodi/notify.h"
#include "notify/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static constexpr std::string_view kFormats[] = {"dingtalk", "wecom", "feishu", "json"};
  const std::string_view format = kFormats[data[0] % 4];
  const unsigned status = 100 + data[1] % 500;
  const std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);
  const luodi::RobotVerdict v = luodi::robot_verdict(format, status, body);
  if (v.accepted && (status < 200 || status >= 300)) std::abort();
  if (v.accepted && (v.permanent || !v.error.empty())) std::abort();
  if (auto url = luodi::parse_webhook_url(std::string(body)); url && url->host.empty())
    std::abort();
  if (auto rate = luodi::parse_robot_rate(body); rate && (*rate < 1 || *rate > 600)) std::abort();
  (void)luodi::robot_title(body);
  return 0;
}
