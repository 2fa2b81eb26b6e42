// Reliability: luodi against group robots that enforce their own limits, as
// the real ones do. The real `luodi serve`, a real database, and emulated
// robots over HTTPS (a CA made at test time):
// - a DingTalk robot that counts its own minute per URL, refuses the 21st
//   message within it with 130101 and then everything for ten of its minutes'
//   worth (10 minutes for the real one); 25 units share it: no refusal at all;
// - a WeCom robot that refuses markdown over 4,096 bytes (40058); a unit with
//   35 overdue projects gets every part of its list, each within the limit.
// Short settings by default: the robot's minute is 6 s and luodi's window
// 6.1 s (the default ratio, 19 in 61 s against 20 in 60 s, scaled down).
// LUODI_RELIABILITY_LONG=1: the real 60 s minute and luodi's default window,
// and more units and projects.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "support/server_process.h"
#include "support/test_ca.h"
#include "support/test_database.h"
#include "support/test_support.h"
#include "support/webhook_receiver.h"

namespace luodi {
namespace {

using namespace std::chrono_literals;
using testing::ServerProcess;
using testing::TempDir;

// Projects at pre_review since 2026-06-01 are due 2026-07-28: overdue on the
// server's day (its --now).
constexpr const char* kServerNow = "2026-07-31T09:30";
constexpr const char* kSecret = "SECreliability0123456789";

bool longer() {
  const char* v = std::getenv("LUODI_RELIABILITY_LONG");
  return v && std::string(v) == "1";
}

class RobotLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(dir_.file("none"));
    auto r = cli({"init", "--campaigns", dir_.file("none"), "--workflow",
                  testing::write_workflow_without_digests(dir_.file("workflow.yaml"), false)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  testing::RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return testing::run_luodi(args, {{"LUODI_NOW", kServerNow}});
  }
  void add_project(const std::string& code, const std::string& name, const std::string& unit) {
    auto r = cli({"add", code, "--name", name, "--unit", unit, "--stage", "pre_review",
                  "--stage-since", "2026-06-01"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // The outbox rows that go to a webhook.
  boost::json::array webhook_rows() {
    auto out = cli({"outbox", "--json"}).out;
    boost::system::error_code ec;
    auto v = boost::json::parse(out, ec);
    boost::json::array rows;
    if (ec || !v.is_array()) return rows;
    for (auto& row : v.get_array())
      if (std::string(row.at("channel").as_string()).rfind("webhook:", 0) == 0) rows.push_back(row);
    return rows;
  }
  // Waits, polling, until every webhook row of the outbox is sent (there
  // being some); false when `limit` passes first.
  bool wait_all_sent(std::chrono::seconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      const auto rows = webhook_rows();
      bool all = !rows.empty();
      for (const auto& row : rows) all = all && row.at("state") == "sent";
      if (all) return true;
      std::this_thread::sleep_for(200ms);
    }
    return false;
  }
  std::map<std::string, std::string> server_env() const {
    return {{"LUODI_NOW", kServerNow}, {"LUODI_CA_FILE", ca_.ca_file}};
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
  testing::TestCa ca_ = testing::make_test_ca(dir_.file("ca"));
};

TEST_F(RobotLimitsTest, UnitsSharingOneDingTalkRobotDrawNoThrottleRefusal) {
  const auto minute = longer() ? std::chrono::milliseconds(60000) : std::chrono::milliseconds(6000);
  const int units = longer() ? 45 : 25;
  testing::RobotRules rules{"dingtalk", kSecret, 0, 0, 0, ""};
  rules.per_window = 20;
  rules.window = minute;
  rules.throttle_for = 10 * minute;
  testing::WebhookReceiver robot(ca_, rules);
  const std::string url = "webhook:https://localhost:" + std::to_string(robot.port()) +
                          "/robot/send?access_token=shared";
  std::string directory = "contacts:\n";
  for (int i = 0; i < units; ++i) {
    const std::string n = (i < 10 ? "0" : "") + std::to_string(i);
    add_project("R" + n, "项目" + n, "单位" + n);
    directory += "  - name: 单位" + n + "群\n    role: unit\n    unit: 单位" + n +
                 "\n    channel: " + url + "\n    format: dingtalk\n    secret: " + kSecret + "\n";
  }
  testing::write_file(dir_.file("directory.yaml"), directory);
  auto imported = cli({"contact", "import", dir_.file("directory.yaml")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  // luodi's window: the default (61 s) in the long round; scaled as the robot's minute is, 6.1 s,
  // in the short.
  std::vector<std::string> flags;
  if (!longer()) flags = {"--rate-window-ms", std::to_string(minute.count() * 61 / 60)};
  const auto started = std::chrono::steady_clock::now();
  ServerProcess server(db_, flags, server_env());
  const bool all_sent = wait_all_sent(longer() ? 15min : 3min);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(server.stop(), 0);
  const std::string log = server.log();
  ASSERT_TRUE(all_sent) << log;

  const auto calls = robot.calls();
  int refused = 0;
  std::set<std::string> units_reached;
  for (const auto& c : calls) {
    if (!c.accepted) {
      ++refused;
      ADD_FAILURE() << "refused: " << c.body.substr(0, 200);
      continue;
    }
    const auto body = boost::json::parse(c.body);
    const std::string text(body.at("markdown").at("text").as_string());
    for (int i = 0; i < units; ++i) {
      const std::string n = (i < 10 ? "0" : "") + std::to_string(i);
      if (text.find("**R" + n + " ") != std::string::npos) units_reached.insert(n);
    }
  }
  EXPECT_EQ(refused, 0) << "no throttle refusal";
  EXPECT_EQ(static_cast<int>(units_reached.size()), units) << "every unit's message arrived";
  EXPECT_GE(static_cast<int>(calls.size()), units);
  EXPECT_EQ(log.find("refused a message as too many"), std::string::npos) << log;
  // As the robot counts: never 20 accepted within its minute.
  for (std::size_t i = 0; i + 19 < calls.size(); ++i)
    EXPECT_GE(calls[i + 19].at - calls[i].at, minute)
        << "20 within the robot's minute from call " << i;
  std::printf(
      "%d units, %zu messages on one robot (minute %lld ms): all taken in %.1f s, 0 refused\n",
      units, calls.size(), static_cast<long long>(minute.count()),
      std::chrono::duration<double>(took).count());
}

TEST_F(RobotLimitsTest, AWeComRobotTakingAtMost4096BytesGetsEveryPartOfAUnitsList) {
  const int projects =
      longer() ? 120 : 35;  // the long round: more than one bundle (50 projects each)
  testing::RobotRules rules{"wecom", "", 0, 0, 0, ""};
  rules.max_content = 4096;
  testing::WebhookReceiver robot(ca_, rules);
  for (int i = 0; i < projects; ++i) {
    const std::string n = std::to_string(100 + i);
    add_project("W" + n, "游埠镇智能制造产业园配套项目" + n, "游埠镇");
  }
  auto r = cli(
      {"contact", "add", "游埠镇群", "--role", "unit", "--unit", "游埠镇", "--channel",
       "webhook:https://localhost:" + std::to_string(robot.port()) + "/cgi-bin/webhook/send?key=k",
       "--format", "wecom"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  ServerProcess server(db_, {}, server_env());
  const bool all_sent = wait_all_sent(longer() ? 10min : 2min);
  EXPECT_EQ(server.stop(), 0);
  ASSERT_TRUE(all_sent) << server.log();

  const auto calls = robot.calls();
  ASSERT_GE(calls.size(), 2u) << "the list of " << projects << " projects does not fit one message";
  std::map<std::string, int> seen;                // each project's line, in how many parts
  std::map<std::string, std::set<int>> parts_of;  // a bundle's key: the parts that came
  std::map<std::string, int> count_of;
  for (const auto& c : calls) {
    EXPECT_TRUE(c.accepted) << c.body.substr(0, 200);
    const auto body = boost::json::parse(c.body);
    const std::string content(body.at("markdown").at("content").as_string());
    EXPECT_LE(content.size(), 4096u);
    for (int i = 0; i < projects; ++i) {
      const std::string code = "W" + std::to_string(100 + i);
      if (content.find("- **" + code + " ") != std::string::npos) ++seen[code];
    }
    // "### 逾期 … (i/n)" and the key "bundle-…/i".
    const auto open = content.find(" (");
    const auto slash = content.find('/', open);
    const auto close = content.find(")\n", slash);
    ASSERT_TRUE(open != std::string::npos && slash != std::string::npos &&
                close != std::string::npos)
        << content.substr(0, 120);
    const int part = std::stoi(content.substr(open + 2, slash - open - 2));
    const int of = std::stoi(content.substr(slash + 1, close - slash - 1));
    const auto key_slash = c.idempotency_key.rfind('/');
    ASSERT_NE(key_slash, std::string::npos) << c.idempotency_key;
    EXPECT_EQ(c.idempotency_key.substr(key_slash + 1), std::to_string(part));
    const std::string bundle = c.idempotency_key.substr(0, key_slash);
    parts_of[bundle].insert(part);
    count_of[bundle] = of;
  }
  for (const auto& [bundle, parts] : parts_of) {
    EXPECT_EQ(static_cast<int>(parts.size()), count_of[bundle]) << bundle << ": every part, once";
    EXPECT_EQ(*parts.begin(), 1);
    EXPECT_EQ(*parts.rbegin(), count_of[bundle]);
  }
  EXPECT_EQ(static_cast<int>(seen.size()), projects) << "every project in some part";
  for (const auto& [code, n] : seen) EXPECT_EQ(n, 1) << code << " in one part only";
  std::printf("%d projects to one WeCom robot: %zu parts, each within 4,096 bytes, none refused\n",
              projects, calls.size());
}

}  // namespace
}  // namespace luodi
