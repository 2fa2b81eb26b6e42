// End-to-end: the real `luodi serve` on an ephemeral port, a real SQLite
// file, and a real HTTP client.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "catalogue/catalogue.h"
#include "support/server_process.h"
#include "support/test_database.h"
#include "support/test_support.h"
#include "support/webhook_receiver.h"

namespace luodi {
namespace {

using testing::http_request;
using testing::HttpReply;
using testing::run_luodi;
using testing::ServerProcess;
using testing::TempDir;

class ServerTest : public ::testing::Test {
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
    ASSERT_EQ(cli({"add", "N1", "--name", "女埠项目", "--unit", "女埠街道", "--stage-since",
                   "2026-06-01"})
                  .exit_code,
              0);
    supervisor_ = token({"user", "add", "督查员", "--role", "supervisor"});
    unit_ = token({"user", "add", "游埠镇招商办", "--role", "unit", "--unit", "游埠镇"});
    leader_ = token({"user", "add", "王建国", "--role", "leader"});
  }

  testing::RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_luodi(args, {{"LUODI_NOW", "2026-06-30T10:00"}});
  }
  std::string token(std::vector<std::string> args) {
    auto r = cli(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.size(), 65u) << "64 hex digits and a newline";
    return r.out.substr(0, 64);
  }
  ServerProcess start(std::vector<std::string> extra = {}) {
    return ServerProcess(db_, extra, {{"LUODI_NOW", "2026-06-30T10:00"}});
  }
  static boost::json::value json(const HttpReply& r) { return boost::json::parse(r.body); }
  // The CLI's JSON array for `args` (e.g. outbox --failed).
  boost::json::array cli_array(std::vector<std::string> args) {
    args.push_back("--json");
    boost::json::value v = boost::json::parse(cli(std::move(args)).out);
    return v.is_array() ? std::move(v.get_array()) : boost::json::array();
  }
  // Waits until the outbox row of `key` is in `state` (its outcome recorded).
  bool wait_for_row(const std::string& key, const std::string& state, int seconds = 20) {
    for (int i = 0; i < seconds * 10; ++i) {
      for (const auto& row : cli_array({"outbox"}))
        if (row.at("key").as_string() == key && row.at("state").as_string() == state) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
  std::string supervisor_, unit_, leader_;
};

TEST_F(ServerTest, HealthAndTheSameJsonAsTheCli) {
  auto server = start();
  EXPECT_EQ(http_request(server.port(), "GET", "/healthz").status, 200u);
  auto api = http_request(server.port(), "GET", "/api/projects/Y1", "", leader_);
  ASSERT_EQ(api.status, 200u) << api.body;
  auto cli_json = boost::json::parse(cli({"show", "Y1", "--json"}).out);
  EXPECT_EQ(json(api), cli_json) << "two faces, one engine";
  auto list = http_request(server.port(), "GET", "/api/projects?unit=%E6%B8%B8%E5%9F%A0%E9%95%87",
                           "", unit_);
  ASSERT_EQ(list.status, 200u);
  ASSERT_EQ(json(list).as_array().size(), 1u);
  EXPECT_EQ(json(list).as_array()[0].at("code"), "Y1");
  auto history = http_request(server.port(), "GET", "/api/projects/Y1/history", "", unit_);
  EXPECT_EQ(json(history).as_array().size(), 1u);
  auto stats = http_request(server.port(), "GET", "/api/stats?as_of=2026-06-30", "", leader_);
  EXPECT_EQ(json(stats).at("key_projects").to_number<int>(), 2);
  EXPECT_EQ(server.stop(), 0);
}

TEST_F(ServerTest, EveryRoleBoundary) {
  auto server = start();
  const auto p = server.port();
  const std::string advance = R"({"to": "site_entry", "note": "进场"})";
  EXPECT_EQ(http_request(p, "GET", "/api/projects").status, 401u) << "no token";
  EXPECT_EQ(http_request(p, "GET", "/api/projects", "", "0123").status, 401u) << "bad token";
  EXPECT_EQ(
      http_request(p, "POST", "/api/projects/N1/advance", R"({"to":"pre_review"})", unit_).status,
      403u)
      << "a unit writes only its own unit's projects";
  EXPECT_EQ(http_request(p, "POST", "/api/projects/Y1/advance", advance, leader_).status, 403u)
      << "a leader writes only instructions";
  EXPECT_EQ(http_request(p, "POST", "/api/projects", R"({"code":"X","name":"x","unit":"女埠街道"})",
                         unit_)
                .status,
            403u);
  EXPECT_EQ(http_request(p, "GET", "/api/projects/N1", "", unit_).status, 200u)
      << "units read everything";
  auto ok = http_request(p, "POST", "/api/projects/Y1/advance", advance, unit_);
  ASSERT_EQ(ok.status, 200u) << ok.body;
  EXPECT_EQ(json(ok).at("stage"), "site_entry");
  auto created = http_request(
      p, "POST", "/api/projects",
      R"({"code":"S1","name":"新项目","unit":"女埠街道","investment_wan":8000})", supervisor_);
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(json(created).at("investment_wan").to_number<double>(), 8000);
  // Every write records its user as the actor.
  auto history = json(http_request(p, "GET", "/api/projects/Y1/history", "", leader_)).as_array();
  EXPECT_EQ(history.back().at("by"), "游埠镇招商办");
  // A revoked token stops working.
  ASSERT_EQ(cli({"user", "revoke", "游埠镇招商办"}).exit_code, 0);
  EXPECT_EQ(http_request(p, "GET", "/api/projects", "", unit_).status, 401u);
  EXPECT_EQ(server.stop(), 0);
}

TEST_F(ServerTest, DashboardPagesAreBuiltInAndTheWallIsPublicOnlyWithTheFlag) {
  {
    auto server = start();
    const auto p = server.port();
    auto index = http_request(p, "GET", "/");
    ASSERT_EQ(index.status, 200u);
    EXPECT_EQ(index.headers["Content-Type"], "text/html; charset=utf-8");
    EXPECT_NE(index.body.find("/assets/app.js"), std::string::npos);
    for (const char* asset :
         {"/assets/app.js", "/assets/common.js", "/assets/wall.js", "/assets/app.css"}) {
      auto a = http_request(p, "GET", asset);
      EXPECT_EQ(a.status, 200u) << asset;
      EXPECT_GT(a.body.size(), 100u) << asset;
      // Nothing is fetched from elsewhere.
      EXPECT_EQ(a.body.find("https://"), std::string::npos) << asset;
    }
    EXPECT_EQ(http_request(p, "GET", "/assets/nope.js").status, 404u);
    EXPECT_EQ(http_request(p, "GET", "/assets/../main.cc").status, 404u);
    EXPECT_EQ(http_request(p, "POST", "/").status, 405u);
    EXPECT_EQ(http_request(p, "GET", "/wall").status, 200u) << "the page itself holds no data";
    EXPECT_EQ(http_request(p, "GET", "/api/wall").status, 401u)
        << "its data needs a token without --wall";
    auto wall = http_request(p, "GET", "/api/wall", "", leader_);
    EXPECT_EQ(wall.status, 404u) << "this city has no campaign: " << wall.body;
    EXPECT_EQ(server.stop(), 0);
  }
  ASSERT_EQ(
      cli({"campaign", "add", testing::source_path("workflows/campaigns/hundred-day-2026.yaml")})
          .exit_code,
      0);
  // Y1 reaches its target (site entry, due 8 October) on 20 July: a red flag.
  ASSERT_EQ(run_luodi({"--db", db_, "advance", "Y1", "--to", "site_entry", "--on", "2026-07-20"},
                      {{"LUODI_NOW", "2026-07-31T10:00"}})
                .exit_code,
            0);
  {
    // After the end, N1 never moved: every milestone of it is a black flag.
    auto after = ServerProcess(db_, {"--wall"}, {{"LUODI_NOW", "2026-10-09T10:00"}});
    const auto w = json(http_request(after.port(), "GET", "/api/wall"));
    for (const auto& row : w.at("projects").as_array()) {
      const auto& ms = row.at("milestones").as_array();
      ASSERT_FALSE(ms.empty());
      for (const auto& m : ms)
        EXPECT_EQ(m.at("flag"), row.at("code") == "Y1" ? "red" : "black")
            << row.at("code") << " " << m.at("stage");
    }
    EXPECT_EQ(w.at("flags").at("red").to_number<int>(), 1);
    EXPECT_GE(w.at("flags").at("black").to_number<int>(), 1);
    EXPECT_EQ(after.stop(), 0);
  }
  auto server = ServerProcess(db_, {"--wall"}, {{"LUODI_NOW", "2026-07-31T10:00"}});
  const auto p = server.port();
  auto wall = http_request(p, "GET", "/api/wall");
  ASSERT_EQ(wall.status, 200u) << wall.body;
  const auto w = json(wall);
  EXPECT_EQ(w.at("campaign").at("day").to_number<int>(), 31);
  EXPECT_EQ(w.at("campaign").at("days_left").to_number<int>(), 69);
  EXPECT_EQ(w.at("projects").as_array().size(), 2u);
  EXPECT_EQ(w.at("flags").at("red").to_number<int>(), 1) << "Y1, reached on 20 July";
  EXPECT_EQ(w.at("flags").at("black").to_number<int>(), 0) << "N1's dates have not passed";
  // The columns: every stage a milestone is set for, in the workflow's order,
  // labelled; each row's status.
  std::vector<std::string> stages;
  for (const auto& s : w.at("stages").as_array()) {
    stages.push_back(std::string(s.at("stage").as_string()));
    EXPECT_FALSE(s.at("label").at("zh").as_string().empty());
  }
  std::vector<std::string> expected;
  for (const auto& row : w.at("projects").as_array()) {
    EXPECT_EQ(row.at("status"), "active") << row.at("code");
    for (const auto& m : row.at("milestones").as_array())
      expected.push_back(std::string(m.at("stage").as_string()));
  }
  const std::vector<std::string> order = {"signed",       "pre_review", "site_entry",
                                          "construction", "completion", "production"};
  std::sort(expected.begin(), expected.end(), [&](const std::string& a, const std::string& b) {
    return std::find(order.begin(), order.end(), a) < std::find(order.begin(), order.end(), b);
  });
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  EXPECT_EQ(stages, expected);
  EXPECT_FALSE(stages.empty()) << w;
  EXPECT_EQ(http_request(p, "GET", "/api/projects").status, 401u) << "only the wall is public";
  EXPECT_EQ(http_request(p, "POST", "/api/wall").status, 405u);
  EXPECT_EQ(server.stop(), 0);
}

// The page's words: every entry of the one catalogue, in the language asked
// for, with no token (the sign-in page needs them), cacheable; a language
// it does not speak is bad input.
TEST_F(ServerTest, TheCatalogueIsServedWithoutATokenInEitherLanguage) {
  auto server = start();
  const auto p = server.port();
  for (const auto& [lang, want] : {std::pair{"zh", Lang::kZh}, std::pair{"en", Lang::kEn}}) {
    auto reply = http_request(p, "GET", std::string("/api/catalogue?lang=") + lang);
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(reply.headers["Cache-Control"], "public, max-age=300");
    auto body = json(reply).as_object();
    EXPECT_EQ(body.at("lang").as_string(), lang);
    const auto& words = body.at("words").as_object();
    EXPECT_EQ(words.size(), catalogue::entries().size());
    for (const auto& [id, w] : catalogue::entries())
      EXPECT_EQ(words.at(id).as_string(), want == Lang::kEn ? w.en : w.zh) << id;
  }
  // The page's own words are there, and the statuses and roles it shows.
  auto zh = json(http_request(p, "GET", "/api/catalogue")).as_object();
  EXPECT_EQ(zh.at("lang").as_string(), "zh") << "Chinese unless asked";
  for (const char* id : {"app_title", "status_blocked", "role_supervisor", "days_blocked_n",
                         "instruction_state_due_soon"})
    EXPECT_TRUE(zh.at("words").as_object().contains(id)) << id;
  auto bad = http_request(p, "GET", "/api/catalogue?lang=fr");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_NE(bad.body.find("\"bad_input\""), std::string::npos) << bad.body;
  EXPECT_EQ(http_request(p, "POST", "/api/catalogue").status, 405u);
  // With a token it is the same answer.
  EXPECT_EQ(json(http_request(p, "GET", "/api/catalogue?lang=en", "", unit_)),
            json(http_request(p, "GET", "/api/catalogue?lang=en")));
  EXPECT_EQ(server.stop(), 0);
}

TEST_F(ServerTest, ReportMeWorkflowAndInvestment) {
  auto server = start();
  const auto p = server.port();
  auto me = json(http_request(p, "GET", "/api/me", "", unit_));
  EXPECT_EQ(me.at("role"), "unit");
  EXPECT_EQ(me.at("unit"), "游埠镇");
  auto wf = json(http_request(p, "GET", "/api/workflow", "", unit_));
  EXPECT_EQ(wf.at("stages").as_array().size(), 6u);
  EXPECT_EQ(wf.at("stages").as_array()[3].at("evidence").as_array()[0].at("id"), "permit");

  EXPECT_EQ(http_request(p, "POST", "/api/projects/N1/invest", R"({"fixed_asset_wan": 10})", unit_)
                .status,
            403u);
  EXPECT_EQ(http_request(p, "POST", "/api/projects/Y1/invest", R"({"fixed_asset_wan": -1})", unit_)
                .status,
            400u);
  auto invested = http_request(
      p, "POST", "/api/projects/Y1/invest",
      R"({"fixed_asset_wan": 1500, "foreign_arrived_usd_wan": 20, "on": "2026-06-20"})", unit_);
  ASSERT_EQ(invested.status, 200u) << invested.body;
  EXPECT_EQ(json(invested).at("progress").at("fixed_asset_wan").to_number<double>(), 1500);

  auto report = http_request(p, "GET", "/api/report?as_of=2026-06-30", "", leader_);
  ASSERT_EQ(report.status, 200u) << report.body;
  const auto cli_report =
      boost::json::parse(cli({"report", "--as-of", "2026-06-30", "--format", "json"}).out);
  EXPECT_EQ(json(report), cli_report) << "the same report from the API and the CLI";
  EXPECT_EQ(json(report).at("headline").at("fixed_asset_ytd_wan").to_number<double>(), 1500);
  auto html = http_request(p, "GET", "/api/report?format=html&lang=en", "", leader_);
  EXPECT_EQ(html.headers["Content-Type"], "text/html; charset=utf-8");
  EXPECT_NE(html.body.find("<svg"), std::string::npos);
  EXPECT_EQ(http_request(p, "GET", "/api/report?format=pdf", "", leader_).status, 400u);
  EXPECT_EQ(http_request(p, "GET", "/api/report?as_of=2027-01-01", "", leader_).status, 400u);
  EXPECT_EQ(server.stop(), 0);
}

TEST_F(ServerTest, ErrorsHaveTheirStatusAndTheServerKeepsServing) {
  auto server = start();
  const auto p = server.port();
  auto check = [&](const HttpReply& r, unsigned status, const char* code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(json(r).at("error").at("code"), code) << r.body;
  };
  check(http_request(p, "GET", "/api/projects/NOPE", "", leader_), 404, "not_found");
  check(http_request(p, "GET", "/api/nothing", "", leader_), 404, "not_found");
  check(http_request(p, "POST", "/api/projects/Y1/advance", R"({"to": "production"})", supervisor_),
        409, "refused");
  check(http_request(p, "POST", "/api/projects/Y1/advance", R"({"to": "site_entry")", supervisor_),
        400, "bad_input");
  check(http_request(p, "POST", "/api/projects/Y1/advance", R"({"to": 7})", supervisor_), 400,
        "bad_input");
  check(http_request(p, "POST", "/api/projects/Y1/advance", "\xff\xfe garbage", supervisor_), 400,
        "bad_input");
  check(http_request(p, "DELETE", "/api/projects/Y1", "", supervisor_), 405, "method_not_allowed");
  check(http_request(p, "POST", "/api/projects", std::string(2 << 20, 'x'), supervisor_), 413,
        "too_large");
  auto blocker = http_request(p, "POST", "/api/projects/Y1/blockers",
                              R"({"category": "land", "reason": "缺指标", "owner": "自然资源局"})",
                              supervisor_);
  ASSERT_EQ(blocker.status, 201u) << blocker.body;
  const auto id = json(blocker).at("id").to_number<int>();
  check(http_request(p, "POST", "/api/projects/Y1/advance", R"({"to": "site_entry"})", supervisor_),
        409, "refused");
  const std::string instructions =
      "/api/projects/Y1/blockers/" + std::to_string(id) + "/instructions";
  const std::string instruction =
      R"({"text": "请尽快协调省厅", "assignee": "自然资源局", "due": "2026-07-15"})";
  EXPECT_EQ(http_request(p, "POST", instructions, instruction, unit_).status, 403u)
      << "units do not instruct";
  auto instructed = http_request(p, "POST", instructions, instruction, leader_);
  ASSERT_EQ(instructed.status, 201u) << instructed.body;
  auto shown = json(http_request(p, "GET", "/api/projects/Y1", "", unit_));
  const auto& written = shown.at("blockers").as_array().at(0).at("instructions").as_array().at(0);
  EXPECT_EQ(written.at("by"), "王建国");
  EXPECT_EQ(written.at("due"), "2026-07-15");
  auto resolved = http_request(
      p, "POST", "/api/projects/Y1/blockers/" + std::to_string(id) + "/resolve", "", supervisor_);
  EXPECT_EQ(resolved.status, 200u) << resolved.body;
  EXPECT_EQ(json(resolved).at("status"), "active");
  // Bytes that are not HTTP at all.
  {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket s(io);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), p});
    const std::string junk = "\x16\x03\x01 not http at all\r\n\r\n";
    boost::asio::write(s, boost::asio::buffer(junk));
    std::string reply(512, '\0');
    boost::system::error_code ec;
    const size_t n = s.read_some(boost::asio::buffer(reply), ec);
    EXPECT_EQ(reply.substr(0, std::min<size_t>(n, 12)), "HTTP/1.1 400");
  }
  EXPECT_EQ(http_request(p, "GET", "/healthz").status, 200u) << "still serving";
  EXPECT_EQ(server.stop(), 0);
}

