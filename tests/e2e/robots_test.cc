// End-to-end: reminders reach group robots over HTTPS. The real `luodi
// serve`, a real SQLite file, and a local HTTPS receiver whose certificate a
// CA made at test time signs (for the name "localhost" only).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "support/server_process.h"
#include "support/test_ca.h"
#include "support/test_database.h"
#include "support/test_support.h"
#include "support/webhook_receiver.h"

namespace luodi {
namespace {

using testing::run_luodi;
using testing::ServerProcess;
using testing::TempDir;

// Y1 (pre_review since 06-01, 40 working days) is due 2026-07-28: on 07-21 at
// 09:30 its before-7 reminder is due.
constexpr const char* kReminderDue = "2026-07-21T09:30";
constexpr const char* kReminderKey = "Y1|pre_review|2026-07-28|before-7";

class RobotsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(dir_.file("none"));
    ASSERT_EQ(cli({"init", "--campaigns", dir_.file("none"), "--workflow",
                   testing::write_workflow_without_digests(dir_.file("workflow.yaml"), false)})
                  .exit_code,
              0);
    ASSERT_EQ(cli({"add", "Y1", "--name", "游埠项目", "--unit", "游埠镇", "--leader", "王建国",
                   "--stage", "pre_review", "--stage-since", "2026-06-01"})
                  .exit_code,
              0);
  }

