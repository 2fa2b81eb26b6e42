// End-to-end: the one table of commands. The same bad requests through the
// CLI (the real binary) and through HTTP (the real server, a real socket) get
// the same message and the matching exit code / HTTP status, and write
// nothing; a write answers with the new state on both faces; the CLI's help
// and the API's route table list every command of the table.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "commands/write_commands.h"
#include "lifecycle/lifecycle.h"
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

class CommandTable : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(dir_.file("none"));
    ASSERT_EQ(cli({"init", "--campaigns", dir_.file("none")}).exit_code, 0);
    ASSERT_EQ(cli({"add", "Y1", "--name", "游埠项目", "--unit", "游埠镇", "--stage", "pre_review",
                   "--stage-since", "2026-06-01", "--land-need-mu", "40"})
                  .exit_code,
              0);
    ASSERT_EQ(cli({"block", "Y1", "--category", "land", "--reason", "缺指标", "--on", "2026-06-10"})
                  .exit_code,
              0);
    auto t = cli({"user", "add", "督查员", "--role", "supervisor"});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    supervisor_ = t.out.substr(0, 64);
  }

  testing::RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_luodi(args, {{"LUODI_NOW", "2026-06-30T10:00"}});
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
  std::string supervisor_;
};

struct BadRequest {
  std::vector<std::string> cli;  // after `luodi`
  const char* method;
  const char* target;
  const char* body;
  int exit_code;
  unsigned http_status;
  const char* message;  // the whole message, on both faces
};

TEST_F(CommandTable, OneBadRequestOneAnswerOnBothFaces) {
  const std::vector<BadRequest> cases = {
      {{"advance", "Y1"}, "POST", "/api/projects/Y1/advance", "{}", 2, 400, "缺少必填项：目标阶段"},
      {{"advance", "Y1", "--to", "moon"},
       "POST",
       "/api/projects/Y1/advance",
       R"({"to":"moon"})",
       2,
       400,
       "unknown stage 'moon' (stages: signed, pre_review, site_entry, construction, completion, "
       "production)"},
      {{"advance", "NOPE", "--to", "site_entry"},
       "POST",
       "/api/projects/NOPE/advance",
       R"({"to":"site_entry"})",
       2,
       404,
       "没有编号为 NOPE 的项目"},
      {{"advance", "Y1", "--to", "site_entry", "--on", "2026-13-01"},
       "POST",
       "/api/projects/Y1/advance",
       R"({"to":"site_entry","on":"2026-13-01"})",
       2,
       400,
       "日期应为1900-01-01 至 2200-12-31 之间的日期（年-月-日）（收到 2026-13-01）"},
      {{"advance", "Y1", "--to", "site_entry", "--on", "2026-07-30"},
       "POST",
       "/api/projects/Y1/advance",
       R"({"to":"site_entry","on":"2026-07-30"})",
       2,
       400,
       "date 2026-07-30 is in the future (today is 2026-06-30)"},
      {{"update", "Y1", "--land-secured-mu", "-3"},
       "PATCH",
       "/api/projects/Y1",
       R"({"land_secured_mu":-3})",
       2,
       400,
       "已落实用地指标（亩）应为不小于 0 的数（收到 -3）"},
      {{"update", "Y1", "--land-secured-mu", "41"},
       "PATCH",
       "/api/projects/Y1",
       R"({"land_secured_mu":41})",
       2,
       400,
       "已落实用地 41 亩，超过用地需求 40 亩"},
      {{"update", "Y1"},
       "PATCH",
       "/api/projects/Y1",
       "{}",
       2,
       400,
       "nothing to update: give at least one field"},
      {{"block", "Y1", "--category", "weather", "--reason", "雨"},
       "POST",
       "/api/projects/Y1/blockers",
       R"({"category":"weather","reason":"雨"})",
       2,
       400,
       "没有受阻类别 "
       "weather（可选：规划（planning）、政策（policy）、资金（funding）、用地指标（land）、"
       "环评（environment）、其他（other））"},
      {{"block", "Y1", "--category", "land"},
       "POST",
       "/api/projects/Y1/blockers",
       R"({"category":"land"})",
       2,
       400,
       "缺少必填项：原因"},
      {{"instruct", "Y1", "--blocker", "abc", "--text", "快"},
       "POST",
       "/api/projects/Y1/blockers/abc/instructions",
       R"({"text":"快"})",
       2,
       400,
       "受阻事项应为正整数（收到 abc）"},
      {{"instruct", "Y1", "--blocker", "99", "--text", "快"},
       "POST",
       "/api/projects/Y1/blockers/99/instructions",
       R"({"text":"快"})",
       2,
       404,
       "no open blocker 99 on Y1"},
      {{"invest", "Y1", "--fixed-asset-wan", "12,000x"},
       "POST",
       "/api/projects/Y1/invest",
       R"({"fixed_asset_wan":"12,000x"})",
       2,
       400,
       "已完成固定资产投资（万元）应为不小于 0 的数（收到 12,000x）"},
      {{"plan", "Y1", "--clear", "--due", "2026-08-01"},
       "POST",
       "/api/projects/Y1/plan",
       R"({"clear":true,"due":"2026-08-01"})",
       2,
       400,
       "'clear' takes no 'due' and no 'stage'"},
      {{"cancel", "Y1"}, "POST", "/api/projects/Y1/cancel", "{}", 2, 400, "缺少必填项：原因"},
      {{"add", "Y1", "--name", "又一个", "--unit", "游埠镇"},
       "POST",
       "/api/projects",
       R"({"code":"Y1","name":"又一个","unit":"游埠镇"})",
       2,
       409,
       "project Y1 already exists"},
      {{"advance", "Y1", "--to", "production"},
       "POST",
       "/api/projects/Y1/advance",
       R"({"to":"production"})",
       3,
       409,
       ""},  // refused: the message is checked to be the same below
  };
  const std::string before = cli({"history", "Y1", "--json"}).out;
  ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-06-30T10:00"}});
  for (const auto& c : cases) {
    const std::string verb = c.cli.front();
    auto r = cli(c.cli);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.target << ": " << r.err;
    auto reply = http_request(server.port(), c.method, c.target, c.body, supervisor_);
    EXPECT_EQ(reply.status, c.http_status) << c.target << ": " << reply.body;
    const json::value body = json::parse(reply.body);
    const std::string api_message(body.at("error").at("message").as_string());
    EXPECT_EQ(r.err, "luodi " + verb + ": " + api_message + "\n") << "the same words on both faces";
    if (*c.message) {
      EXPECT_EQ(api_message, c.message);
    }
  }
  EXPECT_EQ(cli({"history", "Y1", "--json"}).out, before) << "no bad request wrote anything";
}