// Issue 25, defence in depth: every answer — a page, an asset, a streamed
// report, an error, a request refused before any route — carries the CSP
// (only the server's own scripts, no inline script or style but the report's
// one <style> block by its hash), nosniff and no-referrer.
TEST_F(ServerTest, EveryAnswerCarriesTheSecurityHeaders) {
  auto server = start();
  const auto p = server.port();
  auto check = [](HttpReply r, unsigned status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body.substr(0, 200);
    const std::string csp = r.headers["Content-Security-Policy"];
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << what << ": " << csp;
    EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << what << ": " << csp;
    EXPECT_NE(csp.find("style-src 'self' 'sha256-"), std::string::npos) << what << ": " << csp;
    EXPECT_EQ(csp.find("unsafe"), std::string::npos) << what << ": " << csp;
    EXPECT_EQ(r.headers["X-Content-Type-Options"], "nosniff") << what;
    EXPECT_EQ(r.headers["Referrer-Policy"], "no-referrer") << what;
  };
  check(http_request(p, "GET", "/"), 200, "the dashboard");
  check(http_request(p, "GET", "/wall"), 200, "the wall page");
  check(http_request(p, "GET", "/assets/app.js"), 200, "a script");
  auto report = http_request(p, "GET", "/api/report?format=html", "", supervisor_);
  EXPECT_EQ(report.body.find("<script"), std::string::npos) << "the report runs nothing";
  EXPECT_EQ(report.body.find(" style=\""), std::string::npos)
      << "no style attribute: the CSP would drop it";
  check(report, 200, "the report (streamed)");
  check(http_request(p, "GET", "/api/report?format=html", "", supervisor_), 200,
        "the report again (cached)");
  check(http_request(p, "GET", "/api/projects/NOPE", "", leader_), 404, "not found");
  check(http_request(p, "GET", "/api/projects"), 401, "no token");
  check(http_request(p, "DELETE", "/api/projects/Y1", "", supervisor_), 405, "a write refused");
  check(http_request(p, "POST", "/api/projects", std::string(2 << 20, 'x'), supervisor_), 413,
        "too large");
  check(http_request(p, "GET", "/healthz"), 200, "health");
  EXPECT_EQ(server.stop(), 0);
}

