// End-to-end: the server keeps its answers to GET /api/projects/{code} and
// answers again from them only while nothing has been committed: a move made
// through the API, a move made by another process (the CLI) and a token
// revoked by the CLI are all seen by the next GET.
#include "server/response_cache.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

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
