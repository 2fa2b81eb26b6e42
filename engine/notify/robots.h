// The group robots of DingTalk (钉钉, also 浙政钉), WeCom (企业微信) and Feishu
// (飞书/Lark): the markdown message each takes, the signature a robot with a
// secret demands (加签), and what its answer means — a robot answers HTTP 200
// when it refuses a message too, with its own non-zero code. Pure: the time
// of a signature is given, nothing is sent here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/clock.h"
#include "luodi/date.h"
#include "luodi/notify.h"

namespace luodi {

// dingtalk, wecom, feishu (json is a plain webhook, not a robot).
bool is_robot_format(std::string_view format);
// Messages a minute a robot of `format` takes unless its contact says
// otherwise (each of the three refuses more than about 20).
int default_robot_rate(std::string_view format);

// A robot's rate as a contact gives it: "N/min" or "N", 1 to 600 a minute.
std::optional<int> parse_robot_rate(std::string_view text);

// A directory entry's robot settings, checked: a known format, a secret only
// where the robot signs (DingTalk, Feishu), mentions only where a mobile can
// be mentioned (DingTalk, WeCom), each a phone number. Empty when fine.
std::string robot_settings_problem(const Contact& c);

// A project a robot's message lists, as it stands when the message goes out.
struct RobotLine {
  std::string code;
  std::string name;
  std::string unit;
  std::string stage;  // its label
  std::string light;  // 红灯, 黄灯, 绿灯 or empty
  std::optional<Date> due;
  int days_overdue = 0;
  std::string link;  // the project on the dashboard (serve --public-url), or empty
};

struct RobotMessage {
  std::string title;
  std::vector<std::string> texts;  // each reminder's own words
  std::vector<RobotLine> lines;
};

// The title of a message from its first reminder's words: their leading
// labels (【逾期】 → 逾期), or 落地提醒.
std::string robot_title(std::string_view text);
// The message as markdown, the same for every robot.
std::string robot_markdown(const RobotMessage& m);

// One call: the URL (a DingTalk robot's carries its signature) and the body.
struct RobotCall {
  std::string url;
  std::string body;
};
RobotCall robot_call(const Contact& robot, const std::string& url, const RobotMessage& m, Timestamp now);

// 加签: base64 of HMAC-SHA256 keyed by the secret over "<ms>\n<secret>"
// (DingTalk, milliseconds), or keyed by "<s>\n<secret>" over nothing (Feishu,
// seconds).
std::string dingtalk_signature(const std::string& secret, std::int64_t timestamp_ms);
std::string feishu_signature(const std::string& secret, std::int64_t timestamp_s);

// What an answer means: accepted only on HTTP 2xx with the robot's own code 0
// (a plain json webhook: 2xx). Otherwise `error` has the receiver's words;
// `permanent` when retrying cannot mend it (an unknown token, a keyword the
// robot demands, an address it refuses), `signature_refused` when a fresh
// signature might.
struct RobotVerdict {
  bool accepted = false;
  bool permanent = false;
  bool signature_refused = false;
  std::string error;
};
RobotVerdict robot_verdict(std::string_view format, unsigned http_status, std::string_view body);

}  // namespace luodi