// An error's code is the same in every language; its words follow ?lang=,
// else Accept-Language, else Chinese — and the CLI's follow --lang, else
// LUODI_LANG, else Chinese.
TEST_F(CommandTable, AnErrorSpeaksTheReadersLanguageWithAStableCode) {
  ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-06-30T10:00"}});
  auto error_of = [&](const std::string& target, std::map<std::string, std::string> headers) {
    auto reply = http_request(server.port(), "POST", target, "{}", supervisor_, headers);
    EXPECT_EQ(reply.status, 400u) << reply.body;
    return json::parse(reply.body).at("error");
  };
  const auto zh = error_of("/api/projects/Y1/advance", {});
  EXPECT_EQ(zh.at("code"), "bad_input");
  EXPECT_EQ(zh.at("message"), "缺少必填项：目标阶段");
  EXPECT_EQ(zh.at("field"), "to") << "the field the error is about, for the page's form";
  const auto en = error_of("/api/projects/Y1/advance?lang=en", {});
  EXPECT_EQ(en.at("code"), "bad_input");
  EXPECT_EQ(en.at("message"), "'to' is required");
  EXPECT_EQ(
      error_of("/api/projects/Y1/advance", {{"Accept-Language", "en-GB,en;q=0.9"}}).at("message"),
      "'to' is required");
  EXPECT_EQ(error_of("/api/projects/Y1/advance", {{"Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8"}})
                .at("message"),
            "缺少必填项：目标阶段");
  EXPECT_EQ(error_of("/api/projects/Y1/advance?lang=zh", {{"Accept-Language", "en"}}).at("message"),
            "缺少必填项：目标阶段")
      << "?lang= before Accept-Language";
  EXPECT_EQ(cli({"advance", "Y1"}).err, "luodi advance: 缺少必填项：目标阶段\n");
  EXPECT_EQ(cli({"--lang", "en", "advance", "Y1"}).err, "luodi advance: 'to' is required\n");
  EXPECT_EQ(run_luodi({"--db", db_, "advance", "Y1"}, {{"LUODI_LANG", "en"}}).err,
            "luodi advance: 'to' is required\n");
  auto bad = cli({"--lang", "fr", "advance", "Y1"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--lang must be zh or en"), std::string::npos) << bad.err;
}

TEST_F(CommandTable, AWriteAnswersWithTheNewStateOnBothFaces) {
  auto unblocked = cli({"unblock", "Y1", "--on", "2026-06-15", "--json"});
  ASSERT_EQ(unblocked.exit_code, 0) << unblocked.err;
  EXPECT_EQ(json::parse(unblocked.out).at("resolved"), json::parse("[1]"));
  auto r = cli({"advance", "Y1", "--to", "site_entry", "--on", "2026-06-20", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json::value written = json::parse(r.out);
  EXPECT_EQ(written.at("stage"), "site_entry");
  const json::value shown = json::parse(cli({"show", "Y1", "--json"}).out);
  EXPECT_EQ(written.at("due"), shown.at("due"));
  EXPECT_EQ(written.at("light"), shown.at("light"));

  ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-06-30T10:00"}});
  auto reply = http_request(server.port(), "POST", "/api/projects/Y1/blockers",
                            R"({"category":"funding","reason":"资金未到位"})", supervisor_);
  ASSERT_EQ(reply.status, 201u) << reply.body;
  const json::value blocked = json::parse(reply.body);
  EXPECT_EQ(blocked.at("project"), "Y1");
  EXPECT_EQ(blocked.at("status"), "blocked");
  ASSERT_EQ(blocked.at("blockers").as_array().size(), 1u)
      << "the answer is the state after the write";
  EXPECT_EQ(blocked.at("blockers").at(0).at("category"), "funding");
  auto drop = http_request(server.port(), "POST", "/api/projects/Y1/drop", R"({"reason":"换址"})",
                           supervisor_);
  ASSERT_EQ(drop.status, 200u) << drop.body;
  EXPECT_EQ(json::parse(drop.body).at("key"), false);
}

// A province user reads every city and writes none: every write route of
// the table (and the holiday table's) answers 403 with the catalogued
// error, before its body or its project is read (an empty body is no 400,
// a project of another city no 404), and nothing is written.
TEST_F(CommandTable, AProvinceUserReadsAndWritesNothing) {
  auto t = cli({"user", "add", "省发改委", "--role", "province"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const std::string province = t.out.substr(0, 64);
  auto state = [&] {
    return cli({"list", "--json"}).out + cli({"history", "Y1", "--json"}).out +
           cli({"user", "list", "--json"}).out + cli({"verify"}).out +
           cli({"calendar", "show"}).out;
  };
  const std::string before = state();
  ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-06-30T10:00"}});
  auto read = http_request(server.port(), "GET", "/api/projects/Y1", "", province);
  EXPECT_EQ(read.status, 200u) << read.body;

  struct Write {
    std::string method, target, body;
  };
  std::vector<Write> writes;
  for (const auto& command : commands::write_commands()) {
    for (const std::string code : {"Y1", "NOPE"}) {
      std::string target = command.route;
      for (const auto& [name, value] : {std::pair<std::string, std::string>{"{code}", code},
                                        {"{blocker}", "1"},
                                        {"{instruction}", "1"}})
        if (auto at = target.find(name); at != std::string::npos)
          target.replace(at, name.size(), value);
      writes.push_back({command.method, target, "{}"});
      if (command.route.find("{code}") == std::string::npos) {  // add: a whole new project
        writes.push_back({command.method, target,
                          R"({"code":"P9","name":"新项目","unit":"游埠镇","stage":"signed"})"});
        break;
      }
    }
  }
  writes.push_back({"POST", "/api/calendar", "id: cn\n"});
  ASSERT_GE(writes.size(), 2 * commands::write_commands().size());
  for (const auto& w : writes) {
    auto reply = http_request(server.port(), w.method, w.target, w.body, province);
    EXPECT_EQ(reply.status, 403u) << w.method << " " << w.target << ": " << reply.body;
    const auto error = json::parse(reply.body).at("error");
    EXPECT_EQ(error.at("code"), "forbidden") << w.target;
    EXPECT_EQ(error.at("message"), "省发改委 是省级用户：可查看各市，不能修改任何数据") << w.target;
  }
  auto en = http_request(server.port(), "POST", "/api/projects/Y1/advance?lang=en",
                         R"({"to":"site_entry"})", province);
  EXPECT_EQ(en.status, 403u);
  EXPECT_EQ(json::parse(en.body).at("error").at("message"),
            "省发改委 is a province user: reads every city, writes none");
  EXPECT_EQ(server.stop(), 0);
  EXPECT_EQ(state(), before) << "nothing written";
}

TEST_F(CommandTable, HelpAndRoutesComeFromTheTable) {
  ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-06-30T10:00"}});
  auto reply = http_request(server.port(), "GET", "/api/routes", "", supervisor_);
  ASSERT_EQ(reply.status, 200u);
  const json::array routes = json::parse(reply.body).as_array();
  for (const auto& c : commands::write_commands()) {
    bool listed = false;
    for (const auto& r : routes)
      listed |= r.at("route") == json::value(c.route) && r.at("method") == json::value(c.method) &&
                r.at("command") == json::value(c.name);
    EXPECT_TRUE(listed) << c.name;
    auto help = cli({"help", c.cli_verb});
    EXPECT_NE(help.out.find(c.method + " " + c.route), std::string::npos) << help.out;
    // The states the lifecycle chart takes the move in (lifecycle_test asks
    // the chart each of them).
    if (auto move = parse_move(c.name)) {
      const std::string selector = c.cli_selector.empty() ? "" : "--" + c.cli_selector + " ";
      EXPECT_NE(help.out.find(selector + "allowed while " + statuses_taking(*move) + "\n"),
                std::string::npos)
          << help.out;
    }
    for (const auto& f : c.fields)
      if (f.name != "code") {
        EXPECT_NE(help.out.find("--" + c.flag_of(f)), std::string::npos) << c.name << " " << f.name;
      }
  }
}

// Each project answers with the moves the lifecycle chart allows it now, the
// same on both faces: a blocked one cannot advance (the dashboard offers no
// advance form then), once unblocked it can, to the stages the workflow allows.
TEST_F(CommandTable, AllowedMovesComeFromTheChart) {
  auto names = [](const json::value& project) {
    std::vector<std::string> out;
    for (const auto& m : project.at("allowed_moves").as_array()) out.emplace_back(m.as_string());
    return out;
  };
  ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-06-30T10:00"}});
  auto api = [&] {
    auto reply = http_request(server.port(), "GET", "/api/projects/Y1", "", supervisor_);
    EXPECT_EQ(reply.status, 200u) << reply.body;
    return json::parse(reply.body);
  };
  const json::value blocked = api();
  EXPECT_EQ(names(blocked), (std::vector<std::string>{"unblock", "block", "cancel", "drop", "plan",
                                                      "instruct", "update", "invest"}));
  EXPECT_EQ(json::parse(cli({"show", "Y1", "--json"}).out).at("allowed_moves"),
            blocked.at("allowed_moves"));
  EXPECT_EQ(blocked.at("advance_to"), json::array());
  ASSERT_EQ(cli({"unblock", "Y1", "--on", "2026-06-20"}).exit_code, 0);
  const json::value active = api();
  EXPECT_EQ(names(active), (std::vector<std::string>{"advance", "block", "cancel", "drop", "plan",
                                                     "update", "invest"}));
  EXPECT_EQ(active.at("advance_to"), json::parse(R"(["site_entry","construction"])"));
  ASSERT_EQ(cli({"cancel", "Y1", "--reason", "撤资", "--on", "2026-06-25"}).exit_code, 0);
  EXPECT_EQ(names(api()), std::vector<std::string>{"update"});
  // A refused move is refused on both faces with what is allowed from there.
  auto refused = cli({"advance", "Y1", "--to", "site_entry"});
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("allowed from there: update (cancelled is final)"), std::string::npos)
      << refused.err;
}

}  // namespace
}  // namespace luodi
