// Webhook URLs: what a contact's channel may name, and where a call goes.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/url.h"
#include "luodi/notify.h"
#include "notify/robots.h"
#include "server/send_window.h"
#include "server/webhook_client.h"

namespace luodi {
namespace {

TEST(WebhookUrl, HttpAndHttpsWithTheirPortsPathsAndQueries) {
  auto dingtalk = parse_webhook_url("https://oapi.dingtalk.com/robot/send?access_token=abc");
  ASSERT_TRUE(dingtalk);
  EXPECT_TRUE(dingtalk->tls);
  EXPECT_EQ(dingtalk->host, "oapi.dingtalk.com");
  EXPECT_EQ(dingtalk->port, "443");
  EXPECT_EQ(dingtalk->target, "/robot/send?access_token=abc");

  auto local = parse_webhook_url("http://127.0.0.1:8081/hook");
  ASSERT_TRUE(local);
  EXPECT_FALSE(local->tls);
  EXPECT_EQ(local->host, "127.0.0.1");
  EXPECT_EQ(local->port, "8081");
  EXPECT_EQ(local->target, "/hook");

  auto bare = parse_webhook_url("https://example.cn?key=1#frag");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->target, "/?key=1");
  EXPECT_EQ(parse_webhook_url("http://example.cn")->target, "/");

  auto v6 = parse_webhook_url("https://[::1]:8443/x");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, "8443");
}

TEST(WebhookUrl, AnythingElseIsRefused) {
  for (const char* url :
       {"ftp://example.cn/x", "example.cn/x", "https://", "https:///x", "http://host:/x",
        "http://host:0/x", "http://host:65536/x", "http://host:8a/x", "http://user:pw@host/x",
        "http://::1/x", "http://host/a b", "http://host/a\nb"})
    EXPECT_FALSE(parse_webhook_url(url)) << url;
}

// Signatures as DingTalk and Feishu compute them (the values from Python's
// hmac and base64 modules, the robots' own documented recipe).
TEST(Robots, SignaturesAreTheRobotsOwn) {
  EXPECT_EQ(dingtalk_signature("SEC0123456789abcdef", 1782867600000),
            "Fi6Td04kgNPndHKP35yFPSXgLFQYNdXTuXnWt+eJUBQ=");
  EXPECT_EQ(feishu_signature("SEC0123456789abcdef", 1782867600),
            "2Wzb6UHjvQzUDQw8+cxd8R+qR5SZ+spiNJ3o0v4pqtQ=");
}

RobotMessage message() {
  RobotMessage m;
  m.title = robot_title("【逾期】Y1 游埠项目（游埠镇） 已逾期 3 天。");
  m.texts = {"【逾期】Y1 游埠项目（游埠镇） 已逾期 3 天。"};
  m.lines = {{"Y1", "游埠项目", "游埠镇", "预审", "红灯", Date::parse("2026-07-28"), 3,
              "https://luodi.example/#/projects/Y1"}};
  return m;
}

const Timestamp kNow{std::chrono::seconds(1782867600)};

TEST(Robots, ADingTalkCallIsMarkdownSignedInItsUrlAndMentions) {
  Contact c;
  c.format = "dingtalk";
  c.secret = "SEC0123456789abcdef";
  c.mentions = {"13800000000"};
  const RobotCall call =
      robot_call(c, "https://oapi.dingtalk.com/robot/send?access_token=t", message(), kNow);
  EXPECT_EQ(call.url,
            "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1782867600000"
            "&sign=Fi6Td04kgNPndHKP35yFPSXgLFQYNdXTuXnWt%2BeJUBQ%3D");
  const auto body = boost::json::parse(call.body);
  EXPECT_EQ(body.at("msgtype"), "markdown");
  EXPECT_EQ(body.at("markdown").at("title"), "逾期");
  const std::string text(body.at("markdown").at("text").as_string());
  for (const char* part :
       {"### 逾期", "**Y1 游埠项目**（游埠镇）预审", "红灯", "应于 2026-07-28", "逾期 3 天",
        "[查看](https://luodi.example/#/projects/Y1)", "@13800000000"})
    EXPECT_NE(text.find(part), std::string::npos) << part << " in " << text;
  EXPECT_EQ(body.at("at").at("atMobiles").as_array().size(), 1u);
  EXPECT_EQ(call.body.find("SEC0123"), std::string::npos) << "the secret is never sent";
}

