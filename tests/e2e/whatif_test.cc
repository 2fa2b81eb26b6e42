// What-if through the real binary and the real server, on the example city:
// the answer lists only what the scenario changes, the CLI and the API give
// the same answer, a bad scenario is named at its place, and the database is
// left byte for byte as it was.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

#include "support/server_process.h"
#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

namespace json = boost::json;
using testing::run_luodi;
using testing::RunResult;
using testing::TempDir;

constexpr const char* kNow = "2026-07-31T10:00";

class WhatIf : public ::testing::Test {
 protected:
  void SetUp() override {
    auto load =
        testing::run_shell("LUODI_NOW=2026-07-31 LUODI_BIN='" + std::string(LUODI_BINARY) + "' '" +
                               testing::source_path("examples/xx-city/load.sh") + "' '" + db_ + "'",
                           dir_.path());
    ASSERT_EQ(load.exit_code, 0) << load.out << load.err;
  }
  RunResult luodi(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_, "--now", kNow});
    return run_luodi(args);
  }
  std::string scenario(const std::string& name, const std::string& yaml) {
    const std::string path = dir_.file(name);
    testing::write_file(path, yaml);
    return path;
  }
  // What the database holds, as bytes (SQLite: the file and its WAL) and as
  // every view of it that could change.
  std::string contents() {
    std::string all;
    if (!city_.postgres())
      for (const char* ext : {"", "-wal"})
        if (std::filesystem::exists(db_ + ext)) all += testing::read_file(db_ + ext);
    for (std::vector<std::string> view : {std::vector<std::string>{"list", "--json"},
                                          {"history", "LX-2026-001", "--json"},
                                          {"history", "LX-2026-005", "--json"},
                                          {"export", "--format", "csv"},
                                          {"outbox", "--json"},
                                          {"campaign", "status", "hundred-day-2026", "--json"}}) {
      RunResult r = luodi(view);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      all += r.out;
    }
    return all;
  }

  // A scenario of `n` events as JSON, `pad` spaces before its end.
  static std::string events_json(int n, std::size_t pad = 0) {
    std::string body = R"({"events": [)";
    for (int i = 0; i < n; ++i)
      body += std::string(i ? ", " : "") +
              R"({"code": "LX-2026-003", "kind": "invest", "fixed_asset_wan": )" +
              std::to_string(2000 + i) + R"(, "on": "2026-08-31"})";
    return body + std::string(pad, ' ') + "]}";
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
};

