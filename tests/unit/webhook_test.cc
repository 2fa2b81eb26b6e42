// Webhook URLs: what a contact's channel may name, and where a call goes.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "luodi/notify.h"
#include "notify/robots.h"
#include "server/send_window.h"

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
  for (const char* url : {"ftp://example.cn/x", "example.cn/x", "https://", "https:///x", "http://host:/x",
                          "http://host:0/x", "http://host:65536/x", "http://host:8a/x", "http://user:pw@host/x",
                          "http://::1/x", "http://host/a b", "http://host/a\nb"})
    EXPECT_FALSE(parse_webhook_url(url)) << url;
}

// Signatures as DingTalk and Feishu compute them (the values from Python's
// hmac and base64 modules, the robots' own documented recipe).
TEST(Robots, SignaturesAreTheRobotsOwn) {
  EXPECT_EQ(dingtalk_signature("SEC0123456789abcdef", 1782867600000), "Fi6Td04kgNPndHKP35yFPSXgLFQYNdXTuXnWt+eJUBQ=");
  EXPECT_EQ(feishu_signature("SEC0123456789abcdef", 1782867600), "2Wzb6UHjvQzUDQw8+cxd8R+qR5SZ+spiNJ3o0v4pqtQ=");
}

RobotMessage message() {
  RobotMessage m;
  m.title = robot_title("【逾期】Y1 游埠项目（游埠镇） 已逾期 3 天。");
  m.texts = {"【逾期】Y1 游埠项目（游埠镇） 已逾期 3 天。"};
  m.lines = {{"Y1", "游埠项目", "游埠镇", "预审", "红灯", Date::parse("2026-07-28"), 3, "https://luodi.example/#/projects/Y1"}};
  return m;
}

const Timestamp kNow{std::chrono::seconds(1782867600)};

TEST(Robots, ADingTalkCallIsMarkdownSignedInItsUrlAndMentions) {
  Contact c;
  c.format = "dingtalk";
  c.secret = "SEC0123456789abcdef";
  c.mentions = {"13800000000"};
  const RobotCall call = robot_call(c, "https://oapi.dingtalk.com/robot/send?access_token=t", message(), kNow);
  EXPECT_EQ(call.url,
            "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1782867600000"
            "&sign=Fi6Td04kgNPndHKP35yFPSXgLFQYNdXTuXnWt%2BeJUBQ%3D");
  const auto body = boost::json::parse(call.body);
  EXPECT_EQ(body.at("msgtype"), "markdown");
  EXPECT_EQ(body.at("markdown").at("title"), "逾期");
  const std::string text(body.at("markdown").at("text").as_string());
  for (const char* part : {"### 逾期", "**Y1 游埠项目**（游埠镇）预审", "红灯", "应于 2026-07-28", "逾期 3 天",
                           "[查看](https://luodi.example/#/projects/Y1)", "@13800000000"})
    EXPECT_NE(text.find(part), std::string::npos) << part << " in " << text;
  EXPECT_EQ(body.at("at").at("atMobiles").as_array().size(), 1u);
  EXPECT_EQ(call.body.find("SEC0123"), std::string::npos) << "the secret is never sent";
}

TEST(Robots, AFeishuCallIsACardSignedInItsBody) {
  Contact c;
  c.format = "feishu";
  c.secret = "SEC0123456789abcdef";
  const RobotCall call = robot_call(c, "https://open.feishu.cn/open-apis/bot/v2/hook/h", message(), kNow);
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
  auto body = boost::json::parse(robot_call(c, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", message(), kNow).body);
  EXPECT_EQ(body.at("msgtype"), "markdown");
  c.mentions = {"13800000000"};
  body = boost::json::parse(robot_call(c, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", message(), kNow).body);
  EXPECT_EQ(body.at("msgtype"), "text");
  EXPECT_EQ(body.at("text").at("mentioned_mobile_list").as_array().size(), 1u);
}

TEST(Robots, OnlyCodeZeroIsAcceptedAndWhatRetryingCannotMendIsPermanent) {
  EXPECT_TRUE(robot_verdict("dingtalk", 200, R"({"errcode":0,"errmsg":"ok"})").accepted);
  EXPECT_TRUE(robot_verdict("feishu", 200, R"({"code":0,"msg":"success"})").accepted);
  EXPECT_TRUE(robot_verdict("feishu", 200, R"({"StatusCode":0,"StatusMessage":"success"})").accepted);
  EXPECT_TRUE(robot_verdict("json", 204, "").accepted) << "a plain webhook: 2xx";

  auto too_many = robot_verdict("dingtalk", 200, R"({"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"})");
  EXPECT_FALSE(too_many.accepted);
  EXPECT_FALSE(too_many.permanent);
  EXPECT_NE(too_many.error.find("send too fast"), std::string::npos) << too_many.error;

  auto token = robot_verdict("dingtalk", 200, R"({"errcode":300001,"errmsg":"token is not exist"})");
  EXPECT_TRUE(token.permanent);
  EXPECT_NE(token.error.find("token is not exist"), std::string::npos);
  EXPECT_TRUE(robot_verdict("wecom", 200, R"({"errcode":93000,"errmsg":"invalid webhook url"})").permanent);
  EXPECT_TRUE(robot_verdict("dingtalk", 200, R"({"errcode":310000,"errmsg":"keywords not in content"})").permanent);

  auto sign = robot_verdict("dingtalk", 200, R"({"errcode":310000,"errmsg":"sign not match"})");
  EXPECT_TRUE(sign.signature_refused);
  EXPECT_FALSE(sign.permanent) << "a fresh signature may pass";
  EXPECT_TRUE(robot_verdict("feishu", 200, R"({"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"})")
                  .signature_refused);

  EXPECT_FALSE(robot_verdict("wecom", 200, "<html>busy</html>").accepted) << "a 200 without the robot's code";
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
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(w.take("robot-a", 3, t0 + std::chrono::seconds(i), turn)) << i;
  EXPECT_FALSE(w.take("robot-a", 3, t0 + std::chrono::seconds(10), turn));
  EXPECT_EQ(turn, t0 + std::chrono::seconds(60)) << "when the first leaves the window";
  EXPECT_TRUE(w.take("robot-b", 3, t0 + std::chrono::seconds(10), turn)) << "another robot has its own turns";
  EXPECT_FALSE(w.take("robot-a", 3, t0 + std::chrono::seconds(59), turn));
  EXPECT_TRUE(w.take("robot-a", 3, t0 + std::chrono::seconds(60), turn));
  EXPECT_FALSE(w.take("robot-a", 3, t0 + std::chrono::seconds(60), turn));
  EXPECT_EQ(turn, t0 + std::chrono::seconds(61));
  EXPECT_FALSE(w.take("robot-a", 1, t0 + std::chrono::seconds(100), turn)) << "a lower rate waits longer";
  EXPECT_EQ(turn, t0 + std::chrono::seconds(120));
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(w.take("plain", 0, t0, turn)) << "0: no limit";
}

}  // namespace
}  // namespace luodi
