// The table of reads and its one reader of parameters (commands/read_commands.h),
// and the one table of statuses (common/status_table.h).
#include <gtest/gtest.h>

#include <set>

#include "commands/read_commands.h"
#include "common/status_table.h"
#include "server/api.h"

namespace luodi::commands {
namespace {

using Query = std::map<std::string, std::string>;

const User kSupervisor{"督查员", Role::kSupervisor, "", {}};
const User kUnit{"游埠镇办", Role::kUnit, "游埠镇", {}};
const User kProvince{"省厅", Role::kProvince, "", {}};

TEST(ReadTable, TheIssuesReadsHaveAVerbAndARoute) {
  for (const char* name : {"show", "list", "overdue", "stats", "lights", "history", "outbox",
                           "report", "export", "campaign status", "campaign plan", "whatif"}) {
    const ReadCommand& r = read_command(name);
    EXPECT_FALSE(r.cli_verb.empty()) << name;
    EXPECT_FALSE(r.route.empty()) << name;
  }
}

TEST(ReadTable, EveryReadHasAFaceAndOneDeclaration) {
  std::set<std::string> names, routes, verbs;
  for (const auto& r : read_commands()) {
    EXPECT_TRUE(names.insert(r.name).second) << r.name;
    EXPECT_FALSE(r.summary.empty()) << r.name;
    EXPECT_TRUE(!r.cli_verb.empty() || !r.route.empty()) << r.name;
    if (!r.route.empty()) {
      EXPECT_TRUE(routes.insert(r.method + " " + r.route).second) << r.route;
    }
    if (!r.cli_verb.empty()) {
      EXPECT_TRUE(verbs.insert(r.cli_verb + " " + r.cli_sub).second) << r.cli_verb;
    }
    // A route's {name} is the read's positional, and the CLI names one too.
    const bool var = r.route.find('{') != std::string::npos;
    if (var && !r.cli_verb.empty()) {
      EXPECT_FALSE(r.positional.empty()) << r.name;
    }
    if (r.paging == Paging::kRows) {
      EXPECT_TRUE(r.rows) << r.name;
    }
    if (r.readers == Readers::kSupervisors || r.readers == Readers::kProvince) {
      EXPECT_FALSE(r.forbidden.empty()) << r.name;
    }
    for (const auto& p : r.params) {
      if (p.type == ParamType::kChoice && !p.default_value.empty()) {
        EXPECT_NE(std::find(p.choices.begin(), p.choices.end(), p.default_value), p.choices.end())
            << r.name << " " << p.name;
      }
    }
  }
}

TEST(ReadArgs, AnEmptyValueIsAbsentOnBothFaces) {
  for (Face face : {Face::kCli, Face::kHttp}) {
    auto a = read_args(read_command("list"), face, {{"unit", ""}, {"overdue", ""}, {"as_of", " "}},
                       "", nullptr);
    ASSERT_TRUE(a.ok()) << a.status().message();
    EXPECT_FALSE(a->text("unit"));
    EXPECT_FALSE(a->on("overdue"));
    EXPECT_FALSE(a->date("as_of"));
    auto b =
        read_args(read_command("overdue"), face, {{"unit", "游埠镇"}, {"limit", ""}}, "", nullptr);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->text("unit"), "游埠镇");
    EXPECT_FALSE(b->paged);
  }
}

TEST(ReadArgs, TypesAndTheirWordsAreOne) {
  const ReadCommand& list = read_command("list");
  auto bad_date = read_args(list, Face::kHttp, {{"as_of", "2026-13-01"}}, "", nullptr);
  ASSERT_FALSE(bad_date.ok());
  EXPECT_EQ(bad_date.status().code(), ErrorCode::kBadInput);
  EXPECT_EQ(bad_date.status().message(),
            read_args(list, Face::kCli, {{"as_of", "2026-13-01"}}, "", nullptr).status().message());
  EXPECT_NE(bad_date.status().message().find("'as_of'"), std::string::npos);
  auto date = read_args(list, Face::kCli, {{"as_of", "2026/3/1"}}, "", nullptr);
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(date->date("as_of")->str(), "2026-03-01");
  // Switches: on unless 0, false or no.
  EXPECT_TRUE(read_args(list, Face::kHttp, {{"overdue", "1"}}, "", nullptr)->on("overdue"));
  EXPECT_FALSE(read_args(list, Face::kHttp, {{"overdue", "false"}}, "", nullptr)->on("overdue"));
  // Choices, with the face's default.
  const ReadCommand& report = read_command("report");
  EXPECT_EQ(read_args(report, Face::kCli, {}, "", nullptr)->text("format"), "md");
  EXPECT_EQ(read_args(report, Face::kHttp, {}, "", nullptr)->text("format"), "json");
  auto xlsx = read_args(report, Face::kHttp, {{"format", "xlsx"}}, "", nullptr);
  ASSERT_FALSE(xlsx.ok());
  EXPECT_EQ(xlsx.status().message(), "'format' must be json, html, md or csv (got xlsx)");
  EXPECT_TRUE(read_args(report, Face::kCli, {{"format", "xlsx"}}, "", nullptr).ok());
}

TEST(ReadArgs, UnknownKeysAreErrorsOnTheCliAndIgnoredOverHttp) {
  const ReadCommand& stats = read_command("stats");
  EXPECT_TRUE(read_args(stats, Face::kHttp, {{"unit", "x"}, {"city", "lanxi"}}, "", nullptr).ok());
  auto cli = read_args(stats, Face::kCli, {{"unit", "x"}}, "", nullptr);
  ASSERT_FALSE(cli.ok());
  EXPECT_EQ(cli.status().message(), "--unit does not go with stats");
  // A CLI-only parameter is not a query key, and the other way round.
  EXPECT_FALSE(read_args(read_command("report"), Face::kCli, {{"city", "x"}}, "", nullptr).ok());
  EXPECT_FALSE(read_args(read_command("report"), Face::kHttp, {{"province", "1"}}, "", nullptr)
                   ->on("province"));
}

TEST(ReadArgs, PagesHaveTheFacesDefault) {
  const ReadCommand& overdue = read_command("overdue");
  auto http = read_args(overdue, Face::kHttp, {}, "", nullptr);
  ASSERT_TRUE(http.ok());
  EXPECT_FALSE(http->paged);
  EXPECT_EQ(http->page.limit, kDefaultPage);
  auto cli = read_args(overdue, Face::kCli, {}, "", nullptr);
  EXPECT_FALSE(cli->page.limit) << "the CLI prints every row";
  auto asked = read_args(overdue, Face::kHttp, {{"limit", "7"}}, "", nullptr);
  EXPECT_TRUE(asked->paged);
  EXPECT_EQ(asked->page.limit, 7u);
  EXPECT_FALSE(read_args(overdue, Face::kHttp, {{"limit", "0"}}, "", nullptr).ok());
  EXPECT_FALSE(read_args(overdue, Face::kCli, {{"cursor", "zz"}}, "", nullptr).ok());
  // A read without pages takes no limit.
  EXPECT_FALSE(read_args(read_command("stats"), Face::kCli, {{"limit", "5"}}, "", nullptr).ok());
}

TEST(ReadArgs, WhoMayReadComesFromTheDeclaration) {
  auto refused = read_args(read_command("outbox"), Face::kHttp, {}, "", &kUnit);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kForbidden);
  EXPECT_TRUE(read_args(read_command("outbox"), Face::kHttp, {}, "", &kSupervisor).ok());
  EXPECT_EQ(
      read_args(read_command("province report"), Face::kHttp, {}, "", &kSupervisor).status().code(),
      ErrorCode::kForbidden);
  EXPECT_TRUE(read_args(read_command("province report"), Face::kHttp, {}, "", &kProvince).ok());
  // A unit user's export is its own unit's, whatever it asks.
  auto own = read_args(read_command("export"), Face::kHttp, {{"unit", "女埠街道"}}, "", &kUnit);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->text("unit"), "游埠镇");
  auto asked =
      read_args(read_command("export"), Face::kHttp, {{"unit", "女埠街道"}}, "", &kSupervisor);
  EXPECT_EQ(asked->text("unit"), "女埠街道");
  // Units read every project.
  EXPECT_TRUE(
      read_args(read_command("list"), Face::kHttp, {{"unit", "女埠街道"}}, "", &kUnit).ok());
}