// The issue's question: if the land quota arrives on 15 August, which
// projects can still start before the campaign ends?
TEST_F(WhatIf, TheLandQuotaArrivingChangesOnlyWhatItUnblocks) {
  const std::string before = contents();
  const std::string file = scenario("land.yaml",
                                    "# the province's land quota arrives on 15 August\n"
                                    "events:\n"
                                    "  - {code: LX-2026-001, kind: unblock, on: 2026-08-15}\n"
                                    "  - code: LX-2026-005\n"
                                    "    kind: advance\n"
                                    "    to: construction\n"
                                    "    on: 2026-08-10\n"
                                    "    evidence: {permit: 施工许可-2026-88}\n");
  RunResult r = luodi({"whatif", file, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contents() == before) << "the database changed";
  const json::value answer = json::parse(r.out);
  EXPECT_EQ(answer.at("weighed_on"), "2026-08-15");
  EXPECT_EQ(answer.at("campaign"), "hundred-day-2026");
  std::map<std::string, json::value> changed;
  for (const auto& p : answer.at("projects").as_array())
    changed[std::string(p.at("code").as_string())] = p;
  ASSERT_EQ(changed.size(), 2u) << r.out;
  const auto& unblocked = changed.at("LX-2026-001");
  // Blocked, it does not move until unblocked: only the scenario's unblock moves it.
  EXPECT_EQ(unblocked.at("before").at("stage_at_campaign_end"), "pre_review");
  EXPECT_TRUE(unblocked.at("before").at("next_expected").is_null());
  EXPECT_TRUE(unblocked.at("before").at("target_expected").is_null());
  EXPECT_EQ(unblocked.at("after").at("stage_at_campaign_end"), "site_entry");
  EXPECT_EQ(unblocked.at("after").at("next_stage"), "site_entry");
  EXPECT_EQ(unblocked.at("after").at("target"), "site_entry");
  ASSERT_TRUE(unblocked.at("after").at("next_expected").is_string());
  EXPECT_GT(std::string(unblocked.at("after").at("next_expected").as_string()), "2026-08-15")
      << "its stage clock runs from the unblocking";
  EXPECT_EQ(unblocked.at("after").at("target_expected"), unblocked.at("after").at("next_expected"));
  EXPECT_TRUE(unblocked.at("slip_days").at("target").is_null()) << "no date before to slip from";
  const auto& advanced = changed.at("LX-2026-005");
  EXPECT_EQ(advanced.at("before").at("due"), "2026-07-10");
  EXPECT_EQ(advanced.at("after").at("due"), "2028-02-01") << "construction's 540 days from 08-10";
  EXPECT_EQ(advanced.at("before").at("light"), "red");
  EXPECT_EQ(advanced.at("after").at("light"), "green");
  const auto& headline = answer.at("headline");
  EXPECT_EQ(headline.at("before").at("red").to_number<int>() - 1,
            headline.at("after").at("red").to_number<int>());
  EXPECT_EQ(headline.at("before").at("campaign_end"), "2026-10-08");
  for (const char* side : {"before", "after"})
    EXPECT_TRUE(headline.at(side).at("start_ratio_at_campaign_end").is_number()) << side;

  // The same scenario as JSON through the server: the same answer.
  const std::string token =
      luodi({"user", "add", "督查员", "--role", "supervisor"}).out.substr(0, 64);
  {
    testing::ServerProcess server(db_, {}, {{"LUODI_NOW", kNow}});
    const std::string body =
        R"({"events": [{"code": "LX-2026-001", "kind": "unblock", "on": "2026-08-15"},)"
        R"( {"code": "LX-2026-005", "kind": "advance", "to": "construction", "on": "2026-08-10",)"
        R"( "evidence": {"permit": "施工许可-2026-88"}}]})";
    auto histories = [&] {
      std::string all;
      for (const char* code : {"LX-2026-001", "LX-2026-005"})
        all += testing::http_request(server.port(), "GET",
                                     std::string("/api/projects/") + code + "/history", "", token)
                   .body;
      return all;
    };
    const std::string recorded = histories();
    auto reply = testing::http_request(server.port(), "POST", "/api/whatif", body, token);
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(json::parse(reply.body), answer);
    auto refused = testing::http_request(
        server.port(), "POST", "/api/whatif",
        R"({"events": [{"code": "LX-2026-001", "kind": "advance", "to": "production"}]})", token);
    EXPECT_EQ(refused.status, 409u) << refused.body;
    EXPECT_NE(refused.body.find("events[0]: LX-2026-001: cannot advance"), std::string::npos)
        << refused.body;
    EXPECT_EQ(testing::http_request(server.port(), "POST", "/api/whatif", R"({"events": 3})", token)
                  .status,
              400u);
    EXPECT_EQ(testing::http_request(server.port(), "POST", "/api/whatif", body).status, 401u)
        << "a token is needed";
    EXPECT_EQ(histories(), recorded) << "the server's what-if wrote nothing";
    EXPECT_EQ(server.stop(), 0);
  }
}

TEST_F(WhatIf, TheDatabaseIsLeftByteForByte) {
  const std::string before = contents();
  const std::string file = scenario(
      "all.yaml",
      "events:\n"
      "  - {code: LX-2026-001, kind: unblock, on: 2026-08-15}\n"
      "  - {code: LX-2026-003, kind: invest, fixed_asset_wan: 3000, on: 2026-08-31}\n"
      "  - {code: LX-2026-004, kind: plan, stage: site_entry, due: 2026-09-30, on: 2026-08-01}\n"
      "  - {code: LX-2026-002, kind: update, land_secured_mu: 96, on: 2026-08-02}\n"
      "  - {kind: campaign, campaign: hundred-day-2026, end: 2026-10-31}\n");
  RunResult r = luodi({"whatif", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("campaign end:            2026-10-08 → 2026-10-31"), std::string::npos)
      << r.out;
  EXPECT_TRUE(contents() == before) << "the database changed";
}

TEST_F(WhatIf, ABadScenarioIsNamedAtItsPlace) {
  const std::string before = contents();
  auto run = [&](const char* name, const std::string& yaml) {
    return luodi({"whatif", scenario(name, yaml)});
  };
  RunResult not_a_map =
      run("a.yaml", "events:\n  - {code: LX-2026-001, kind: unblock}\n  - [1, 2]\n");
  EXPECT_EQ(not_a_map.exit_code, 2);
  EXPECT_NE(not_a_map.err.find("a.yaml:3:5: an event is a map"), std::string::npos)
      << not_a_map.err;
  RunResult bad_date =
      run("b.yaml", "events:\n  - {code: LX-2026-001, kind: unblock, on: 2026-13-01}\n");
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_NE(bad_date.err.find("b.yaml:2:5: 日期应为1900-01-01 至 2200-12-31 之间的日期"),
            std::string::npos)
      << bad_date.err;
  RunResult unknown = run("c.yaml", "events:\n  - {code: LX-2026-001, kind: teleport}\n");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("c.yaml:2:5: unknown kind 'teleport'"), std::string::npos)
      << unknown.err;
  RunResult past =
      run("d.yaml", "events:\n  - {code: LX-2026-001, kind: unblock, on: 2026-07-01}\n");
  EXPECT_EQ(past.exit_code, 2);
  EXPECT_NE(past.err.find("d.yaml:2:5: a what-if looks ahead"), std::string::npos) << past.err;
  RunResult refused =
      run("e.yaml",
          "events:\n  - {code: LX-2026-001, kind: advance, to: production, on: 2026-08-01}\n");
  EXPECT_EQ(refused.exit_code, 3) << "refused by the workflow";
  EXPECT_NE(refused.err.find("e.yaml:2:5: LX-2026-001: cannot advance"), std::string::npos)
      << refused.err;
  RunResult syntax = run("f.yaml", "events: [\n");
  EXPECT_EQ(syntax.exit_code, 2);
  EXPECT_NE(syntax.err.find("f.yaml:"), std::string::npos) << syntax.err;
  EXPECT_EQ(luodi({"whatif", dir_.file("missing.yaml")}).exit_code, 2);
  EXPECT_TRUE(contents() == before) << "the database changed";
}

// The value of /metrics' `name{…}` line (the server serves one city), or -1.
long metric(unsigned short port, const std::string& name) {
  std::istringstream lines(testing::http_request(port, "GET", "/metrics").body);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(name + "{", 0) == 0) return std::stol(line.substr(line.rfind(' ') + 1));
  return -1;
}

