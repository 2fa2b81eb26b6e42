// The group robots of DingTalk (钉钉, also 浙政钉), WeCom (企业微信) and Feishu
// (飞书/Lark): the markdown message each takes, the signature a robot with a
// secret demands (加签), and what its answer means — a robot answers HTTP 200
// when it refuses a message too, with its own non-zero code. Pure: the time
// of a signature is given, nothing is sent here.
#pragma once

#include <chrono>
#include <cstddef>
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
// Messages a window a robot of `format` is sent unless its contact says
// otherwise. Each of the three refuses more than 20 a minute (DingTalk then
// throttles for 10 minutes), so luodi keeps a margin of one message and one
// second: at most 19 in any 61 s.
int default_robot_rate(std::string_view format);
inline constexpr std::chrono::milliseconds kRobotRateWindow{61000};

// Feishu takes at most 5 messages a second besides its minute (see below):
// luodi sends a Feishu robot at most 4 in any 1.1 s.
inline constexpr int kFeishuPerSecond = 4;
inline constexpr std::chrono::milliseconds kFeishuSecond{1100};

// How long a robot that refused a message as too many stays silent: nothing
// goes to its URL meanwhile.
// - DingTalk (130101): "每个机器人每分钟最多发送20条消息到群里，如果超过20条，会限流10分钟"
//   (open.dingtalk.com/document/robots/custom-robot-access, 调用频率限制): 10 minutes.
// - WeCom (45009): "每个机器人发送的消息不能超过20条/分钟"
//   (developer.work.weixin.qq.com/document/path/91770, 消息发送频率限制) names no
//   penalty: the rest of its minute, 60 s.
// - Feishu (11232): "单租户单机器人 100 次/分钟，5 次/秒"
//   (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot, 注意事项) names
//   no penalty either: its minute, 60 s.
std::chrono::milliseconds robot_throttle_pause(std::string_view format);

// A robot's rate as a contact gives it: "N/min" or "N", 1 to 600 a minute.
std::optional<int> parse_robot_rate(std::string_view text);
// A contact's window or throttle pause: "61s", "6.1s", "6100ms", "10m",
// "10min" or a bare number of seconds, from 1 s to 24 h.
std::optional<std::chrono::milliseconds> parse_robot_duration(std::string_view text);

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
  int part = 0, parts = 0;  // a part of a split message: its title ends "(part/parts)"
};

// The title of a message from its first reminder's words: their leading
// labels (【逾期】 → 逾期), or 落地提醒.
std::string robot_title(std::string_view text);
// The message as markdown, the same for every robot.
std::string robot_markdown(const RobotMessage& m);

// What each robot takes in one message (bytes of UTF-8), beside its format:
// - DingTalk: a request body of at most 20,000 bytes (its answer to a larger
//   one: "body 大小不合法;解决方案:请保持大小在 20000bytes 以内", as quoted in
//   github.com/ZhuLinsen/daily_stock_analysis/issues/61; its custom-robot page
//   names no figure).
// - WeCom: markdown content at most 4,096 bytes, text content (a message that
//   mentions mobiles) at most 2,048 (developer.work.weixin.qq.com/document/path/91770:
//   "markdown内容，最长不超过4096个字节"; "文本内容，最长不超过2048个字节").
// - Feishu: a request body of at most 20 KB (open.feishu.cn/document/client-docs/
//   bot-v3/add-custom-bot: "请求体的数据大小不能超过 20 KB"); 20,000 bytes here.
inline constexpr std::size_t kDingTalkBodyLimit = 20000;
inline constexpr std::size_t kWeComMarkdownLimit = 4096;
inline constexpr std::size_t kWeComTextLimit = 2048;
inline constexpr std::size_t kFeishuBodyLimit = 20000;

// `m` as the robot of `robot.format` takes it: itself when it fits in one
// message, else parts that each fit, numbered "(1/3)" after the title. Cut
// between a reminder's words and between project lines; a single line too
// long for a message alone is cut between UTF-8 characters.
std::vector<RobotMessage> robot_parts(const Contact& robot, const RobotMessage& m);
// Whether one call with `m` fits the robot's limit.
bool robot_message_fits(const Contact& robot, const RobotMessage& m);

// The Idempotency-Key of a message that carries several rows: "bundle-" and
// the first 32 hex digits of the SHA-256 of their identities (each row's key
// and recipient), sorted: the same rows, the same key.
std::string bundle_key(std::vector<std::string> rows);

// One call: the URL (a DingTalk robot's carries its signature) and the body.
struct RobotCall {
  std::string url;
  std::string body;
};
RobotCall robot_call(const Contact& robot, const std::string& url, const RobotMessage& m,
                     Timestamp now);

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
// `throttled`: refused as too many (DingTalk 130101, WeCom 45009, Feishu
// 11232): not the message's fault; the robot is silent for a while.
struct RobotVerdict {
  bool accepted = false;
  bool permanent = false;
  bool signature_refused = false;
  bool throttled = false;
  std::string error;
};
RobotVerdict robot_verdict(std::string_view format, unsigned http_status, std::string_view body);

}  // namespace luodi
