// End-to-end: the one table of reads. The same read with the same parameters
// answers the same JSON through the CLI (the real binary, --json) and through
// HTTP (the real server, a real socket); an empty parameter is absent on both
// faces; who may read what comes from the table (403); the CLI's help and the
// API's route table list every read, and every route is a read or a write of
// a table.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "commands/read_commands.h"
#include "commands/write_commands.h"
#include "support/server_process.h"
#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

namespace json = boost::json;
using testing::http_request;
using testing::run_luodi;
using testing::ServerProcess;
using testing::TempDir;

constexpr const char* kNow = "2026-07-12T10:00";

class ReadTable : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(cli({"init"}).exit_code, 0);  // with the example campaign, hundred-day-2026
    for (auto p : std::vector<std::vector<std::string>>{
             {"add", "Y1", "--name", "游埠项目", "--unit", "游埠镇", "--leader", "王", "--stage",
              "pre_review", "--stage-since", "2026-03-01", "--land-need-mu", "40"},
             {"add", "Y2", "--name", "女埠项目", "--unit", "女埠街道", "--stage", "signed",
              "--stage-since", "2026-06-01"},
             {"add", "Y3", "--name", "兰江项目", "--unit", "游埠镇", "--stage", "site_entry",
              "--stage-since", "2026-01-10"}}) {
      auto r = cli(p);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    ASSERT_EQ(cli({"block", "Y1", "--category", "land", "--reason", "缺指标", "--on", "2026-06-10"})
                  .exit_code,
              0);
    ASSERT_EQ(cli({"tick"}).exit_code, 0);  // some notifications in the outbox
    supervisor_ = token({"user", "add", "督查员", "--role", "supervisor"});
    unit_ = token({"user", "add", "游埠镇办", "--role", "unit", "--unit", "游埠镇"});
  }

  testing::RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_luodi(args, {{"LUODI_NOW", kNow}});
  }

  std::string token(std::vector<std::string> args) {
    auto t = cli(std::move(args));
    EXPECT_EQ(t.exit_code, 0) << t.err;
    return t.out.substr(0, 64);
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
  std::string supervisor_, unit_;
};

TEST_F(ReadTable, TheSameReadAnswersTheSameJsonOnBothFaces) {
  struct Case {
    std::vector<std::string> cli;  // after `luodi`, without --json
    const char* target;
  };
  const std::vector<Case> cases = {
      {{"show", "Y1"}, "/api/projects/Y1"},
      {{"show", "Y1", "--as-of", "2026-06-01"}, "/api/projects/Y1?as_of=2026-06-01"},
      {{"history", "Y1"}, "/api/projects/Y1/history"},
      {{"lights", "Y1"}, "/api/projects/Y1/lights"},
      {{"list"}, "/api/projects"},
      {{"list", "--unit", "游埠镇"}, "/api/projects?unit=%E6%B8%B8%E5%9F%A0%E9%95%87"},
      {{"list", "--unit", ""}, "/api/projects?unit="},  // empty: no filter, on both faces
      {{"list", "--stage", "signed", "--as-of", "2026-07-01"},
       "/api/projects?stage=signed&as_of=2026-07-01"},
      {{"list", "--overdue"}, "/api/projects?overdue=1"},
      {{"overdue"}, "/api/overdue"},
      {{"overdue", "--unit", ""}, "/api/overdue?unit="},
      {{"overdue", "--leader", "王"}, "/api/overdue?leader=%E7%8E%8B"},
      {{"stats"}, "/api/stats"},
      {{"stats", "--as-of", "2026-06-15"}, "/api/stats?as_of=2026-06-15"},
      {{"outbox"}, "/api/outbox"},
      {{"outbox", "--pending"}, "/api/outbox?pending=1"},
      {{"campaign", "status", "hundred-day-2026"}, "/api/campaigns/hundred-day-2026"},
      {{"campaign", "plan", "hundred-day-2026"}, "/api/campaigns/hundred-day-2026/plan"},
      {{"calendar", "changes"}, "/api/calendar/changes"},
      {{"workflow", "changes"}, "/api/calendar/changes"},
  };
  ServerProcess server(db_, {}, {{"LUODI_NOW", kNow}});
  for (const auto& c : cases) {
    std::vector<std::string> args = c.cli;
    args.push_back("--json");
    auto r = cli(args);
    ASSERT_EQ(r.exit_code, 0) << c.target << ": " << r.err;
    auto reply = http_request(server.port(), "GET", c.target, "", supervisor_);
    ASSERT_EQ(reply.status, 200u) << c.target << ": " << reply.body;
    EXPECT_EQ(json::parse(reply.body), json::parse(r.out)) << c.target;
  }
  // An empty filter is no filter; a filter filters.
  EXPECT_EQ(json::parse(cli({"list", "--unit", "", "--json"}).out).as_array().size(), 3u);
  EXPECT_EQ(json::parse(cli({"list", "--unit", "游埠镇", "--json"}).out).as_array().size(), 2u);
  // Paged: the same rows, streamed as {"items", "next"} over HTTP.
  auto page = http_request(server.port(), "GET", "/api/projects?limit=2", "", supervisor_);
  ASSERT_EQ(page.status, 200u);
  auto cli_page = cli({"list", "--json", "--limit", "2"});
  EXPECT_EQ(json::parse(page.body).at("items"), json::parse(cli_page.out));
  EXPECT_EQ(cli_page.err,
            "next: " + std::string(json::parse(page.body).at("next").as_string()) + "\n");
}