// Waits until /metrics shows `name` at `value` (the lane's gauges move as
// what-ifs are admitted and weighed); false after 60 s.
bool wait_for_metric(unsigned short port, const std::string& name, long value) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (metric(port, name) == value) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// Issue 25: a scenario over the limits is refused before it is weighed — 413
// over HTTP, exit 2 on the command line — by default at 2,000 events and
// 1 MiB, and at what --whatif-max-events and --whatif-max-bytes say.
TEST_F(WhatIf, AScenarioOverTheLimitsIsRefused) {
  // The command line: exit 2, the limit and its flag named (English and Chinese).
  std::string yaml = "events:\n";
  for (int i = 0; i < 3; ++i)
    yaml += "  - {code: LX-2026-003, kind: invest, fixed_asset_wan: 3000, on: 2026-08-31}\n";
  const std::string file = scenario("three.yaml", yaml);
  RunResult events = luodi({"whatif", file, "--whatif-max-events", "2"});
  EXPECT_EQ(events.exit_code, 2) << events.err;
  EXPECT_NE(events.err.find("the scenario has 3 events, over the limit of 2 (--whatif-max-events)"),
            std::string::npos)
      << events.err;
  EXPECT_NE(events.err.find("推演方案有 3 个事件，超过上限 2 个"), std::string::npos) << events.err;
  RunResult bytes = luodi({"whatif", file, "--whatif-max-bytes", "100"});
  EXPECT_EQ(bytes.exit_code, 2) << bytes.err;
  EXPECT_NE(bytes.err.find("over the limit of 100 (--whatif-max-bytes)"), std::string::npos)
      << bytes.err;
  EXPECT_EQ(
      luodi({"whatif", file, "--whatif-max-events", "3", "--whatif-max-bytes", "1000"}).exit_code,
      0);
  EXPECT_EQ(luodi({"whatif", file, "--whatif-max-events", "0"}).exit_code, 2)
      << "a limit is positive";
  std::string many = "events:\n";
  for (int i = 0; i < 2001; ++i)
    many += "  - {code: LX-2026-003, kind: invest, fixed_asset_wan: 3000, on: 2026-08-31}\n";
  RunResult by_default = luodi({"whatif", scenario("many.yaml", many)});
  EXPECT_EQ(by_default.exit_code, 2);
  EXPECT_NE(by_default.err.find("2001 events, over the limit of 2000"), std::string::npos)
      << by_default.err;

  // The server: 413 and the same words.
  const std::string token =
      luodi({"user", "add", "督查员", "--role", "supervisor"}).out.substr(0, 64);
  {
    testing::ServerProcess server(db_, {}, {{"LUODI_NOW", kNow}});
    auto over =
        testing::http_request(server.port(), "POST", "/api/whatif", events_json(2001), token);
    EXPECT_EQ(over.status, 413u) << over.body;
    EXPECT_NE(over.body.find("2001 events, over the limit of 2000"), std::string::npos)
        << over.body;
    auto big = testing::http_request(server.port(), "POST", "/api/whatif", events_json(1, 1u << 20),
                                     token);
    EXPECT_EQ(big.status, 413u) << big.body;
    EXPECT_EQ(testing::http_request(server.port(), "POST", "/api/whatif", events_json(2000), token)
                  .status,
              200u);
    EXPECT_EQ(server.stop(), 0);
  }
  {
    testing::ServerProcess server(db_, {"--whatif-max-events", "2", "--whatif-max-bytes", "300"},
                                  {{"LUODI_NOW", kNow}});
    auto over = testing::http_request(server.port(), "POST", "/api/whatif", events_json(3), token);
    EXPECT_EQ(over.status, 413u) << over.body;
    EXPECT_NE(
        over.body.find("the scenario has 3 events, over the limit of 2 (--whatif-max-events)"),
        std::string::npos)
        << over.body;
    auto big =
        testing::http_request(server.port(), "POST", "/api/whatif", events_json(1, 300), token);
    EXPECT_EQ(big.status, 413u) << big.body;
    EXPECT_NE(big.body.find("over the limit of 300 (--whatif-max-bytes)"), std::string::npos)
        << big.body;
    EXPECT_EQ(
        testing::http_request(server.port(), "POST", "/api/whatif", events_json(2), token).status,
        200u);
    EXPECT_EQ(server.stop(), 0);
  }
}