  testing::RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_luodi(args, {{"LUODI_NOW", "2026-06-30T10:00"}});
  }
  boost::json::array outbox(std::vector<std::string> args = {}) {
    args.insert(args.begin(), "outbox");
    args.push_back("--json");
    auto v = boost::json::parse(cli(std::move(args)).out);
    return v.is_array() ? std::move(v.get_array()) : boost::json::array();
  }
  void add_robot(const std::string& url) {
    auto r = cli({"contact", "add", "游埠镇机器人", "--role", "unit", "--unit", "游埠镇",
                  "--channel", "webhook:" + url});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // True once no webhook row waits in the outbox: each one's outcome is
  // recorded (sent, failed), so nothing more goes to the robot (the
  // observable event before checking that nothing more arrived).
  bool settled() {
    for (const auto& row : outbox({}))
      if (row.at("channel").as_string().starts_with("webhook:") &&
          row.at("state").as_string() == "pending")
        return false;
    return true;
  }
  // Waits until `done` holds (or ten seconds pass).
  template <typename Done>
  static void wait_for(Done done) {
    for (int i = 0; i < 200 && !done(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
  testing::TestCa ca_ = testing::make_test_ca(dir_.file("ca"));
  testing::TestCa other_ca_ = testing::make_test_ca(dir_.file("other-ca"));
};

// Trusted through LUODI_CA_FILE: delivered once, and a restart repeats nothing.
TEST_F(RobotsTest, AnHttpsRobotTrustedByAPrivateCaGetsEachReminderOnce) {
  testing::WebhookReceiver robot(1, ca_);  // refuses its first call
  add_robot("https://localhost:" + std::to_string(robot.port()) + "/robot/send?access_token=t1");
  for (int run = 0; run < 2; ++run) {
    ServerProcess server(db_, {"--retry-first-ms", "100"},
                         {{"LUODI_NOW", kReminderDue}, {"LUODI_CA_FILE", ca_.ca_file}});
    wait_for([&] { return robot.successes() >= 1; });
    wait_for([&] { return settled(); });
    EXPECT_EQ(server.stop(), 0);
    EXPECT_EQ(robot.successes(), 1) << server.log();
  }
  const auto calls = robot.calls();
  ASSERT_EQ(calls.size(), 2u);
  for (const auto& c : calls) EXPECT_EQ(c.idempotency_key, kReminderKey);
  EXPECT_EQ(robot.failed_handshakes(), 0);
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("state"), "sent");
  EXPECT_EQ(rows[0].at("attempts").to_number<int>(), 2);
}

// A receiver whose certificate no trusted CA signed is never sent the
// reminder; the outbox says why.
TEST_F(RobotsTest, ACertificateFromAnUntrustedCaIsRefusedAndReported) {
  testing::WebhookReceiver robot(0, ca_);
  add_robot("https://localhost:" + std::to_string(robot.port()) + "/robot/send");
  ServerProcess server(
      db_, {"--retry-first-ms", "100", "--max-attempts", "2", "--ca-file", other_ca_.ca_file},
      {{"LUODI_NOW", kReminderDue}});
  wait_for([&] { return robot.failed_handshakes() >= 2; });
  wait_for([&] { return !outbox({"--failed"}).empty(); });  // given up: nothing more goes
  EXPECT_EQ(server.stop(), 0);
  EXPECT_TRUE(robot.calls().empty()) << "nothing is sent to an untrusted receiver";
  const auto failed = outbox({"--failed"});
  ASSERT_EQ(failed.size(), 1u) << server.log();
  const std::string error(failed[0].at("last_error").as_string());
  EXPECT_NE(error.find("certificate"), std::string::npos) << error;
  EXPECT_NE(error.find("not trusted"), std::string::npos) << error;
}

// A trusted certificate for another name (it names "localhost", the URL
// 127.0.0.1) is refused too.
TEST_F(RobotsTest, ACertificateForAnotherNameIsRefused) {
  testing::WebhookReceiver robot(0, ca_);
  add_robot("https://127.0.0.1:" + std::to_string(robot.port()) + "/robot/send");
  ServerProcess server(db_,
                       {"--retry-first-ms", "100", "--max-attempts", "1", "--ca-file", ca_.ca_file},
                       {{"LUODI_NOW", kReminderDue}});
  wait_for([&] { return robot.failed_handshakes() >= 1; });
  wait_for([&] { return !outbox({"--failed"}).empty(); });  // given up: nothing more goes
  EXPECT_EQ(server.stop(), 0);
  EXPECT_TRUE(robot.calls().empty());
  const auto failed = outbox({"--failed"});
  ASSERT_EQ(failed.size(), 1u) << server.log();
  const std::string error(failed[0].at("last_error").as_string());
  EXPECT_NE(error.find("127.0.0.1"), std::string::npos) << error;
  EXPECT_NE(error.find("not trusted"), std::string::npos) << error;
}

constexpr const char* kSecret = "SECtest0123456789secret";
// 2026-07-21T09:30 in Shanghai: the server's clock (--now) in these tests.
// The robots' own clock is the wall clock (0 in RobotRules): luodi signs with it.
constexpr std::int64_t kRobotNow = 1784597400;
std::int64_t wall_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A DingTalk robot with 加签: every call signed with the contact's secret;
// "too fast" pauses the robot (here for the contact's 2 s) without counting
// an attempt, and the reminder is taken once.
TEST_F(RobotsTest, ASigningDingTalkRobotTakesEachReminderOnceAndTheSecretIsNeverShown) {
  testing::WebhookReceiver robot(
      ca_, {"dingtalk", kSecret, 0, 1, 130101, "send too fast, exceed 20 times per minute"});
  auto r = cli(
      {"contact", "add", "游埠镇群", "--role", "unit", "--unit", "游埠镇", "--channel",
       "webhook:https://localhost:" + std::to_string(robot.port()) + "/robot/send?access_token=t1",
       "--format", "dingtalk", "--secret", kSecret, "--at", "13800000000", "--pause", "2s"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string log;
  {
    ServerProcess server(db_, {"--retry-first-ms", "100", "--public-url", "https://luodi.example/"},
                         {{"LUODI_NOW", kReminderDue}, {"LUODI_CA_FILE", ca_.ca_file}});
    wait_for([&] { return robot.successes() >= 1; });
    wait_for([&] { return settled(); });
    EXPECT_EQ(server.stop(), 0);
    log = server.log();
  }
  const auto calls = robot.calls();
  ASSERT_EQ(calls.size(), 2u) << log;
  EXPECT_FALSE(calls[0].accepted);
  EXPECT_TRUE(calls[1].accepted);
  EXPECT_GE(calls[1].at - calls[0].at, std::chrono::milliseconds(1900))
      << "tried again only after the pause";
  EXPECT_NE(log.find("refused a message as too many"), std::string::npos) << log;
  EXPECT_NE(log.find("paused for 2 s"), std::string::npos) << log;
  EXPECT_NE(calls[1].target.find("access_token=t1&timestamp="), std::string::npos)
      << calls[1].target;
  const auto body = boost::json::parse(calls[1].body);
  const std::string text(body.at("markdown").at("text").as_string());
  EXPECT_NE(text.find("**Y1 游埠项目**（游埠镇）"), std::string::npos) << text;
  EXPECT_NE(text.find("[查看](https://luodi.example/#/project/Y1)"), std::string::npos) << text;
  EXPECT_NE(text.find("@13800000000"), std::string::npos) << text;
  // The project's light as the standing function says on the day, in words.
  auto shown = run_luodi({"--db", db_, "show", "Y1", "--json"}, {{"LUODI_NOW", kReminderDue}});
  const std::string light(boost::json::parse(shown.out).at("light").as_string());
  const std::map<std::string, std::string> words = {
      {"red", "红灯"}, {"yellow", "黄灯"}, {"green", "绿灯"}};
  ASSERT_TRUE(words.count(light)) << light;
  EXPECT_NE(text.find("（游埠镇）预审 · " + words.at(light)), std::string::npos) << text;
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("state"), "sent");
  EXPECT_EQ(rows[0].at("attempts").to_number<int>(), 1) << "the throttle refusal is not an attempt";
  EXPECT_EQ(rows[0].at("permanent"), false);

  // The secret: stored, never shown.
  auto listed = cli({"contact", "list"});
  EXPECT_NE(listed.out.find("set"), std::string::npos) << listed.out;
  auto listed_json = cli({"contact", "list", "--json"});
  EXPECT_EQ(boost::json::parse(listed_json.out).at(0).at("secret"), "set");
  for (const std::string& shown :
       {listed.out, listed.err, listed_json.out, cli({"outbox", "--json"}).out, log})
    EXPECT_EQ(shown.find(kSecret), std::string::npos) << shown;
  for (const auto& c : calls) EXPECT_EQ(c.body.find(kSecret), std::string::npos);
}

// A robot that refuses the signature is asked once more with a fresh one;
// refused again, the reminder fails for good, with the robot's words.
TEST_F(RobotsTest, ASignatureRefusedTwiceFailsAtOnceWithTheRobotsWords) {
  testing::WebhookReceiver robot(ca_, {"feishu", kSecret, 0, 0, 0, ""});
  auto r =
      cli({"contact", "add", "游埠镇群", "--role", "unit", "--unit", "游埠镇", "--channel",
           "webhook:https://localhost:" + std::to_string(robot.port()) + "/open-apis/bot/v2/hook/h",
           "--format", "feishu", "--secret", "not-the-robots-secret"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ServerProcess server(db_, {"--retry-first-ms", "100"},
                       {{"LUODI_NOW", kReminderDue}, {"LUODI_CA_FILE", ca_.ca_file}});
  wait_for([&] { return !outbox({"--failed"}).empty(); });  // given up: nothing more goes
  EXPECT_EQ(server.stop(), 0);
  EXPECT_EQ(robot.calls().size(), 2u) << "the first try and one fresh signature";
  EXPECT_EQ(robot.successes(), 0);
  const auto failed = outbox({"--failed"});
  ASSERT_EQ(failed.size(), 1u) << server.log();
  EXPECT_EQ(failed[0].at("permanent"), true);
  EXPECT_EQ(failed[0].at("attempts").to_number<int>(), 1);
  EXPECT_NE(std::string(failed[0].at("last_error").as_string()).find("sign match fail"),
            std::string::npos)
      << failed[0].at("last_error");
}

// A signature made by a clock more than an hour off the robot's is refused
// like a wrong one: signed afresh once, then failed for good, saying so.
TEST_F(RobotsTest, ASignatureOutsideTheRobotsHourIsRefused) {
  testing::WebhookReceiver robot(ca_, {"dingtalk", kSecret, wall_seconds() + 3 * 3600, 0, 0, ""});
  ASSERT_EQ(cli({"contact", "add", "游埠镇群", "--role", "unit", "--unit", "游埠镇", "--channel",
                 "webhook:https://localhost:" + std::to_string(robot.port()) +
                     "/robot/send?access_token=t1",
                 "--format", "dingtalk", "--secret", kSecret})
                .exit_code,
            0);
  ServerProcess server(db_, {"--retry-first-ms", "100"},
                       {{"LUODI_NOW", kReminderDue}, {"LUODI_CA_FILE", ca_.ca_file}});
  wait_for([&] { return !outbox({"--failed"}).empty(); });
  EXPECT_EQ(server.stop(), 0);
  EXPECT_EQ(robot.calls().size(), 2u);
  const auto failed = outbox({"--failed"});
  ASSERT_EQ(failed.size(), 1u) << server.log();
  EXPECT_EQ(failed[0].at("permanent"), true);
  EXPECT_NE(std::string(failed[0].at("last_error").as_string()).find("timestamp"),
            std::string::npos)
      << failed[0].at("last_error");
}

// An unknown token is not tried again.
TEST_F(RobotsTest, AnUnknownTokenFailsAtOnce) {
  testing::WebhookReceiver robot(ca_,
                                 {"dingtalk", "", kRobotNow, 100, 300001, "token is not exist"});
  ASSERT_EQ(
      cli({"contact", "add", "游埠镇机器人", "--role", "unit", "--unit", "游埠镇", "--channel",
           "webhook:https://localhost:" + std::to_string(robot.port()) +
               "/robot/send?access_token=gone",
           "--format", "dingtalk"})
          .exit_code,
      0);
  ServerProcess server(db_, {"--retry-first-ms", "100"},
                       {{"LUODI_NOW", kReminderDue}, {"LUODI_CA_FILE", ca_.ca_file}});
  wait_for([&] { return !outbox({"--failed"}).empty(); });  // given up: nothing more goes
  EXPECT_EQ(server.stop(), 0);
  EXPECT_EQ(robot.calls().size(), 1u);
  const auto failed = outbox({"--failed"});
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].at("permanent"), true);
  EXPECT_NE(std::string(failed[0].at("last_error").as_string()).find("token is not exist"),
            std::string::npos);
}

// Under --now (a demo's 2026-07-31) a signature still carries today: the
// robot, whose clock is the wall clock, takes it.
TEST_F(RobotsTest, SignaturesCarryTheWallClockUnderNow) {
  testing::WebhookReceiver robot(ca_, {"dingtalk", kSecret, 0, 0, 0, ""});
  ASSERT_EQ(cli({"contact", "add", "游埠镇群", "--role", "unit", "--unit", "游埠镇", "--channel",
                 "webhook:https://localhost:" + std::to_string(robot.port()) +
                     "/robot/send?access_token=t1",
                 "--format", "dingtalk", "--secret", kSecret})
                .exit_code,
            0);
  ServerProcess server(db_, {},
                       {{"LUODI_NOW", "2026-07-31T09:30"}, {"LUODI_CA_FILE", ca_.ca_file}});
  wait_for([&] { return !robot.calls().empty(); });
  const auto before_stop = wall_seconds();
  EXPECT_EQ(server.stop(), 0);
  const auto calls = robot.calls();
  ASSERT_FALSE(calls.empty()) << server.log();
  EXPECT_TRUE(calls[0].accepted) << calls[0].target << "\n" << server.log();
  const auto at = calls[0].target.find("&timestamp=");
  ASSERT_NE(at, std::string::npos) << calls[0].target;
  const std::int64_t signed_ms = std::stoll(calls[0].target.substr(at + 11));
  EXPECT_LE(std::llabs(signed_ms / 1000 - before_stop), 60)
      << "signed within a minute of the real time";
}

// `contact test` sends now and says what the receiver answered; its
// Idempotency-Key (the contact's Chinese name in it) goes as ASCII.
TEST_F(RobotsTest, ContactTestSendsNowAndPrintsTheAnswer) {
  testing::WebhookReceiver robot(ca_, {"dingtalk", kSecret, 0, 0, 0, ""});
  ASSERT_EQ(cli({"contact", "add", "游埠镇群", "--role", "unit", "--unit", "游埠镇", "--channel",
                 "webhook:https://localhost:" + std::to_string(robot.port()) +
                     "/robot/send?access_token=t1",
                 "--format", "dingtalk", "--secret", kSecret})
                .exit_code,
            0);
  auto ok = run_luodi({"--db", db_, "contact", "test", "游埠镇群"},
                      {{"LUODI_NOW", "2026-06-30T10:00"}, {"LUODI_CA_FILE", ca_.ca_file}});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("HTTP 200"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("\"errcode\":0"), std::string::npos) << ok.out;
  ASSERT_EQ(robot.successes(), 1);
  EXPECT_NE(robot.calls()[0].body.find("测试消息"), std::string::npos);
  const std::string key = robot.calls()[0].idempotency_key;
  for (char c : key)
    EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F)
        << key;
  EXPECT_EQ(key.rfind("test|%E6%B8%B8%E5%9F%A0%E9%95%87%E7%BE%A4|", 0), 0u) << key;

  auto untrusted =
      run_luodi({"--db", db_, "contact", "test", "游埠镇群"},
                {{"LUODI_NOW", "2026-06-30T10:00"}, {"LUODI_CA_FILE", other_ca_.ca_file}});
  EXPECT_EQ(untrusted.exit_code, 1);
  EXPECT_NE(untrusted.err.find("certificate"), std::string::npos) << untrusted.err;
  EXPECT_EQ(robot.calls().size(), 1u);
  EXPECT_EQ(cli({"contact", "test", "nobody"}).exit_code, 2);
}

// Reminders to one recipient of one rule and day go as one message listing
// the projects; each keeps its own row in the outbox.
TEST_F(RobotsTest, OneRecipientsRemindersOfARuleAndDayGoAsOneMessage) {
  ASSERT_EQ(cli({"add", "Y2", "--name", "游埠二期", "--unit", "游埠镇", "--stage", "pre_review",
                 "--stage-since", "2026-06-01"})
                .exit_code,
            0);
  testing::WebhookReceiver robot(ca_, {"wecom", "", kRobotNow, 0, 0, ""});
  ASSERT_EQ(cli({"contact", "add", "游埠镇群", "--role", "unit", "--unit", "游埠镇", "--channel",
                 "webhook:https://localhost:" + std::to_string(robot.port()) +
                     "/cgi-bin/webhook/send?key=k",
                 "--format", "wecom"})
                .exit_code,
            0);
  ServerProcess server(db_, {}, {{"LUODI_NOW", kReminderDue}, {"LUODI_CA_FILE", ca_.ca_file}});
  wait_for([&] { return robot.successes() >= 1; });
  wait_for([&] { return settled(); });
  EXPECT_EQ(server.stop(), 0);
  const auto calls = robot.calls();
  ASSERT_EQ(calls.size(), 1u) << server.log();
  const std::string text(
      boost::json::parse(calls[0].body).at("markdown").at("content").as_string());
  EXPECT_NE(text.find("2 个项目"), std::string::npos) << text;
  EXPECT_NE(text.find("**Y1 游埠项目**"), std::string::npos) << text;
  EXPECT_NE(text.find("**Y2 游埠二期**"), std::string::npos) << text;
  EXPECT_EQ(calls[0].idempotency_key.rfind("bundle-", 0), 0u)
      << "a key for the list: " << calls[0].idempotency_key;
  EXPECT_EQ(calls[0].idempotency_key.size(), 39u) << calls[0].idempotency_key;
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("state"), "sent");
    EXPECT_EQ(row.at("attempts").to_number<int>(), 1);
  }
}