TEST_F(ServerTest, KeepAliveAndAThousandIdleConnections) {
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = std::min<rlim_t>(lim.rlim_max, 4096);
  setrlimit(RLIMIT_NOFILE, &lim);
  auto server = start();
  const auto p = server.port();
  boost::asio::io_context io;
  std::vector<boost::asio::ip::tcp::socket> idle;
  for (int i = 0; i < 1000; ++i) {
    idle.emplace_back(io);
    idle.back().connect({boost::asio::ip::make_address("127.0.0.1"), p});
  }
  // Three requests on one kept-alive connection while the thousand wait.
  namespace http = boost::beast::http;
  boost::beast::tcp_stream stream(io);
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), p});
  boost::beast::flat_buffer buffer;
  for (int i = 0; i < 3; ++i) {
    http::request<http::string_body> req{http::verb::get, "/api/projects/Y1", 11};
    req.set(http::field::authorization, "Bearer " + leader_);
    http::write(stream, req);
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 200u);
    EXPECT_TRUE(res.keep_alive());
  }
  EXPECT_EQ(server.stop(), 0) << "idle connections do not hold up a clean stop";
}

TEST_F(ServerTest, TheSchedulerSendsOnTimeByItselfAndOnce) {
  const std::string file = dir_.file("unit.jsonl");
  ASSERT_EQ(cli({"contact", "add", "游埠镇招商办", "--role", "unit", "--unit", "游埠镇",
                 "--channel", "file:" + file})
                .exit_code,
            0);
  // Y1 (pre_review since 06-01, 40 working days) is due 2026-07-28.
  auto count_lines = [&] {
    std::ifstream in(file);
    return static_cast<int>(std::count(std::istreambuf_iterator<char>(in), {}, '\n'));
  };
  {
    ServerProcess server(db_, {"--send-at", "09:00"}, {{"LUODI_NOW", "2026-07-21T09:30"}});
    for (int i = 0; i < 100 && count_lines() < 1; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(count_lines(), 1) << "the before-7 reminder went out at start-up";
    EXPECT_EQ(server.stop(), 0);
  }
  {
    ServerProcess again(db_, {"--send-at", "09:00"}, {{"LUODI_NOW", "2026-07-21T09:30"}});
    // Its first look at what is due, done (the observable event), before
    // checking that it sent nothing again.
    ASSERT_TRUE(testing::rounds_done(again.port(), "scheduler", 1)) << again.log();
    EXPECT_EQ(again.stop(), 0);
  }
  EXPECT_EQ(count_lines(), 1) << "a restart repeats nothing";
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(boost::json::parse(line).at("key"), "Y1|pre_review|2026-07-28|before-7");
}

// Y1 (pre_review since 06-01, 40 working days) is due 2026-07-28: on 07-21 at
// 09:30 its before-7 reminder is due.
TEST_F(ServerTest, WebhooksRetryUntilExactlyOneSuccess) {
  testing::WebhookReceiver receiver(3);  // down for its first three calls
  ASSERT_EQ(
      cli({"contact", "add", "游埠镇机器人", "--role", "unit", "--unit", "游埠镇", "--channel",
           "webhook:http://127.0.0.1:" + std::to_string(receiver.port()) + "/robot/send",
           "--format", "dingtalk"})
          .exit_code,
      0);
  ServerProcess server(db_, {"--retry-first-ms", "100"}, {{"LUODI_NOW", "2026-07-21T09:30"}});
  // The success recorded in the outbox: nothing more goes after it.
  ASSERT_TRUE(wait_for_row("Y1|pre_review|2026-07-28|before-7", "sent")) << server.log();
  const auto calls = receiver.calls();
  ASSERT_EQ(calls.size(), 4u) << server.log();
  EXPECT_EQ(receiver.successes(), 1);
  for (const auto& c : calls) EXPECT_EQ(c.idempotency_key, "Y1|pre_review|2026-07-28|before-7");
  auto body = boost::json::parse(calls.back().body);
  EXPECT_EQ(body.at("msgtype"), "markdown");
  EXPECT_NE(std::string(body.at("markdown").at("text").as_string()).find("Y1 游埠项目"),
            std::string::npos);
  EXPECT_EQ(server.stop(), 0);
  int sent = 0;
  const auto rows = cli_array({"outbox"});
  for (const auto& row : rows) {
    if (row.at("key") != "Y1|pre_review|2026-07-28|before-7") continue;
    ++sent;
    EXPECT_EQ(row.at("state"), "sent");
    EXPECT_EQ(row.at("attempts").to_number<int>(), 4);
  }
  EXPECT_EQ(sent, 1);
}

TEST_F(ServerTest, AWebhookThatNeverAnswersIsGivenUpAndListed) {
  testing::WebhookReceiver receiver(1000);
  ASSERT_EQ(
      cli({"contact", "add", "游埠镇机器人", "--role", "unit", "--unit", "游埠镇", "--channel",
           "webhook:http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook"})
          .exit_code,
      0);
  ServerProcess server(db_, {"--retry-first-ms", "100", "--max-attempts", "2"},
                       {{"LUODI_NOW", "2026-07-21T09:30"}});
  // Given up and recorded as failed: nothing more goes after it.
  ASSERT_TRUE(wait_for_row("Y1|pre_review|2026-07-28|before-7", "failed")) << server.log();
  EXPECT_EQ(receiver.calls().size(), 2u);
  EXPECT_EQ(server.stop(), 0);
  auto failed = cli_array({"outbox", "--failed"});
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].at("attempts").to_number<int>(), 2);
  EXPECT_NE(std::string(failed[0].at("last_error").as_string()).find("HTTP 500"),
            std::string::npos);
}

