// End-to-end: an acknowledged write is a committed one. Eight clients add
// projects through the real server at once; the server is killed with
// SIGKILL mid-stream; every project it answered 201 for is in the database,
// and the projection still equals the replay of the events.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "support/server_process.h"
#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::http_request;
using testing::run_luodi;
using testing::ServerProcess;
using testing::TempDir;

TEST(AcknowledgedWrites, SurviveAKillDuringConcurrentWrites) {
  TempDir dir;
  testing::TestDatabase city(dir);
  const std::string db = city.location();
  auto cli = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db});
    return run_luodi(args, {{"LUODI_NOW", "2026-06-30T10:00"}});
  };
  std::filesystem::create_directory(dir.file("none"));
  ASSERT_EQ(cli({"init", "--campaigns", dir.file("none")}).exit_code, 0);
  auto t = cli({"user", "add", "督查员", "--role", "supervisor"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const std::string token = t.out.substr(0, 64);

  auto server = std::make_unique<ServerProcess>(
      db, std::vector<std::string>{},
      std::map<std::string, std::string>{{"LUODI_NOW", "2026-06-30T10:00"}});
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<bool> down{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c)
    clients.emplace_back([&, c] {
      for (int i = 0; !down && i < 10000; ++i) {
        const std::string code = "K" + std::to_string(c) + "-" + std::to_string(i);
        try {
          auto reply =
              http_request(server->port(), "POST", "/api/projects",
                           R"({"code":")" + code + R"(","name":"项目","unit":"游埠镇"})", token);
          if (reply.status != 201) break;
          std::lock_guard lock(mutex);
          acknowledged.push_back(code);
        } catch (const std::exception&) {
          break;  // the server is gone
        }
      }
    });
  // Kill it once a good number of writes have been answered (or a minute passed).
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (acknowledged.size() >= 200) break;
    }
    if (std::chrono::steady_clock::now() > give_up) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  server->kill_now();
  down = true;
  for (auto& c : clients) c.join();
  ASSERT_GE(acknowledged.size(), 200u) << "the clients got answers before the kill";

  auto verify = cli({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  auto listed = cli({"list", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  for (const auto& code : acknowledged)
    EXPECT_NE(listed.out.find("\"" + code + "\""), std::string::npos)
        << code << " was answered 201 but is lost";
  // And the server starts again on the same file.
  ServerProcess again(db, {}, {{"LUODI_NOW", "2026-06-30T10:00"}});
  EXPECT_EQ(
      http_request(again.port(), "GET", "/api/projects/" + acknowledged.front(), "", token).status,
      200u);
}

}  // namespace
}  // namespace luodi