// Issue 25: a unit weighs moves of its own projects only, as it writes them.
TEST_F(WhatIf, AUnitsScenarioMovesOnlyItsOwnProjects) {
  // LX-2026-001 is 赤溪街道's, LX-2026-002 经济开发区's.
  const std::string unit =
      luodi({"user", "add", "赤溪街道招商办", "--role", "unit", "--unit", "赤溪街道"})
          .out.substr(0, 64);
  testing::ServerProcess server(db_, {}, {{"LUODI_NOW", kNow}});
  auto own = testing::http_request(
      server.port(), "POST", "/api/whatif",
      R"({"events": [{"code": "LX-2026-001", "kind": "unblock", "on": "2026-08-15"}]})", unit);
  EXPECT_EQ(own.status, 200u) << own.body;
  auto other = testing::http_request(
      server.port(), "POST", "/api/whatif",
      R"({"events": [{"code": "LX-2026-001", "kind": "unblock", "on": "2026-08-15"},)"
      R"( {"code": "LX-2026-002", "kind": "invest", "fixed_asset_wan": 100, "on": "2026-08-31"}]})",
      unit);
  EXPECT_EQ(other.status, 403u) << other.body;
  EXPECT_NE(
      other.body.find("events[1]: a unit's scenario may move only its own projects: LX-2026-002 is "
                      "经济开发区's"),
      std::string::npos)
      << other.body;
  EXPECT_EQ(server.stop(), 0);
}