// 25 recipients share one robot that takes 20 messages a window (3 s here,
// a minute for the real ones): 19 go at once (luodi keeps a margin: 19 in
// 3.05 s here, in 61 s by default), the rest wait their turn, none is
// refused, and a restart in between repeats nothing.
TEST_F(RobotsTest, ARobotsRateIsKeptAcrossItsContactsAndARestart) {
  testing::RobotRules rules{"dingtalk", "", kRobotNow, 0, 0, ""};
  rules.per_window = 20;
  rules.window = std::chrono::milliseconds(3000);
  testing::WebhookReceiver robot(ca_, rules);
  const std::string url = "webhook:https://localhost:" + std::to_string(robot.port()) +
                          "/robot/send?access_token=shared";
  for (int i = 0; i < 25; ++i)
    ASSERT_EQ(cli({"contact", "add", "游埠镇群" + std::to_string(i), "--role", "unit", "--unit",
                   "游埠镇", "--channel", url, "--format", "dingtalk"})
                  .exit_code,
              0);
  const std::vector<std::string> flags = {"--rate-window-ms", "3050"};
  const std::map<std::string, std::string> env = {{"LUODI_NOW", kReminderDue},
                                                  {"LUODI_CA_FILE", ca_.ca_file}};
  {
    ServerProcess first(db_, flags, env);
    wait_for([&] { return robot.successes() >= 19; });
    EXPECT_EQ(first.stop(), 0) << "stopped while six wait their turn";
  }
  const int before_restart = robot.successes();
  EXPECT_GE(before_restart, 19);
  {
    ServerProcess second(db_, flags, env);
    wait_for([&] { return robot.successes() >= 25; });
    wait_for([&] { return settled(); });
    EXPECT_EQ(second.stop(), 0);
  }
  const auto calls = robot.calls();
  EXPECT_EQ(robot.successes(), 25);
  EXPECT_EQ(calls.size(), 25u) << "none refused, none repeated";
  for (std::size_t i = 0; i + 19 < calls.size(); ++i)
    EXPECT_GE(calls[i + 19].at - calls[i].at, std::chrono::milliseconds(2900))
        << "20 within one window at " << i;
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 25u);
  for (const auto& row : rows) EXPECT_EQ(row.at("state"), "sent") << row;
}