TEST_F(ServerTest, ARestartInTheMiddleLosesAndRepeatsNothing) {
  testing::WebhookReceiver receiver(2);
  ASSERT_EQ(
      cli({"contact", "add", "游埠镇机器人", "--role", "unit", "--unit", "游埠镇", "--channel",
           "webhook:http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook"})
          .exit_code,
      0);
  {
    // Stopped after the first failed attempt, before the retry.
    ServerProcess first(db_, {"--retry-first-ms", "5000"}, {{"LUODI_NOW", "2026-07-21T09:30"}});
    for (int i = 0; i < 100 && receiver.calls().empty(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(first.stop(), 0);
  }
  ASSERT_EQ(receiver.calls().size(), 1u);
  auto pending = cli_array({"outbox", "--pending"});
  ASSERT_EQ(pending.size(), 1u) << "the alert waits, not lost";
  {
    ServerProcess second(db_, {"--retry-first-ms", "100"}, {{"LUODI_NOW", "2026-07-21T09:31"}});
    ASSERT_TRUE(wait_for_row("Y1|pre_review|2026-07-28|before-7", "sent")) << second.log();
    EXPECT_EQ(second.stop(), 0);
  }
  EXPECT_EQ(receiver.successes(), 1) << "exactly one success";
  EXPECT_EQ(receiver.calls().size(), 3u);
}

TEST_F(ServerTest, BackupWhileServing) {
  LUODI_SQLITE_ONLY();  // PostgreSQL is backed up with its own tools (pg_dump, base backups)
  auto server = start();
  ASSERT_EQ(http_request(server.port(), "POST", "/api/projects/Y1/advance",
                         R"({"to":"site_entry"})", supervisor_)
                .status,
            200u);
  ASSERT_EQ(cli({"backup", dir_.file("copy.db")}).exit_code, 0);
  EXPECT_EQ(cli({"backup", dir_.file("copy.db")}).exit_code, 2) << "never overwrites";
  auto copy = run_luodi({"--db", dir_.file("copy.db"), "show", "Y1", "--json"},
                        {{"LUODI_NOW", "2026-06-30T10:00"}});
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  EXPECT_EQ(boost::json::parse(copy.out).at("stage"), "site_entry");
  EXPECT_EQ(run_luodi({"--db", dir_.file("copy.db"), "verify"}).exit_code, 0);
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace luodi