// Issue 25: what-ifs run in a lane of their own, one at a time per city with
// --whatif-queue more waiting; beyond that 429 with Retry-After. Meanwhile a
// GET is answered. The first what-if is held in the lane (a test-only hook:
// it waits while a file exists), so each step waits for what /metrics shows.
TEST_F(WhatIf, TheLaneIsBoundedAndReadsGoOn) {
  const std::string token =
      luodi({"user", "add", "督查员", "--role", "supervisor"}).out.substr(0, 64);
  const std::string hold = dir_.file("hold");
  testing::write_file(hold, "");
  testing::ServerProcess server(db_, {"--whatif-queue", "1"},
                                {{"LUODI_NOW", kNow}, {"LUODI_TEST_WHATIF_HOLD", hold}});
  const std::string body = events_json(2);
  testing::HttpReply first, second, busy, read;
  long running = -1;
  bool started = false, queued = false;
  {
    std::thread a(
        [&] { first = testing::http_request(server.port(), "POST", "/api/whatif", body, token); });
    started = wait_for_metric(server.port(), "luodi_whatif_running", 1);
    std::thread b([&] {
      if (started)
        second = testing::http_request(server.port(), "POST", "/api/whatif", body, token);
    });
    queued = started && wait_for_metric(server.port(), "luodi_whatif_waiting", 1);
    if (queued) {
      busy = testing::http_request(server.port(), "POST", "/api/whatif", body, token);
      read = testing::http_request(server.port(), "GET", "/api/projects/LX-2026-001", "", token);
      running = metric(server.port(), "luodi_whatif_running");
    }
    std::filesystem::remove(hold);  // the held what-if goes on, then the waiting one
    a.join();
    b.join();
  }
  ASSERT_TRUE(started) << server.log();
  ASSERT_TRUE(queued) << server.log();
  EXPECT_EQ(busy.status, 429u) << busy.body;
  ASSERT_TRUE(busy.headers.count("Retry-After")) << busy.body;
  EXPECT_GE(std::stol(busy.headers.at("Retry-After")), 1);
  EXPECT_NE(busy.body.find("this city's what-if lane is full (1 running, 1 waiting)"),
            std::string::npos)
      << busy.body;
  EXPECT_EQ(read.status, 200u) << read.body;
  EXPECT_EQ(running, 1) << "the GET was answered while the what-if was still being weighed";
  EXPECT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(second.status, 200u) << second.body;
  EXPECT_EQ(first.body, second.body);
  EXPECT_EQ(metric(server.port(), "luodi_whatif_refused_total"), 1);
  EXPECT_EQ(metric(server.port(), "luodi_whatif_running"), 0);
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace luodi