TEST(Robots, AFeishuCallIsACardSignedInItsBody) {
  Contact c;
  c.format = "feishu";
  c.secret = "SEC0123456789abcdef";
  const RobotCall call =
      robot_call(c, "https://open.feishu.cn/open-apis/bot/v2/hook/h", message(), kNow);
  EXPECT_EQ(call.url, "https://open.feishu.cn/open-apis/bot/v2/hook/h");
  const auto body = boost::json::parse(call.body);
  EXPECT_EQ(body.at("msg_type"), "interactive");
  EXPECT_EQ(body.at("timestamp"), "1782867600");
  EXPECT_EQ(body.at("sign"), "2Wzb6UHjvQzUDQw8+cxd8R+qR5SZ+spiNJ3o0v4pqtQ=");
  EXPECT_EQ(body.at("card").at("header").at("title").at("content"), "逾期");
}

TEST(Robots, AWeComCallIsMarkdownOrTextWhenItMentions) {
  Contact c;
  c.format = "wecom";
  auto body = boost::json::parse(
      robot_call(c, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", message(), kNow)
          .body);
  EXPECT_EQ(body.at("msgtype"), "markdown");
  c.mentions = {"13800000000"};
  body = boost::json::parse(
      robot_call(c, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", message(), kNow)
          .body);
  EXPECT_EQ(body.at("msgtype"), "text");
  EXPECT_EQ(body.at("text").at("mentioned_mobile_list").as_array().size(), 1u);
}

TEST(Robots, OnlyCodeZeroIsAcceptedAndWhatRetryingCannotMendIsPermanent) {
  EXPECT_TRUE(robot_verdict("dingtalk", 200, R"({"errcode":0,"errmsg":"ok"})").accepted);
  EXPECT_TRUE(robot_verdict("feishu", 200, R"({"code":0,"msg":"success"})").accepted);
  EXPECT_TRUE(
      robot_verdict("feishu", 200, R"({"StatusCode":0,"StatusMessage":"success"})").accepted);
  EXPECT_TRUE(robot_verdict("json", 204, "").accepted) << "a plain webhook: 2xx";

  auto too_many =
      robot_verdict("dingtalk", 200,
                    R"({"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"})");
  EXPECT_FALSE(too_many.accepted);
  EXPECT_FALSE(too_many.permanent);
  EXPECT_TRUE(too_many.throttled);
  EXPECT_NE(too_many.error.find("send too fast"), std::string::npos) << too_many.error;
  EXPECT_TRUE(robot_verdict("wecom", 200, R"({"errcode":45009,"errmsg":"api freq out of limit"})")
                  .throttled);
  EXPECT_TRUE(
      robot_verdict("feishu", 200, R"({"code":11232,"msg":"frequency limited"})").throttled);
  EXPECT_FALSE(
      robot_verdict("wecom", 200,
                    R"({"errcode":40058,"errmsg":"markdown.content exceed max length 4096"})")
          .throttled);

  auto token =
      robot_verdict("dingtalk", 200, R"({"errcode":300001,"errmsg":"token is not exist"})");
  EXPECT_TRUE(token.permanent);
  EXPECT_NE(token.error.find("token is not exist"), std::string::npos);
  EXPECT_TRUE(
      robot_verdict("wecom", 200, R"({"errcode":93000,"errmsg":"invalid webhook url"})").permanent);
  EXPECT_TRUE(
      robot_verdict("dingtalk", 200, R"({"errcode":310000,"errmsg":"keywords not in content"})")
          .permanent);

  auto sign = robot_verdict("dingtalk", 200, R"({"errcode":310000,"errmsg":"sign not match"})");
  EXPECT_TRUE(sign.signature_refused);
  EXPECT_FALSE(sign.permanent) << "a fresh signature may pass";
  EXPECT_TRUE(
      robot_verdict(
          "feishu", 200,
          R"({"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"})")
          .signature_refused);

  EXPECT_FALSE(robot_verdict("wecom", 200, "<html>busy</html>").accepted)
      << "a 200 without the robot's code";
  EXPECT_FALSE(robot_verdict("wecom", 502, "bad gateway").permanent);
  EXPECT_TRUE(robot_verdict("wecom", 404, "not found").permanent);
}

TEST(Robots, TitlesComeFromTheReminderLabels) {
  EXPECT_EQ(robot_title("【补发】【逾期】Y1 …"), "补发 · 逾期");
  EXPECT_EQ(robot_title("【周调度 2026-W32】全市…"), "周调度 2026-W32");
  EXPECT_EQ(robot_title("plain words"), "落地提醒");
  EXPECT_EQ(robot_title("【unclosed"), "落地提醒");
}

// At most N messages in any window: the N+1th waits until the oldest leaves it.
TEST(SendWindow, AtMostNInAnyWindowEachRobotOnItsOwn) {
  using server::SendWindow;
  SendWindow w(std::chrono::seconds(60));
  const auto t0 = SendWindow::Clock::time_point() + std::chrono::hours(1);
  SendWindow::Clock::time_point turn;
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(w.take("robot-a", 3, t0 + std::chrono::seconds(i), turn)) << i;
  EXPECT_FALSE(w.take("robot-a", 3, t0 + std::chrono::seconds(10), turn));
  EXPECT_EQ(turn, t0 + std::chrono::seconds(60)) << "when the first leaves the window";
  EXPECT_TRUE(w.take("robot-b", 3, t0 + std::chrono::seconds(10), turn))
      << "another robot has its own turns";
  EXPECT_FALSE(w.take("robot-a", 3, t0 + std::chrono::seconds(59), turn));
  EXPECT_TRUE(w.take("robot-a", 3, t0 + std::chrono::seconds(60), turn));
  EXPECT_FALSE(w.take("robot-a", 3, t0 + std::chrono::seconds(60), turn));
  EXPECT_EQ(turn, t0 + std::chrono::seconds(61));
  EXPECT_FALSE(w.take("robot-a", 1, t0 + std::chrono::seconds(100), turn))
      << "a lower rate waits longer";
  EXPECT_EQ(turn, t0 + std::chrono::seconds(120));
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(w.take("plain", 0, t0, turn)) << "0: no limit";
}

// The default keeps a margin of one message and one second under the robots'
// 20 a minute: at most 19 in any 61 s.
TEST(SendWindow, TheDefaultIs19InAny61Seconds) {
  using server::SendWindow;
  EXPECT_EQ(default_robot_rate("dingtalk"), 19);
  EXPECT_EQ(default_robot_rate("wecom"), 19);
  EXPECT_EQ(default_robot_rate("feishu"), 19);
  EXPECT_EQ(default_robot_rate("json"), 0);
  EXPECT_EQ(kRobotRateWindow, std::chrono::seconds(61));
  SendWindow w(kRobotRateWindow);
  const auto t0 = SendWindow::Clock::time_point() + std::chrono::hours(1);
  SendWindow::Clock::time_point turn;
  for (int i = 0; i < 19; ++i)
    EXPECT_TRUE(w.take("robot", 19, t0 + std::chrono::milliseconds(i), turn)) << i;
  EXPECT_FALSE(w.take("robot", 19, t0 + std::chrono::milliseconds(59900), turn))
      << "luodi sent the 20th at 59.9 s";
  EXPECT_EQ(turn, t0 + std::chrono::seconds(61));
  EXPECT_FALSE(w.take("robot", 19, t0 + std::chrono::milliseconds(60999), turn));
  EXPECT_TRUE(w.take("robot", 19, t0 + std::chrono::seconds(61), turn));
}

// Sending as fast as the window lets it, for ten minutes, with a receiver that
// sees each message up to 0.9 s late or early: never 20 within its own minute.
TEST(SendWindow, AGreedySenderNeverGives20InAnyMinuteOfTheRobot) {
  using server::SendWindow;
  SendWindow w(kRobotRateWindow);
  const auto t0 = SendWindow::Clock::time_point() + std::chrono::hours(1);
  std::vector<SendWindow::Clock::time_point> sent;
  auto now = t0;
  for (int step = 0; step < 600 * 10; ++step, now += std::chrono::milliseconds(100)) {
    SendWindow::Clock::time_point turn;
    while (w.take("robot", 19, now, turn)) sent.push_back(now);
  }
  ASSERT_GT(sent.size(), 150u);
  for (std::size_t i = 0; i + 19 < sent.size(); ++i) {
    // The 20th after message i, seen as late as it might be, against i seen early.
    const auto seen_i = sent[i] + std::chrono::milliseconds(450);
    const auto seen_20th = sent[i + 19] - std::chrono::milliseconds(450);
    EXPECT_GE(seen_20th - seen_i, std::chrono::seconds(60)) << i;
  }
}

// A split message's parts each take a turn; more parts than the rate wait
// for an empty window; a look takes nothing.
TEST(SendWindow, EachPartTakesATurn) {
  using server::SendWindow;
  SendWindow w(std::chrono::seconds(10));
  const auto t0 = SendWindow::Clock::time_point() + std::chrono::hours(1);
  SendWindow::Clock::time_point turn;
  EXPECT_TRUE(w.take("r", 5, t0, turn, 3));
  EXPECT_TRUE(w.has_turns("r", 5, t0 + std::chrono::seconds(1), turn, 2)) << "a look: room for two";
  EXPECT_FALSE(w.take("r", 5, t0 + std::chrono::seconds(1), turn, 3)) << "3 + 3 > 5";
  EXPECT_EQ(turn, t0 + std::chrono::seconds(10));
  EXPECT_TRUE(w.take("r", 5, t0 + std::chrono::seconds(1), turn, 2));
  EXPECT_FALSE(w.has_turns("r", 5, t0 + std::chrono::seconds(2), turn)) << "full: a look says so";
  EXPECT_FALSE(w.take("r", 5, t0 + std::chrono::seconds(10), turn, 7));
  EXPECT_EQ(turn, t0 + std::chrono::seconds(11)) << "7 > 5: when the window is empty";
  EXPECT_TRUE(w.take("r", 5, t0 + std::chrono::seconds(11), turn, 7));
  // A contact's own window.
  EXPECT_TRUE(w.take("own", 1, t0, turn, 1, std::chrono::seconds(30)));
  EXPECT_FALSE(w.take("own", 1, t0 + std::chrono::seconds(20), turn, 1, std::chrono::seconds(30)));
  EXPECT_EQ(turn, t0 + std::chrono::seconds(30));
}

// A turn counts from its message's answer: a message slow to leave (claims,
// the connection) moves the next turns later, never earlier.
TEST(SendWindow, ATurnCountsFromItsAnswer) {
  using server::SendWindow;
  SendWindow w(std::chrono::seconds(10));
  const auto t0 = SendWindow::Clock::time_point() + std::chrono::hours(1);
  SendWindow::Clock::time_point turn;
  ASSERT_TRUE(w.take("r", 2, t0, turn, 2));
  w.restamp("r", t0, t0 + std::chrono::milliseconds(300));
  EXPECT_TRUE(w.has_turns("r", 2, t0 + std::chrono::seconds(10), turn))
      << "the other part still counts from its turn";
  EXPECT_FALSE(w.has_turns("r", 2, t0 + std::chrono::seconds(10), turn, 2));
  EXPECT_EQ(turn, t0 + std::chrono::milliseconds(10300)) << "the answered one, from its answer";
  w.restamp("r", t0, t0 + std::chrono::milliseconds(500));
  EXPECT_FALSE(w.has_turns("r", 2, t0 + std::chrono::seconds(10), turn));
  EXPECT_EQ(turn, t0 + std::chrono::milliseconds(10300));
  EXPECT_TRUE(w.take("r", 2, t0 + std::chrono::milliseconds(10300), turn));
  EXPECT_FALSE(w.take("r", 2, t0 + std::chrono::milliseconds(10300), turn));
  EXPECT_EQ(turn, t0 + std::chrono::milliseconds(10500));
}

// A robot that refused a message as too many gets nothing until its pause
// ends; the pause is announced once, however many refusals extend it.
TEST(SendWindow, APausedRobotGetsNoTurnUntilThePauseEnds) {
  using server::SendWindow;
  SendWindow w(kRobotRateWindow);
  const auto t0 = SendWindow::Clock::time_point() + std::chrono::hours(1);
  const auto end = t0 + std::chrono::minutes(10);
  SendWindow::Clock::time_point turn;
  EXPECT_TRUE(w.pause("robot", t0, end)) << "a new pause";
  EXPECT_FALSE(w.pause("robot", t0 + std::chrono::seconds(1), end)) << "the same pause: said once";
  EXPECT_FALSE(w.take("robot", 19, t0 + std::chrono::seconds(1), turn));
  EXPECT_EQ(turn, end);
  EXPECT_FALSE(w.take("robot", 0, t0 + std::chrono::minutes(9), turn)) << "even without a rate";
  EXPECT_TRUE(w.take("other", 19, t0 + std::chrono::seconds(1), turn)) << "other robots go on";
  EXPECT_FALSE(w.pause("robot", t0 + std::chrono::minutes(5), end + std::chrono::minutes(1)))
      << "made longer";
  EXPECT_FALSE(w.take("robot", 19, end, turn));
  EXPECT_EQ(turn, end + std::chrono::minutes(1));
  EXPECT_TRUE(w.take("robot", 19, end + std::chrono::minutes(1), turn));
  EXPECT_TRUE(w.pause("robot", end + std::chrono::minutes(2), end + std::chrono::minutes(3)))
      << "a new one";
}

TEST(Robots, ThrottlePausesAreTheRobotsDocumentedTimes) {
  EXPECT_EQ(robot_throttle_pause("dingtalk"), std::chrono::minutes(10));
  EXPECT_EQ(robot_throttle_pause("wecom"), std::chrono::seconds(60));
  EXPECT_EQ(robot_throttle_pause("feishu"), std::chrono::seconds(60));
}

TEST(Robots, DurationsOfAWindowOrAPause) {
  using std::chrono::milliseconds;
  EXPECT_EQ(parse_robot_duration("61s"), milliseconds(61000));
  EXPECT_EQ(parse_robot_duration("61"), milliseconds(61000));
  EXPECT_EQ(parse_robot_duration("6.1s"), milliseconds(6100));
  EXPECT_EQ(parse_robot_duration("6100ms"), milliseconds(6100));
  EXPECT_EQ(parse_robot_duration("10m"), milliseconds(600000));
  EXPECT_EQ(parse_robot_duration("10min"), milliseconds(600000));
  EXPECT_EQ(parse_robot_duration("24h"), std::nullopt) << "h is not a unit here";
  for (const char* bad :
       {"", "s", "0s", "999ms", "1441m", "-5s", "1.s", "1.2345s", "fast", "6,1s", "1e3"})
    EXPECT_EQ(parse_robot_duration(bad), std::nullopt) << bad;
}

// 35 projects in one WeCom markdown message: parts of at most 4,096 bytes,
// numbered, every project in exactly one, in order, cut between lines.
TEST(Robots, AMessageIsSplitToTheRobotsLimitAndNumbered) {
  RobotMessage m;
  m.title = "逾期 · 35 个项目";
  for (int i = 0; i < 35; ++i) {
    const std::string code = "LX-2026-" + std::to_string(100 + i);
    m.texts.push_back("【逾期】" + code +
                      " 游埠镇某某产业园项目（游埠镇） 预审已逾期 3 天，请尽快办理。");
    m.lines.push_back({code, "游埠镇某某产业园项目", "游埠镇", "预审", "红灯",
                       Date::parse("2026-07-28"), 3, "https://luodi.example/#/project/" + code});
  }
  Contact wecom;
  wecom.format = "wecom";
  ASSERT_GT(robot_markdown(m).size(), 2 * kWeComMarkdownLimit)
      << "the test needs a message that must split";
  const auto parts = robot_parts(wecom, m);
  ASSERT_GE(parts.size(), 3u);
  std::size_t texts = 0, lines = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string content = robot_markdown(parts[i]);
    EXPECT_LE(content.size(), kWeComMarkdownLimit) << i;
    const std::string number =
        "(" + std::to_string(i + 1) + "/" + std::to_string(parts.size()) + ")";
    EXPECT_EQ(content.rfind("### 逾期 · 35 个项目 " + number + "\n", 0), 0u)
        << content.substr(0, 80);
    for (const auto& t : parts[i].texts) EXPECT_EQ(t, m.texts[texts++]);
    for (const auto& l : parts[i].lines) EXPECT_EQ(l.code, m.lines[lines++].code);
  }
  EXPECT_EQ(texts, m.texts.size());
  EXPECT_EQ(lines, m.lines.size());

  // A mention makes it WeCom text: 2,048 bytes.
  wecom.mentions = {"13800000000"};
  for (const auto& p : robot_parts(wecom, m)) EXPECT_LE(robot_markdown(p).size(), kWeComTextLimit);
  // DingTalk and Feishu: the body sent, 20,000 bytes, signed.
  for (const char* format : {"dingtalk", "feishu"}) {
    Contact c;
    c.format = format;
    c.secret = "SEC0123456789abcdef";
    RobotMessage big = m;
    for (int k = 0; k < 3; ++k) big.lines.insert(big.lines.end(), m.lines.begin(), m.lines.end());
    const auto split = robot_parts(c, big);
    EXPECT_GE(split.size(), 2u) << format;
    for (const auto& p : split)
      EXPECT_LE(robot_call(c, "https://x/y", p, kNow).body.size(), 20000u) << format;
  }
  // What fits goes whole, unnumbered.
  const auto one = robot_parts(wecom, message());
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].parts, 0);
  EXPECT_EQ(robot_markdown(one[0]), robot_markdown(message()));
}