// The long reads the server answers on readers of their own come from the table.
TEST(ReadTable, LongReadsAreDeclared) {
  auto get = [](const char* target) {
    server::Request req{server::http::verb::get, target, 11};
    return server::heavy_read(req);
  };
  EXPECT_TRUE(get("/api/report?format=csv"));
  EXPECT_TRUE(get("/api/province/report"));
  EXPECT_TRUE(get("/api/export?unit=x"));
  EXPECT_FALSE(get("/api/projects"));
  EXPECT_FALSE(get("/api/overdue?limit=5"));
}

TEST(StatusTable, EveryCodeOneRowOneExitCodeOneHttpStatus) {
  std::set<ErrorCode> seen;
  for (const auto& m : status_table()) EXPECT_TRUE(seen.insert(m.code).second);
  for (ErrorCode c :
       {ErrorCode::kOk, ErrorCode::kBadInput, ErrorCode::kNotFound, ErrorCode::kRefused,
        ErrorCode::kConflict, ErrorCode::kForbidden, ErrorCode::kInternal})
    EXPECT_TRUE(seen.count(c));
  struct Row {
    Status s;
    int exit;
    unsigned http;
    const char* name;
  };
  for (const Row& r : std::vector<Row>{{Status::Ok(), 0, 200, "ok"},
                                       {Status::BadInput("x"), 2, 400, "bad_input"},
                                       {Status::NotFound("x"), 2, 404, "not_found"},
                                       {Status::Refused("x"), 3, 409, "refused"},
                                       {Status::Conflict("x"), 2, 409, "conflict"},
                                       {Status::Forbidden("x"), 3, 403, "forbidden"},
                                       {Status::Internal("x"), 1, 500, "internal"}}) {
    EXPECT_EQ(exit_code(r.s), r.exit) << r.name;
    EXPECT_EQ(status_mapping(r.s.code()).http_status, r.http) << r.name;
    EXPECT_STREQ(status_mapping(r.s.code()).name, r.name);
  }
}

}  // namespace
}  // namespace luodi::commands
