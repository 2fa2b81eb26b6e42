// The example city, loaded by its own script through the real binary,
// reproduces the half-year report's headline.
#include <gtest/gtest.h>

#include <boost/json.hpp>

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
  auto july = boost::json::parse(run_luodi({"--db", db, "stats", "--as-of", "2026-07-31", "--json"}).out);
  EXPECT_EQ(july.at("dropped").to_number<int>(), 1);
  EXPECT_EQ(july.at("key_projects").to_number<int>(), 50);
  EXPECT_EQ(july.at("pipeline").to_number<int>(), 80);

  auto blanket = boost::json::parse(run_luodi({"--db", db, "show", "LX-2026-023", "--json"}).out);
  EXPECT_EQ(blanket.at("status"), "cancelled");
  EXPECT_EQ(run_luodi({"--db", db, "verify"}).exit_code, 0);
}

}  // namespace
}  // namespace luodi