// A line longer than a message is cut, but never inside a UTF-8 character.
TEST(Robots, ALineTooLongForOneMessageIsCutBetweenCharacters) {
  RobotMessage m;
  m.title = "逾期";
  std::string words = "【逾期】";
  for (int i = 0; i < 3000; ++i) words += i % 7 ? "游" : "a";  // 3 bytes, or 1: cuts fall anywhere
  m.texts = {words};
  Contact wecom;
  wecom.format = "wecom";
  const auto parts = robot_parts(wecom, m);
  ASSERT_GE(parts.size(), 2u);
  std::string joined;
  for (const auto& p : parts) {
    EXPECT_LE(robot_markdown(p).size(), kWeComMarkdownLimit);
    for (const auto& t : p.texts) {
      ASSERT_FALSE(t.empty());
      EXPECT_NE(static_cast<unsigned char>(t[0]) & 0xC0, 0x80) << "starts inside a character";
      joined += t;
    }
  }
  EXPECT_EQ(joined, words) << "nothing lost or doubled";
}

TEST(Robots, ABundlesKeyIsAHashOfItsRows) {
  const std::string key = bundle_key({"K1|a\nunit", "K2|b\nunit"});
  EXPECT_EQ(key.rfind("bundle-", 0), 0u);
  EXPECT_EQ(key.size(), 7u + 32u);
  EXPECT_EQ(key.find_first_not_of("0123456789abcdef", 7), std::string::npos);
  EXPECT_EQ(bundle_key({"K2|b\nunit", "K1|a\nunit"}), key) << "the same rows in another order";
  EXPECT_NE(bundle_key({"K1|a\nunit"}), key);
  EXPECT_NE(bundle_key({"K1|a\nunit", "K2|b\nother"}), key);
}

// Header values are ASCII: a Chinese name is percent-encoded, and reads back.
TEST(WebhookHeaders, ValuesArePercentEncodedToAscii) {
  const std::string key = "test|游埠镇群|2026-06-30 10:00";
  const std::string sent = server::ascii_header_value(key);
  for (char c : sent)
    EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F)
        << sent;
  EXPECT_EQ(sent.rfind("test|%E6%B8%B8", 0), 0u) << sent;
  EXPECT_EQ(url_decode(sent), key);
  EXPECT_EQ(server::ascii_header_value("Y1|pre_review|2026-07-28|before-7"),
            "Y1|pre_review|2026-07-28|before-7");
  EXPECT_EQ(server::ascii_header_value("a%b\r\nX: y"), "a%25b%0D%0AX: y") << "no header injection";
}

}  // namespace
}  // namespace luodi
