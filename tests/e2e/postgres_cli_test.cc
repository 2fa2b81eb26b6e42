// The real binary on PostgreSQL answers byte for byte as on SQLite: the
// example city loaded by its own script into both, then every reading view,
// a tick, the outbox and verify compared; cities kept apart in one database.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "store/store.h"
#include "support/postgres.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::run_luodi;
using testing::run_shell;
using testing::ScratchPostgres;
using testing::source_path;
using testing::TempDir;

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

void load_example_city(const std::string& db, const TempDir& dir) {
  auto load = run_shell("LUODI_NOW=2026-07-31 LUODI_BIN='" + std::string(LUODI_BINARY) + "' '" +
                            source_path("examples/xx-city/load.sh") + "' '" + db + "'",
                        dir.path());
  ASSERT_EQ(load.exit_code, 0) << load.out << load.err;
}

TEST(PostgresCliTest, TheExampleCityAnswersAsOnSqlite) {
  LUODI_NEED_POSTGRES();
  TempDir dir;
  ScratchPostgres pg;
  const std::string file = dir.file("xx.db");
  load_example_city(file, dir);
  load_example_city(pg.uri(), dir);

  const std::vector<std::vector<std::string>> views = {
      {"stats", "--json"},
      {"stats", "--as-of", "2026-06-30", "--json"},
      {"list", "--json"},
      {"list", "--light", "red", "--limit", "7", "--json"},
      {"overdue", "--json"},
      {"overdue", "--jsonl", "--limit", "5"},
      {"show", "LX-2026-014", "--json"},
      {"history", "LX-2026-014"},
      {"lights", "LX-2026-038"},
      {"campaign", "status", "hundred-day-2026", "--json"},
      {"report", "--as-of", "2026-06-30", "--format", "json"},
      {"report", "--format", "csv"},
      {"contact", "list"},
      {"tick"},
      {"outbox", "--json"},
      {"overdue", "--json"},
      {"stats", "--json"},
      {"verify"},
  };
  for (const auto& view : views) {
    std::vector<std::string> on_file = {"--db", file, "--now", "2026-07-31T10:00"};
    std::vector<std::string> on_pg = {"--db", pg.uri(), "--now", "2026-07-31T10:00"};
    on_file.insert(on_file.end(), view.begin(), view.end());
    on_pg.insert(on_pg.end(), view.begin(), view.end());
    auto a = run_luodi(on_file);
    auto b = run_luodi(on_pg);
    std::string what;
    for (const auto& w : view) what += w + " ";
    ASSERT_EQ(a.exit_code, 0) << what << a.err;
    EXPECT_EQ(b.exit_code, 0) << what << b.err;
    EXPECT_GT(a.out.size(), 2u) << what;
    EXPECT_EQ(replace_all(b.out, pg.uri(), "DB"), replace_all(a.out, file, "DB")) << what;
  }
}