// Feishu takes at most 5 messages a second besides its minute: 12 contacts
// on one Feishu robot get theirs at most 4 in any 1.1 s, none refused.
TEST_F(RobotsTest, AFeishuRobotGetsAtMostFourInAnySecond) {
  testing::RobotRules rules{"feishu", "", 0, 0, 0, ""};
  rules.per_window = 5;
  rules.window = std::chrono::milliseconds(1000);
  testing::WebhookReceiver robot(ca_, rules);
  const std::string url =
      "webhook:https://localhost:" + std::to_string(robot.port()) + "/open-apis/bot/v2/hook/shared";
  for (int i = 0; i < 12; ++i)
    ASSERT_EQ(cli({"contact", "add", "游埠镇群" + std::to_string(i), "--role", "unit", "--unit",
                   "游埠镇", "--channel", url, "--format", "feishu", "--rate", "600/min"})
                  .exit_code,
              0);
  ServerProcess server(db_, {}, {{"LUODI_NOW", kReminderDue}, {"LUODI_CA_FILE", ca_.ca_file}});
  wait_for([&] { return robot.calls().size() >= 12; });
  EXPECT_EQ(server.stop(), 0);
  const auto calls = robot.calls();
  ASSERT_EQ(calls.size(), 12u) << server.log();
  for (const auto& c : calls) EXPECT_TRUE(c.accepted) << c.body;
  for (std::size_t i = 0; i + 4 < calls.size(); ++i)
    EXPECT_GE(calls[i + 4].at - calls[i].at, std::chrono::milliseconds(1000)) << i;
}

