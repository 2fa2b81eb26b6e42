// End-to-end: the server keeps its answers to GET /api/projects/{code} and
// answers again from them only while nothing has been committed: a move made
// through the API, a move made by another process (the CLI) and a token
// revoked by the CLI are all seen by the next GET. On PostgreSQL, two
// servers on one database: a write through one is seen by the other once
// its change hint has come, a server's own write at once, and a server
// whose listening connection is gone caches nothing.
#include "server/response_cache.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "support/postgres.h"
#include "support/server_process.h"
#include "support/test_support.h"

namespace luodi {
namespace {

namespace json = boost::json;
using testing::http_request;
using testing::run_luodi;
using testing::ServerProcess;
using testing::TempDir;

const std::map<std::string, std::string> kEnv = {{"LUODI_NOW", "2026-06-30T10:00"}};

class ResponseCacheE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(cli({"init"}).exit_code, 0);
    auto r = cli({"add", "P1", "--name", "项目", "--unit", "游埠镇", "--stage", "signed",
                  "--stage-since", "2026-06-01"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto t = cli({"user", "add", "督查", "--role", "supervisor"});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    token_ = t.out.substr(0, 64);
  }

  testing::RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_luodi(args, kEnv);
  }

  std::string stage_of(unsigned short port) {
    auto r = http_request(port, "GET", "/api/projects/P1", "", token_);
    EXPECT_EQ(r.status, 200u) << r.body;
    return r.status == 200 ? std::string(json::parse(r.body).at("stage").as_string()) : r.body;
  }