TEST(PostgresCliTest, CitiesInOneDatabaseAreKeptApart) {
  LUODI_NEED_POSTGRES();
  ScratchPostgres pg;
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", pg.uri(), "--now", "2026-03-02T09:00"});
    return run_luodi(args);
  };
  ASSERT_EQ(run({"init"}).exit_code, 0);
  auto added = run({"city", "add", "suzhou", "--name", "宿州市"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(run({"city", "add", "suzhou", "--name", "again"}).exit_code, 2) << "a conflict";
  EXPECT_EQ(run({"city", "add", "Bad-Id", "--name", "x"}).exit_code, 2);
  // A city whose campaign is bad is not made at all: its schema is gone, and
  // it can be added once the campaign is right.
  TempDir dir;
  std::filesystem::create_directory(dir.file("campaigns"));
  testing::write_file(dir.file("campaigns/bad.yaml"), "id: bad\nlabel: [\n");
  EXPECT_EQ(run({"city", "add", "hefei", "--name", "合肥市", "--campaigns", dir.file("campaigns")})
                .exit_code,
            2);
  EXPECT_EQ(pg.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'city_hefei'"), "0");
  std::filesystem::remove(dir.file("campaigns/bad.yaml"));
  EXPECT_EQ(run({"city", "add", "hefei", "--name", "合肥市", "--campaigns", dir.file("campaigns")})
                .exit_code,
            0);
  auto cities = boost::json::parse(run({"city", "list", "--json"}).out);
  ASSERT_EQ(cities.as_array().size(), 3u);
  EXPECT_EQ(cities.as_array()[2].at("name"), "宿州市");

  auto made = run({"--city", "suzhou", "add", "SZ-1", "--name", "宿州项目", "--unit", "埇桥区"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_EQ(run({"--city", "suzhou", "show", "SZ-1"}).exit_code, 0);
  EXPECT_EQ(run({"show", "SZ-1"}).exit_code, 2) << "the default city has no SZ-1";
  auto env = run_luodi({"--db", pg.uri(), "show", "SZ-1"}, {{"LUODI_CITY", "suzhou"}});
  EXPECT_EQ(env.exit_code, 0) << env.err;
  EXPECT_EQ(run({"--city", "nowhere", "stats"}).exit_code, 2);

  // A city is removed only when asked twice (--yes), and then whole: its
  // row and its schema; the other cities keep theirs.
  auto unsure = run({"city", "remove", "suzhou"});
  EXPECT_EQ(unsure.exit_code, 2);
  EXPECT_NE(unsure.err.find("--yes"), std::string::npos) << unsure.err;
  EXPECT_EQ(run({"--city", "suzhou", "show", "SZ-1"}).exit_code, 0) << "nothing removed";
  EXPECT_EQ(run({"city", "remove", "nowhere", "--yes"}).exit_code, 2);
  EXPECT_EQ(run({"city", "remove", "Bad-Id", "--yes"}).exit_code, 2);
  auto removed = run({"city", "remove", "suzhou", "--yes"});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(removed.out, "removed city suzhou\n");
  EXPECT_EQ(pg.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'city_suzhou'"), "0");
  EXPECT_EQ(pg.query("SELECT count(*) FROM luodi.cities WHERE id = 'suzhou'"), "0");
  EXPECT_EQ(boost::json::parse(run({"city", "list", "--json"}).out).as_array().size(), 2u);
  EXPECT_EQ(run({"--city", "suzhou", "show", "SZ-1"}).exit_code, 2);
  EXPECT_EQ(run({"--city", "hefei", "stats"}).exit_code, 0);
  // A SQLite file holds one city: removing it is removing the file.
  ASSERT_EQ(run_luodi({"--db", dir.file("one.db"), "init"}).exit_code, 0);
  EXPECT_EQ(run_luodi({"--db", dir.file("one.db"), "city", "remove", "default", "--yes"}).exit_code,
            2);
}

TEST(PostgresCliTest, ACityMovesToPostgresAndBackWithItsWholeHistory) {
  LUODI_NEED_POSTGRES();
  TempDir dir;
  ScratchPostgres pg;
  const std::string file = dir.file("xx.db"), back = dir.file("back.db");
  load_example_city(file, dir);
  ASSERT_EQ(run_luodi({"--db", file, "user", "add", "督查科", "--role", "supervisor"}).exit_code,
            0);
  auto there = run_luodi({"migrate", "--from", file, "--to", pg.uri()});
  ASSERT_EQ(there.exit_code, 0) << there.err;
  EXPECT_NE(there.out.find("events 386"), std::string::npos) << there.out;
  EXPECT_NE(there.out.find("verify: ok: 131 projects"), std::string::npos) << there.out;
  auto home = run_luodi({"migrate", "--from", pg.uri(), "--to", back});
  ASSERT_EQ(home.exit_code, 0) << home.err;
  for (const std::vector<std::string>& view :
       {std::vector<std::string>{"report", "--format", "json"},
        {"outbox", "--json"},
        {"user", "list", "--json"},
        {"contact", "list"},
        {"overdue", "--json"}}) {
    std::vector<std::string> a = {"--db", file, "--now", "2026-07-31T10:00"}, b = a, c = a;
    b[1] = pg.uri();
    c[1] = back;
    for (auto* v : {&a, &b, &c}) v->insert(v->end(), view.begin(), view.end());
    const std::string original = run_luodi(a).out;
    EXPECT_GT(original.size(), 2u) << view[0];
    EXPECT_EQ(run_luodi(b).out, original) << view[0];
    EXPECT_EQ(run_luodi(c).out, original) << view[0];
  }
  // The copy goes on: a new event numbers after the copied ones, and verifies.
  auto moved = run_luodi({"--db", pg.uri(), "--now", "2026-07-31T10:00", "block", "LX-2026-001",
                          "--category", "funding", "--reason", "资金未到位"});
  EXPECT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_EQ(run_luodi({"--db", pg.uri(), "verify"}).exit_code, 0);
  // Not twice into one city, and a failed copy leaves nothing behind.
  EXPECT_EQ(run_luodi({"migrate", "--from", file, "--to", pg.uri()}).exit_code, 2);
  EXPECT_EQ(
      run_luodi({"migrate", "--from", dir.file("none.db"), "--to", dir.file("new.db")}).exit_code,
      2);
  EXPECT_FALSE(std::filesystem::exists(dir.file("new.db")));
}

// A city kept in a SQLite file joins a province database that holds other
// cities, as the tenant --city names (the file holds the default city): its
// whole history, verified there, every view as in the file; the other
// cities untouched; and it leaves again as a file.
TEST(PostgresCliTest, ASqliteCityJoinsAProvinceDatabaseAsATenant) {
  LUODI_NEED_POSTGRES();
  TempDir dir;
  ScratchPostgres pg;
  const std::string file = dir.file("yiwu.db"), back = dir.file("back.db");
  auto on = [](const std::string& db, const std::string& now, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db, "--now", now});
    auto r = run_luodi(args);
    EXPECT_EQ(r.exit_code, 0) << args[4] << ": " << r.err;
    return r;
  };
  on(file, "2026-01-05T09:00", {"init"});
  on(file, "2026-01-05T09:00",
     {"add", "YW-1", "--name", "毛毯项目", "--unit", "稠城街道", "--investment-wan", "8000",
      "--land-need-mu", "45", "--stage-since", "2026-01-05"});
  on(file, "2026-01-06T09:00",
     {"add", "YW-2", "--name", "饰品项目", "--unit", "北苑街道", "--stage-since", "2026-01-06"});
  on(file, "2026-02-01T09:00", {"advance", "YW-1", "--to", "pre_review"});
  on(file, "2026-02-10T09:00", {"update", "YW-1", "--land-secured-mu", "30", "--note", "第一批"});
  on(file, "2026-03-01T09:00",
     {"block", "YW-2", "--category", "funding", "--reason", "贷款未到位"});
  on(file, "2026-03-20T09:00", {"invest", "YW-1", "--fixed-asset-wan", "1200"});
  on(file, "2026-04-01T09:00", {"unblock", "YW-2", "--note", "已放款"});
  on(file, "2026-04-02T09:00", {"user", "add", "义乌督查", "--role", "supervisor"});
  // Its own targets, loaded into it, travel with it (the shared
  // workflows/targets/ are the default city's alone, never a tenant's).
  testing::write_file(dir.file("yiwu-2026.yaml"),
                      "year: 2026\ndomestic_capital_wan: 120000\nforeign_capital_usd_wan: 300\n");
  on(file, "2026-04-02T09:00", {"targets", "load", dir.file("yiwu-2026.yaml")});

  // The province database already serves a city (and the default one).
  on(pg.uri(), "2026-01-05T09:00", {"init"});
  on(pg.uri(), "2026-01-05T09:00", {"city", "add", "jinhua", "--name", "金华市"});
  on(pg.uri(), "2026-01-05T09:00",
     {"--city", "jinhua", "add", "JH-1", "--name", "金华项目", "--unit", "婺城区"});

  const std::string jinhua =
      on(pg.uri(), "2026-04-02T10:00", {"--city", "jinhua", "list", "--json"}).out;
  auto moved = run_luodi({"migrate", "--from", file, "--to", pg.uri(), "--city", "yiwu"});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_NE(moved.out.find("copied city yiwu to "), std::string::npos) << moved.out;
  EXPECT_NE(moved.out.find("verify: ok: 2 projects, 7 events"), std::string::npos) << moved.out;
  EXPECT_EQ(pg.query("SELECT count(*) FROM city_yiwu.events"), "7");
  // The file's city had no name: the tenant shows by its id until named.
  EXPECT_NE(moved.err.find("luodi city rename yiwu --name"), std::string::npos) << moved.err;
  EXPECT_EQ(moved.err.find("targets load"), std::string::npos) << "it brought its own targets";
  // A file city that read the shared targets file is told it has none now.
  const std::string lishui = dir.file("lishui.db");
  on(lishui, "2026-01-05T09:00", {"init", "--name", "丽水市"});
  auto joined = run_luodi({"migrate", "--from", lishui, "--to", pg.uri(), "--city", "lishui"});
  ASSERT_EQ(joined.exit_code, 0) << joined.err;
  EXPECT_NE(joined.err.find("luodi --city lishui targets load"), std::string::npos) << joined.err;
  on(pg.uri(), "2026-04-02T10:00", {"city", "remove", "lishui", "--yes"});
  auto rollup = on(pg.uri(), "2026-04-02T10:00", {"report", "--province", "--format", "csv"});
  EXPECT_NE(rollup.out.find("\n金华市,"), std::string::npos) << rollup.out;
  EXPECT_NE(rollup.out.find("\nyiwu,"), std::string::npos) << rollup.out;
  EXPECT_NE(rollup.err.find("default、yiwu"), std::string::npos) << rollup.err;
  on(pg.uri(), "2026-04-02T10:00", {"city", "rename", "yiwu", "--name", "义乌市"});
  rollup = on(pg.uri(), "2026-04-02T10:00", {"report", "--province", "--format", "csv"});
  EXPECT_NE(rollup.out.find("\n义乌市,"), std::string::npos) << rollup.out;
  auto verified = on(pg.uri(), "2026-04-02T10:00", {"--city", "yiwu", "verify"});
  EXPECT_NE(verified.out.find("ok"), std::string::npos) << verified.out;

  const std::vector<std::vector<std::string>> views = {{"show", "YW-1", "--json"},
                                                       {"show", "YW-2", "--json"},
                                                       {"history", "YW-1", "--json"},
                                                       {"history", "YW-2", "--json"},
                                                       {"history", "YW-1"},
                                                       {"list", "--json"},
                                                       {"report", "--format", "json"},
                                                       {"user", "list", "--json"},
                                                       {"lights", "YW-1"},
                                                       {"stats", "--json"}};
  for (const auto& view : views) {
    std::vector<std::string> a = {"--city", "yiwu"};
    a.insert(a.end(), view.begin(), view.end());
    const std::string original = on(file, "2026-04-02T10:00", view).out;
    EXPECT_GT(original.size(), 2u) << view[0];
    EXPECT_EQ(on(pg.uri(), "2026-04-02T10:00", a).out, original) << view[0] << " " << view[1];
  }
  // The other cities are as they were.
  EXPECT_EQ(on(pg.uri(), "2026-04-02T10:00", {"--city", "jinhua", "list", "--json"}).out, jinhua);
  EXPECT_EQ(run_luodi({"--db", pg.uri(), "--city", "jinhua", "show", "YW-1"}).exit_code, 2);
  EXPECT_EQ(run_luodi({"--db", pg.uri(), "show", "YW-1"}).exit_code, 2);
  EXPECT_EQ(run_luodi({"--db", pg.uri(), "--city", "jinhua", "show", "JH-1"}).exit_code, 0);
  auto cities =
      boost::json::parse(on(pg.uri(), "2026-04-02T10:00", {"city", "list", "--json"}).out);
  ASSERT_EQ(cities.as_array().size(), 3u);
  EXPECT_EQ(cities.as_array()[2].at("id"), "yiwu");

  // The tenant goes on: a new event numbers after the copied ones, and verifies.
  on(pg.uri(), "2026-04-03T09:00", {"--city", "yiwu", "advance", "YW-2", "--to", "pre_review"});
  on(pg.uri(), "2026-04-03T10:00", {"--city", "yiwu", "verify"});
  // Not twice into one city; nothing is left of a copy refused.
  EXPECT_EQ(run_luodi({"migrate", "--from", file, "--to", pg.uri(), "--city", "yiwu"}).exit_code,
            2);
  EXPECT_EQ(pg.query("SELECT count(*) FROM city_yiwu.events"), "8");
  // A SQLite file holds one city, at either end.
  EXPECT_EQ(run_luodi({"migrate", "--from", file, "--to", dir.file("two.db"), "--city", "yiwu"})
                .exit_code,
            2);
  EXPECT_FALSE(std::filesystem::exists(dir.file("two.db")));

  // And leaves again as a file (the file's default city), with its name and the new event.
  auto left = run_luodi({"migrate", "--from", pg.uri(), "--to", back, "--city", "yiwu"});
  ASSERT_EQ(left.exit_code, 0) << left.err;
  EXPECT_EQ(left.err, "");
  EXPECT_NE(on(back, "2026-04-03T10:00", {"city", "list"}).out.find("义乌市"), std::string::npos);
  EXPECT_NE(left.out.find("verify: ok: 2 projects, 8 events"), std::string::npos) << left.out;
  EXPECT_EQ(on(back, "2026-04-03T10:00", {"history", "YW-2", "--json"}).out,
            on(pg.uri(), "2026-04-03T10:00", {"--city", "yiwu", "history", "YW-2", "--json"}).out);
  // Between two PostgreSQL databases, --city is the city on both.
  ScratchPostgres other;
  auto copied = run_luodi({"migrate", "--from", pg.uri(), "--to", other.uri(), "--city", "jinhua"});
  ASSERT_EQ(copied.exit_code, 0) << copied.err;
  EXPECT_EQ(on(other.uri(), "2026-04-03T10:00", {"--city", "jinhua", "show", "JH-1", "--json"}).out,
            on(pg.uri(), "2026-04-03T10:00", {"--city", "jinhua", "show", "JH-1", "--json"}).out);
}

TEST(PostgresCliTest, VersionNamesTheStore) {
  auto sqlite = run_luodi({"--version"});
  ASSERT_EQ(sqlite.exit_code, 0);
  EXPECT_EQ(sqlite.out.rfind("luodi " + std::string(LUODI_VERSION_STRING) + "\n", 0), 0u)
      << sqlite.out;
  EXPECT_NE(sqlite.out.find("\nschema " + std::to_string(latest_schema_version()) + "\n"),
            std::string::npos)
      << sqlite.out;
  EXPECT_NE(sqlite.out.find("\nstore sqlite\n"), std::string::npos) << sqlite.out;
  auto pg = run_luodi({"--version"}, {{"LUODI_DB", "postgresql://db.example/luodi"}});
  EXPECT_NE(pg.out.find("\nstore postgresql\n"), std::string::npos) << pg.out;
}

}  // namespace
}  // namespace luodi
