// End-to-end: the forecast backtest. Four projects whose campaign outcome is
// known, forecast on 2026-08-01 and set against what happened by the end of
// the hundred-day campaign (2026-10-08): the 2×2 table worked out by hand,
// the hit rate, every rule's, on both backends.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

using testing::run_luodi;
using testing::RunResult;
using testing::TempDir;

class Backtest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(at("2026-06-20", {"init", "--workflow",
                                testing::write_workflow_without_digests(dir_.file("wf.yaml"))})
                  .exit_code,
              0);
    for (const char* code : {"A1", "A2", "A3", "A4"})
      ASSERT_EQ(at("2026-06-20",
                   {"add", code, "--name", code, "--unit", "游埠镇", "--stage-since", "2026-06-01"})
                    .exit_code,
                0);
    ASSERT_EQ(at("2026-06-20", {"block", "A3", "--category", "land", "--reason", "用地指标", "--on",
                                "2026-06-15"})
                  .exit_code,
              0);
    advance("2026-07-20", "A1", "pre_review");
    advance("2026-09-01", "A1", "site_entry");  // met by the end
    advance("2026-08-20", "A2", "pre_review");  // missed: never in site entry
    advance("2026-08-25", "A4", "pre_review");
    advance("2026-09-20", "A4", "site_entry");  // met
  }

  RunResult at(const std::string& now, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_luodi(args, {{"LUODI_NOW", now + "T10:00"}});
  }
  void advance(const std::string& on, const std::string& code, const std::string& to) {
    RunResult r = at(on, {"advance", code, "--to", to});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
};

TEST_F(Backtest, TheForecastsOfADaySetAgainstWhatHappenedByTheEnd) {
  RunResult r = at("2026-12-01", {"campaign", "forecast", "hundred-day-2026", "--backtest",
                                  "--as-of", "2026-08-01", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto b = boost::json::parse(r.out);
  EXPECT_EQ(b.at("as_of"), "2026-08-01");
  EXPECT_EQ(b.at("end"), "2026-10-08");
  EXPECT_EQ(b.at("rule"), "history");
  EXPECT_EQ(b.at("projects"), 4);
  // On 08-01, with too little history, the campaign's durations: A1 (pre-review
  // since 07-20) expected in site entry by 08-19, A2 and A4 (late in signing)
  // by early September: met; A3 blocked does not move: will miss. By the end
  // A1 and A4 got there, A2 and A3 did not.
  EXPECT_EQ(b.at("table").at("forecast_met").at("met"), 2);
  EXPECT_EQ(b.at("table").at("forecast_met").at("missed"), 1);
  EXPECT_EQ(b.at("table").at("forecast_missed").at("met"), 0);
  EXPECT_EQ(b.at("table").at("forecast_missed").at("missed"), 1);
  EXPECT_EQ(b.at("hits"), 3);
  EXPECT_EQ(b.at("hit_rate").to_number<double>(), 0.75);
  EXPECT_EQ(b.at("rules").as_object().size(), 3u);
  for (const auto& row : b.at("rows").as_array()) {
    if (row.at("code") != "A3") continue;
    EXPECT_EQ(row.at("outlook"), "will_miss");
    EXPECT_EQ(row.at("met"), false);
  }
  RunResult text = at("2026-12-01", {"campaign", "forecast", "hundred-day-2026", "--backtest",
                                     "--as-of", "2026-08-01"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("forecast met     2"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("hit rate: 75.00% (3 of 4)"), std::string::npos) << text.out;
  // Under the workflow's limits only, A2 and A4 are not expected by the end.
  RunResult limits = at("2026-12-01", {"campaign", "forecast", "hundred-day-2026", "--backtest",
                                       "--as-of", "2026-08-01", "--rule", "limits", "--json"});
  ASSERT_EQ(limits.exit_code, 0) << limits.err;
  EXPECT_EQ(boost::json::parse(limits.out).at("rule"), "limits");
  EXPECT_EQ(boost::json::parse(limits.out).at("rules"), b.at("rules"))
      << "every rule's rate, whichever is asked";
}

TEST_F(Backtest, ABacktestNeedsItsDayAndTheEndPassed) {
  EXPECT_EQ(at("2026-12-01", {"campaign", "forecast", "hundred-day-2026", "--backtest"}).exit_code,
            2);
  RunResult early = at("2026-09-30", {"campaign", "forecast", "hundred-day-2026", "--backtest",
                                      "--as-of", "2026-08-01"});
  EXPECT_EQ(early.exit_code, 2);
  EXPECT_NE(early.err.find("needs its end passed"), std::string::npos) << early.err;
  EXPECT_EQ(at("2026-12-01", {"campaign", "forecast", "hundred-day-2026", "--backtest", "--as-of",
                              "2026-08-01", "--rule", "astrology"})
                .exit_code,
            2);
  // Without --backtest: the forecast of the day, with each project's reason.
  RunResult now = at("2026-08-01", {"campaign", "forecast", "hundred-day-2026", "--json"});
  ASSERT_EQ(now.exit_code, 0) << now.err;
  const auto f = boost::json::parse(now.out);
  EXPECT_EQ(f.at("will_miss"), 1);
  for (const auto& p : f.at("projects").as_array()) {
    if (p.at("code") != "A3") continue;
    EXPECT_EQ(p.at("reason"), "受阻：解除前不会推进");
  }
}

}  // namespace
}  // namespace luodi
