// End-to-end: reminders reach group robots over HTTPS. The real `luodi
// serve`, a real SQLite file, and a local HTTPS receiver whose certificate a
// CA made at test time signs (for the name "localhost" only).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "support/server_process.h"
#include "support/test_ca.h"
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
    ASSERT_EQ(cli({"add", "Y1", "--name", "游埠项目", "--unit", "游埠镇", "--leader", "王建国", "--stage",
                   "pre_review", "--stage-since", "2026-06-01"})
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
    auto r = cli({"contact", "add", "游埠镇机器人", "--role", "unit", "--unit", "游埠镇", "--channel", "webhook:" + url});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // Waits until `done` holds (or ten seconds pass).
  template <typename Done>
  static void wait_for(Done done) {
    for (int i = 0; i < 200 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  TempDir dir_;
  std::string db_ = dir_.file("city.db");
  testing::TestCa ca_ = testing::make_test_ca(dir_.file("ca"));
  testing::TestCa other_ca_ = testing::make_test_ca(dir_.file("other-ca"));
};

// Trusted through LUODI_CA_FILE: delivered once, and a restart repeats nothing.
TEST_F(RobotsTest, AnHttpsRobotTrustedByAPrivateCaGetsEachReminderOnce) {
  testing::WebhookReceiver robot(1, ca_);  // refuses its first call
  add_robot("https://localhost:" + std::to_string(robot.port()) + "/robot/send?access_token=t1");
  for (int run = 0; run < 2; ++run) {
    ServerProcess server(db_, {"--retry-first-ms", "100"}, {{"LUODI_NOW", kReminderDue}, {"LUODI_CA_FILE", ca_.ca_file}});
    wait_for([&] { return robot.successes() >= 1; });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
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
  ServerProcess server(db_, {"--retry-first-ms", "100", "--max-attempts", "2", "--ca-file", other_ca_.ca_file},
                       {{"LUODI_NOW", kReminderDue}});
  wait_for([&] { return robot.failed_handshakes() >= 2; });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
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
  ServerProcess server(db_, {"--retry-first-ms", "100", "--max-attempts", "1", "--ca-file", ca_.ca_file},
                       {{"LUODI_NOW", kReminderDue}});
  wait_for([&] { return robot.failed_handshakes() >= 1; });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(server.stop(), 0);
  EXPECT_TRUE(robot.calls().empty());
  const auto failed = outbox({"--failed"});
  ASSERT_EQ(failed.size(), 1u) << server.log();
  const std::string error(failed[0].at("last_error").as_string());
  EXPECT_NE(error.find("127.0.0.1"), std::string::npos) << error;
  EXPECT_NE(error.find("not trusted"), std::string::npos) << error;
}

// A CA file that cannot be read stops the server at start, saying which file.
TEST_F(RobotsTest, AnUnreadableCaFileIsBadInput) {
  auto r = run_luodi({"--db", db_, "serve", "--listen", "127.0.0.1:0", "--ca-file", dir_.file("missing.pem")},
                     {{"LUODI_NOW", kReminderDue}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.pem"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace luodi