TEST_F(ReadTable, TheSameBadParameterTheSameWordsOnBothFaces) {
  ServerProcess server(db_, {}, {{"LUODI_NOW", kNow}});
  struct Case {
    std::vector<std::string> cli;
    const char* target;
  };
  for (const Case& c : std::vector<Case>{
           {{"show", "Y1", "--as-of", "2026-13-40"}, "/api/projects/Y1?as_of=2026-13-40"},
           {{"list", "--as-of", "someday"}, "/api/projects?as_of=someday"},
           {{"overdue", "--limit", "0"}, "/api/overdue?limit=0"},
           {{"show", "NOPE"}, "/api/projects/NOPE"},
           {{"campaign", "status", "nope"}, "/api/campaigns/nope"},
       }) {
    auto r = cli(c.cli);
    EXPECT_EQ(r.exit_code, 2) << c.target;
    auto reply = http_request(server.port(), "GET", c.target, "", supervisor_);
    EXPECT_TRUE(reply.status == 400u || reply.status == 404u) << c.target << " " << reply.status;
    const std::string message(json::parse(reply.body).at("error").at("message").as_string());
    const std::string verb = c.cli.front();
    EXPECT_EQ(r.err, "luodi " + verb + ": " + message + "\n") << c.target;
  }
  // An unknown flag is an error on the CLI; an unknown query key is ignored.
  EXPECT_EQ(cli({"stats", "--unit", "x"}).exit_code, 2);
  EXPECT_EQ(http_request(server.port(), "GET", "/api/stats?unit=x", "", supervisor_).status, 200u);
}

TEST_F(ReadTable, WhoMayReadWhatComesFromTheTable) {
  ServerProcess server(db_, {}, {{"LUODI_NOW", kNow}});
  // Supervisors only: the outbox; province users only: the roll-up.
  auto outbox = http_request(server.port(), "GET", "/api/outbox", "", unit_);
  EXPECT_EQ(outbox.status, 403u) << outbox.body;
  EXPECT_EQ(json::parse(outbox.body).at("error").at("code"), "forbidden");
  EXPECT_EQ(http_request(server.port(), "GET", "/api/province/report", "", supervisor_).status,
            403u);
  // A unit user's export is its own unit's, whatever it asks; a supervisor's ?unit= filters.
  auto own = http_request(server.port(), "GET", "/api/export?format=csv&unit=%E5%A5%B3", "", unit_);
  ASSERT_EQ(own.status, 200u);
  EXPECT_NE(own.body.find("Y1"), std::string::npos);
  EXPECT_EQ(own.body.find("Y2"), std::string::npos);
  auto filtered = http_request(server.port(), "GET",
                               "/api/export?format=csv&unit=%E5%A5%B3%E5%9F%A0%E8%A1%97%E9%81%93",
                               "", supervisor_);
  ASSERT_EQ(filtered.status, 200u);
  EXPECT_EQ(filtered.body.find("Y1"), std::string::npos);
  EXPECT_NE(filtered.body.find("Y2"), std::string::npos);
  auto all = http_request(server.port(), "GET", "/api/export?format=csv&unit=", "", supervisor_);
  EXPECT_NE(all.body.find("Y1"), std::string::npos);
  EXPECT_NE(all.body.find("Y2"), std::string::npos);
  // The export's CSV is the CLI's, byte for byte, for the same unit.
  EXPECT_EQ(filtered.body, cli({"export", "--unit", "女埠街道"}).out);
  // Units read every project (they write their own).
  EXPECT_EQ(http_request(server.port(), "GET", "/api/projects/Y2", "", unit_).status, 200u);
}

TEST_F(ReadTable, HelpAndRoutesComeFromTheTables) {
  ServerProcess server(db_, {}, {{"LUODI_NOW", kNow}});
  auto reply = http_request(server.port(), "GET", "/api/routes", "", supervisor_);
  ASSERT_EQ(reply.status, 200u);
  const json::array routes = json::parse(reply.body).as_array();
  // Every route is a read or a write of a table (loading a holiday table,
  // a supervisor's upload of YAML, is the one route of its own).
  for (const auto& r : routes) {
    const bool own = r.at("method") == "POST" && r.at("route") == "/api/calendar";
    EXPECT_TRUE(own || r.as_object().contains("read") || r.as_object().contains("command"))
        << json::serialize(r);
  }
  const std::string help = cli({"help"}).out;
  for (const auto& c : commands::read_commands()) {
    if (!c.route.empty()) {
      bool listed = false;
      for (const auto& r : routes)
        listed |= r.at("route") == json::value(c.route) &&
                  r.at("method") == json::value(c.method) && r.at("read") == json::value(c.name);
      EXPECT_TRUE(listed) << c.name;
    }
    // Every read the server answers has an answer (a special one too).
    if (c.method == "GET" && !c.route.empty() && c.route.find('{') == std::string::npos) {
      auto answered = http_request(server.port(), "GET", c.route, "", supervisor_);
      EXPECT_LT(answered.status, 500u) << c.route << ": " << answered.body;
    }
    if (c.cli_verb.empty()) continue;
    EXPECT_NE(help.find("\n" + c.cli_verb + " "), std::string::npos) << c.cli_verb;
    auto one = cli({"help", c.cli_verb});
    ASSERT_EQ(one.exit_code, 0) << c.cli_verb;
    for (const auto& p : c.params)
      if (p.face != commands::Face::kHttp && p.name != "output") {
        EXPECT_NE(one.out.find("--" + commands::ReadCommand::flag_of(p)), std::string::npos)
            << c.name << " " << p.name << "\n"
            << one.out;
      }
    if (!c.route.empty() && c.cli_sub.empty()) {
      EXPECT_NE(one.out.find(c.method + " " + c.route), std::string::npos) << one.out;
    }
  }
}

}  // namespace
}  // namespace luodi