  TempDir dir_;
  std::string db_ = dir_.file("city.db");
  std::string token_;
};

TEST_F(ResponseCacheE2E, EveryCommitIsSeenByTheNextGet) {
  ServerProcess server(db_, {}, kEnv);
  EXPECT_EQ(stage_of(server.port()), "signed");
  EXPECT_EQ(stage_of(server.port()), "signed") << "answered again, from the cache";

  auto moved = http_request(server.port(), "POST", "/api/projects/P1/advance",
                            R"({"to":"pre_review","on":"2026-06-10"})", token_);
  ASSERT_EQ(moved.status, 200u) << moved.body;
  EXPECT_EQ(stage_of(server.port()), "pre_review") << "a write through the API";

  auto r = cli({"advance", "P1", "--to", "site_entry", "--on", "2026-06-20"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(stage_of(server.port()), "site_entry") << "a write by another process";

  ASSERT_EQ(cli({"user", "revoke", "督查"}).exit_code, 0);
  EXPECT_EQ(http_request(server.port(), "GET", "/api/projects/P1", "", token_).status, 401u)
      << "a revoked token is refused at once";
  EXPECT_EQ(http_request(server.port(), "GET", "/api/projects/P1", "", "").status, 401u);
  EXPECT_EQ(server.stop(), 0);
}

// Requests the cache cannot answer (each its own target) reach the readers
// with the stamp they came under: a reader does not read the rules and the
// token's user again while it is the same, and yet tells tokens apart, and
// sees a revocation and a move by another process at the next request.
TEST_F(ResponseCacheE2E, ReadsUnderOneStampTellTokensApartAndSeeEachCommit) {
  auto u = cli({"user", "add", "单位", "--role", "unit", "--unit", "游埠镇"});
  ASSERT_EQ(u.exit_code, 0) << u.err;
  const std::string unit = u.out.substr(0, 64);
  ServerProcess server(db_, {}, kEnv);
  int n = 0;
  auto get = [&](const std::string& token) {
    return http_request(server.port(), "GET", "/api/projects/P1?n=" + std::to_string(++n), "",
                        token);
  };
  for (int i = 0; i < 12; ++i) {  // more than the readers: each reader twice at least
    EXPECT_EQ(get(token_).status, 200u);
    EXPECT_EQ(get(unit).status, 200u);
    EXPECT_EQ(get(std::string(64, 'a')).status, 401u) << "an unknown token, after a known one";
  }
  ASSERT_EQ(cli({"user", "revoke", "单位"}).exit_code, 0);
  for (int i = 0; i < 12; ++i) {
    EXPECT_EQ(get(unit).status, 401u) << "revoked by another process: refused at once";
    auto r = get(token_);
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(json::parse(r.body).at("stage"), "signed");
  }
  ASSERT_EQ(cli({"advance", "P1", "--to", "pre_review", "--on", "2026-06-10"}).exit_code, 0);
  for (int i = 0; i < 12; ++i) {
    auto r = get(token_);
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(json::parse(r.body).at("stage"), "pre_review") << "a move by another process";
  }
  EXPECT_EQ(server.stop(), 0);
}

TEST(ResponseCachePostgres, TwoServersSeeEachOthersWritesOnceTheHintHasCome) {
  LUODI_NEED_POSTGRES();
  testing::ScratchPostgres pg;
  auto cli = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", pg.uri()});
    return run_luodi(args, kEnv);
  };
  ASSERT_EQ(cli({"init"}).exit_code, 0);
  ASSERT_EQ(cli({"add", "P1", "--name", "项目", "--unit", "游埠镇", "--stage", "signed",
                 "--stage-since", "2026-06-01"})
                .exit_code,
            0);
  auto t = cli({"user", "add", "督查", "--role", "supervisor"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const std::string token = t.out.substr(0, 64);
  // Server A's connections are named, so that its own can be found.
  const std::string a_uri =
      pg.uri() + (pg.uri().find('?') == std::string::npos ? "?" : "&") + "application_name=cache_a";
  ServerProcess a(a_uri, {"--readers", "2"}, kEnv), b(pg.uri(), {"--readers", "2"}, kEnv);
  auto stage_on = [&](const ServerProcess& s) {
    auto r = http_request(s.port(), "GET", "/api/projects/P1", "", token);
    EXPECT_EQ(r.status, 200u) << r.body;
    return r.status == 200 ? std::string(json::parse(r.body).at("stage").as_string()) : r.body;
  };
  auto hits = [&] { return testing::metric(a.port(), "luodi_response_cache_hits_total"); };
  auto version = [&] { return testing::metric(a.port(), "luodi_response_cache_version"); };
  auto advance = [&](const ServerProcess& s, const char* to, const char* on) {
    auto r = http_request(
        s.port(), "POST", "/api/projects/P1/advance",
        std::string(R"({"to":")") + to + R"(","on":")" + on + R"(","evidence":{"permit":"P-1"}})",
        token);
    EXPECT_EQ(r.status, 200u) << r.body;
  };
  auto wait_for = [](auto done) {
    for (int i = 0; i < 400 && !done(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return done();
  };

  EXPECT_EQ(stage_on(a), "signed");
  const double before = hits();
  EXPECT_EQ(stage_on(a), "signed");
  EXPECT_EQ(hits(), before + 1) << "answered again from the cache";
  EXPECT_EQ(testing::metric(a.port(), "luodi_response_cache_enabled"), 1);

  // A write through B: A answers it once B's hint has come.
  const double seen = version();
  advance(b, "pre_review", "2026-06-10");
  ASSERT_TRUE(wait_for([&] { return version() > seen; })) << "A never counted B's hint";
  EXPECT_EQ(stage_on(a), "pre_review");

  // A's own write: its next GET has it at once.
  advance(a, "site_entry", "2026-06-20");
  EXPECT_EQ(stage_on(a), "site_entry");
  EXPECT_EQ(stage_on(a), "site_entry");

  // A's listening connections killed: A finds out, and caches nothing since.
  ASSERT_NE(pg.query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                     "application_name = 'cache_a' AND query = 'LISTEN luodi_changes'"),
            "0");
  ASSERT_TRUE(wait_for([&] {
    return testing::metric(a.port(), "luodi_response_cache_enabled") == 0;
  })) << "A never noticed its listener gone";
  const double bypassed = hits();
  EXPECT_EQ(stage_on(a), "site_entry");
  EXPECT_EQ(stage_on(a), "site_entry");
  advance(b, "construction", "2026-06-25");
  EXPECT_EQ(stage_on(a), "construction") << "no hint can come: answered from the database";
  EXPECT_EQ(hits(), bypassed);
  EXPECT_EQ(a.stop(), 0);
  EXPECT_EQ(b.stop(), 0);
}

TEST(ResponseCache, KeepsOnlyOneProjectsGetAndOnlyUnderItsStamp) {
  using server::ResponseCache;
  auto req = [](server::http::verb verb, const char* target, const char* token) {
    server::Request r{verb, target, 11};
    r.set(server::http::field::authorization, std::string("Bearer ") + token);
    return r;
  };
  using server::http::verb;
  EXPECT_TRUE(ResponseCache::cacheable(req(verb::get, "/api/projects/P1", "a")));
  EXPECT_TRUE(ResponseCache::cacheable(req(verb::get, "/api/projects/P1?as_of=2026-06-01", "a")));
  EXPECT_FALSE(ResponseCache::cacheable(req(verb::get, "/api/projects", "a")));
  EXPECT_FALSE(ResponseCache::cacheable(req(verb::get, "/api/projects/", "a")));
  EXPECT_FALSE(ResponseCache::cacheable(req(verb::get, "/api/projects/P1/history", "a")));
  EXPECT_FALSE(ResponseCache::cacheable(req(verb::post, "/api/projects/P1", "a")));
  EXPECT_FALSE(ResponseCache::cacheable(req(verb::get, "/metrics", "a")));

  ResponseCache cache(2);
  const ResponseCache::Stamp v1{1, *Date::parse("2026-06-30")}, v2{2, *Date::parse("2026-06-30")},
      next_day{1, *Date::parse("2026-07-01")};
  server::Response ok{server::http::status::ok, 11};
  ok.body() = "P1";
  cache.keep(req(verb::get, "/api/projects/P1", "a"), v1, ok, "/api/projects/{code}", "u");
  ASSERT_NE(cache.find(req(verb::get, "/api/projects/P1", "a"), v1), nullptr);
  EXPECT_EQ(cache.find(req(verb::get, "/api/projects/P1", "a"), v1)->response.body(), "P1");
  EXPECT_EQ(cache.find(req(verb::get, "/api/projects/P1", "a"), v2), nullptr) << "a commit since";
  EXPECT_EQ(cache.find(req(verb::get, "/api/projects/P1", "a"), next_day), nullptr)
      << "another day";
  EXPECT_EQ(cache.find(req(verb::get, "/api/projects/P1", "b"), v1), nullptr) << "another token";
  server::Response missing{server::http::status::not_found, 11};
  cache.keep(req(verb::get, "/api/projects/P2", "a"), v1, missing, "/api/projects/{code}", "u");
  EXPECT_EQ(cache.find(req(verb::get, "/api/projects/P2", "a"), v1), nullptr)
      << "only answers that succeeded";
  cache.keep(req(verb::get, "/api/projects/P3", "a"), v1, ok, "r", "u");
  cache.keep(req(verb::get, "/api/projects/P4", "a"), v1, ok, "r", "u");
  EXPECT_EQ(cache.find(req(verb::get, "/api/projects/P1", "a"), v1), nullptr)
      << "full: started again";
  EXPECT_NE(cache.find(req(verb::get, "/api/projects/P4", "a"), v1), nullptr);
}

}  // namespace
}  // namespace luodi
