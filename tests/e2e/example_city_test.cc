// The example city, loaded by its own script through the real binary,
// reproduces the half-year report's headline.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/server_process.h"
#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::run_luodi;
using testing::run_shell;
using testing::source_path;
using testing::TempDir;

TEST(ExampleCityTest, ReproducesTheHalfYearHeadline) {
  TempDir dir;
  testing::TestDatabase city(dir, "xx.db");
  const std::string db = city.location();
  auto load = run_shell("LUODI_NOW=2026-07-31 LUODI_BIN='" + std::string(LUODI_BINARY) + "' '" +
                            source_path("examples/xx-city/load.sh") + "' '" + db + "'",
                        dir.path());
  ASSERT_EQ(load.exit_code, 0) << load.out << load.err;

  auto r = run_luodi({"--db", db, "stats", "--as-of", "2026-06-30", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto s = boost::json::parse(r.out);
  EXPECT_EQ(s.at("key_projects").to_number<int>(), 50);
  EXPECT_EQ(s.at("cancelled").to_number<int>(), 1);
  EXPECT_EQ(s.at("active").to_number<int>(), 49);
  EXPECT_EQ(s.at("by_stage").at("signed").to_number<int>(), 0) << "all 49 passed pre-review";
  EXPECT_EQ(s.at("active_investment_wan").to_number<double>(), 589200);
  EXPECT_EQ(s.at("site_entry_or_later").to_number<int>(), 34);
  EXPECT_NEAR(s.at("start_ratio").to_number<double>(), 34.0 / 49.0, 1e-12);
  EXPECT_EQ(s.at("start_ratio_percent").to_number<double>(), 69.39);
  EXPECT_EQ(s.at("land_need_mu").to_number<double>(), 3021);
  EXPECT_EQ(s.at("land_shortfall_mu").to_number<double>(), 1369.28);
  EXPECT_EQ(s.at("pipeline").to_number<int>(), 81);

  // July's adjustment of the list shows after its date, not before.
  auto july =
      boost::json::parse(run_luodi({"--db", db, "stats", "--as-of", "2026-07-31", "--json"}).out);
  EXPECT_EQ(july.at("dropped").to_number<int>(), 1);
  EXPECT_EQ(july.at("key_projects").to_number<int>(), 50);
  EXPECT_EQ(july.at("pipeline").to_number<int>(), 80);

  auto blanket = boost::json::parse(run_luodi({"--db", db, "show", "LX-2026-023", "--json"}).out);
  EXPECT_EQ(blanket.at("status"), "cancelled");
  EXPECT_EQ(run_luodi({"--db", db, "verify"}).exit_code, 0);

  // On 2026-07-31 `campaign status`, the cockpit's campaign card (GET
  // /api/campaigns/ID) and the wall (GET /api/wall) give the same partition;
  // the card's forecast is the status's.
  const std::map<std::string, std::string> now{{"LUODI_NOW", "2026-07-31T10:00"}};
  auto cli = run_luodi({"--db", db, "campaign", "status", "hundred-day-2026", "--json"}, now);
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const auto status = boost::json::parse(cli.out);
  const auto text = run_luodi({"--db", db, "campaign", "status", "hundred-day-2026"}, now).out;
  const std::string token =
      run_luodi({"--db", db, "user", "add", "督查员", "--role", "supervisor"}).out.substr(0, 64);
  testing::ServerProcess server(db, {}, now);
  auto card =
      testing::http_request(server.port(), "GET", "/api/campaigns/hundred-day-2026", "", token);
  auto wall = testing::http_request(server.port(), "GET", "/api/wall", "", token);
  ASSERT_EQ(card.status, 200u) << card.body;
  ASSERT_EQ(wall.status, 200u) << wall.body;
  const auto card_json = boost::json::parse(card.body);
  const auto wall_json = boost::json::parse(wall.body);
  const auto& counts = wall_json.at("campaign").at("counts");
  EXPECT_EQ(wall_json.at("campaign").at("id"), "hundred-day-2026");
  int parts = 0;
  for (const char* k :
       {"projects", "met", "met_late", "on_track", "recovered", "behind", "blocked", "left"}) {
    EXPECT_EQ(card_json.at(k), status.at(k)) << k;
    EXPECT_EQ(counts.at(k), status.at(k)) << k;
    if (std::string(k) != "projects") parts += status.at(k).to_number<int>();
  }
  EXPECT_GT(status.at("projects").to_number<int>(), 0);
  EXPECT_EQ(parts, status.at("projects").to_number<int>()) << "each project in exactly one part";
  const std::string line = "projects " + std::to_string(status.at("projects").to_number<int>()) +
                           ": met " + std::to_string(status.at("met").to_number<int>()) +
                           ", met late " + std::to_string(status.at("met_late").to_number<int>()) +
                           ", on track " + std::to_string(status.at("on_track").to_number<int>()) +
                           ", recovered " +
                           std::to_string(status.at("recovered").to_number<int>()) + ", behind " +
                           std::to_string(status.at("behind").to_number<int>()) + ", blocked " +
                           std::to_string(status.at("blocked").to_number<int>()) + ", left " +
                           std::to_string(status.at("left").to_number<int>());
  EXPECT_NE(text.find(line), std::string::npos) << text;
  for (const char* k : {"met", "at_risk", "will_miss"})
    EXPECT_EQ(card_json.at("forecast").at(k), status.at("forecast").at(k)) << k;
  for (const auto* v : {&status, &card_json}) {
    EXPECT_EQ(v->at("ended"), false);
    EXPECT_TRUE(v->at("ended_on").is_null());
  }
  EXPECT_EQ(wall_json.at("campaign").at("ended"), false);

  // After the end: ended on 10-08, and the three give the same final partition.
  const std::map<std::string, std::string> later{{"LUODI_NOW", "2026-10-20T10:00"}};
  const auto final_status = boost::json::parse(
      run_luodi({"--db", db, "campaign", "status", "hundred-day-2026", "--json"}, later).out);
  EXPECT_EQ(final_status.at("ended"), true);
  EXPECT_EQ(final_status.at("ended_on"), "2026-10-08");
  EXPECT_NE(run_luodi({"--db", db, "campaign", "status", "hundred-day-2026"}, later)
                .out.find("ended on 2026-10-08"),
            std::string::npos);
  testing::ServerProcess after_end(db, {}, later);
  const auto final_card = boost::json::parse(
      testing::http_request(after_end.port(), "GET", "/api/campaigns/hundred-day-2026", "", token)
          .body);
  const auto final_wall = boost::json::parse(
      testing::http_request(after_end.port(), "GET", "/api/wall", "", token).body);
  EXPECT_EQ(final_wall.at("campaign").at("ended"), true);
  EXPECT_EQ(final_wall.at("campaign").at("ended_on"), "2026-10-08");
  EXPECT_EQ(final_card.at("ended_on"), "2026-10-08");
  for (const char* k :
       {"projects", "met", "met_late", "on_track", "recovered", "behind", "blocked", "left"}) {
    EXPECT_EQ(final_card.at(k), final_status.at(k)) << k;
    EXPECT_EQ(final_wall.at("campaign").at("counts").at(k), final_status.at(k)) << k;
  }
}

}  // namespace
}  // namespace luodi