// A robot's settings are checked when the contact is added, from the CLI and
// from a directory file alike; nothing is saved from a refused one.
TEST_F(RobotsTest, RobotSettingsAreCheckedAndImported) {
  const std::vector<std::string> base = {
      "contact", "add",       "群",
      "--role",  "unit",      "--unit",
      "游埠镇",  "--channel", "webhook:https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"};
  auto with = [&](std::vector<std::string> extra) {
    auto args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return cli(args);
  };
  for (const auto& bad :
       std::vector<std::vector<std::string>>{{"--format", "wecom", "--secret", "s"},
                                             {"--format", "feishu", "--at", "13800000000"},
                                             {"--format", "dingtalk", "--at", "someone"},
                                             {"--format", "dingtalk", "--rate", "0/min"},
                                             {"--format", "dingtalk", "--rate", "fast"},
                                             {"--format", "dingtalk", "--window", "0s"},
                                             {"--format", "dingtalk", "--window", "2d"},
                                             {"--format", "dingtalk", "--pause", "soon"},
                                             {"--format", "slack"}}) {
    auto r = with(bad);
    EXPECT_EQ(r.exit_code, 2) << bad[1] << " " << bad.back() << ": " << r.err;
  }
  EXPECT_EQ(cli({"contact", "list", "--json"}).out, "[]\n");
  auto ok =
      with({"--format", "wecom", "--at", "13800000000", "--at", "13900000000", "--rate", "10/min"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  auto listed = boost::json::parse(cli({"contact", "list", "--json"}).out).at(0);
  EXPECT_EQ(listed.at("at").as_array().size(), 2u);
  EXPECT_EQ(listed.at("rate_per_min").to_number<int>(), 10);
  EXPECT_EQ(listed.at("rate_window_ms").to_number<int>(), 61000) << "the default window";
  EXPECT_EQ(listed.at("throttle_pause_ms").to_number<int>(), 60000) << "WeCom's minute";
  ASSERT_EQ(with({"--format", "dingtalk", "--window", "65s", "--pause", "15m"}).exit_code, 0);
  listed = boost::json::parse(cli({"contact", "list", "--json"}).out).at(0);
  EXPECT_EQ(listed.at("rate_per_min").to_number<int>(), 19) << "the default rate";
  EXPECT_EQ(listed.at("rate_window_ms").to_number<int>(), 65000);
  EXPECT_EQ(listed.at("throttle_pause_ms").to_number<int>(), 900000);
  EXPECT_EQ(listed.at("secret"), "");

  const std::string file = dir_.file("directory.yaml");
  std::ofstream(file) << "contacts:\n"
                         "  - name: 督查群\n    role: supervisor\n    channel: "
                         "webhook:https://open.feishu.cn/open-apis/bot/v2/hook/h\n"
                         "    format: feishu\n    secret: "
                      << kSecret
                      << "\n    rate: 15/min\n"
                         "    window: 62s\n    pause: 2m\n";
  auto imported = cli({"contact", "import", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto all = boost::json::parse(cli({"contact", "list", "--json"}).out).as_array();
  ASSERT_EQ(all.size(), 2u);
  bool found = false;
  for (const auto& c : all)
    if (c.at("name") == "督查群") {
      found = true;
      EXPECT_EQ(c.at("secret"), "set");
      EXPECT_EQ(c.at("rate_per_min").to_number<int>(), 15);
      EXPECT_EQ(c.at("rate_window_ms").to_number<int>(), 62000);
      EXPECT_EQ(c.at("throttle_pause_ms").to_number<int>(), 120000);
    }
  EXPECT_TRUE(found);
  std::ofstream(file)
      << "contacts:\n  - name: x\n    role: unit\n    unit: u\n    format: wecom\n    secret: s\n";
  auto refused = cli({"contact", "import", file});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("directory.yaml:2:"), std::string::npos) << refused.err;
  std::ofstream(file) << "contacts:\n  - name: y\n    role: unit\n    unit: u\n    format: "
                         "dingtalk\n    window: 0.5s\n";
  refused = cli({"contact", "import", file});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("window must be"), std::string::npos) << refused.err;
}

// A CA file that cannot be read stops the server at start, saying which file.
TEST_F(RobotsTest, AnUnreadableCaFileIsBadInput) {
  auto r = run_luodi(
      {"--db", db_, "serve", "--listen", "127.0.0.1:0", "--ca-file", dir_.file("missing.pem")},
      {{"LUODI_NOW", kReminderDue}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.pem"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace luodi
