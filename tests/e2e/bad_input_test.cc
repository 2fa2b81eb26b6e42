// Bad input gets a clear error, never a crash, a hang or a flood, and leaves
// the database as it was: each case found by hand or by fuzzing, through the
// real binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>

#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_luodi;
using testing::RunResult;
using testing::TempDir;
using testing::write_file;

class BadInput : public ::testing::Test {
 protected:
  RunResult luodi(std::vector<std::string> args, const std::string& now = "2026-03-02T10:00") {
    args.insert(args.begin(), {"--db", db_, "--now", now});
    return run_luodi(args);
  }
  void init() {
    fs::create_directory(dir_.file("no-campaigns"));
    ASSERT_EQ(luodi({"init", "--campaigns", dir_.file("no-campaigns"), "--workflow",
                     testing::write_workflow_without_digests(dir_.file("workflow.yaml"))})
                  .exit_code,
              0);
    ASSERT_EQ(luodi({"add", "Y1", "--name", "甲", "--unit", "甲镇", "--stage-since", "2026-01-05"})
                  .exit_code,
              0);
  }
  // Everything a reader sees of the database.
  std::string contents() {
    return luodi({"list", "--json"}).out + luodi({"history", "Y1", "--json"}).out;
  }
  void expect_refused(const std::vector<std::string>& args, const std::string& message) {
    const std::string before = fs::exists(db_) ? contents() : "";
    RunResult r = luodi(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    if (fs::exists(db_)) {
      EXPECT_EQ(contents(), before) << args[0] << " changed the database";
    }
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
};

TEST_F(BadInput, AWorkflowWhoseLastStageIsEmptyIsReportedNotCrashedOn) {
  write_file(dir_.file("w1.yaml"), "stages:\n  - id: g\n    limit: {: 2}\n  -\n");
  RunResult r = luodi({"init", "--workflow", dir_.file("w1.yaml")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("w1.yaml:"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(db_));
  // The default workflow with `id:` left off its last stage.
  std::string text = read_file(testing::source_path("workflows/key-project.yaml"));
  const std::string last = "  - id: production\n";
  text.replace(text.find(last), last.size(), "  - \n");
  write_file(dir_.file("w2.yaml"), text);
  r = luodi({"init", "--workflow", dir_.file("w2.yaml")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("w2.yaml:"), std::string::npos) << r.err;
}

TEST_F(BadInput, ACalendarWithoutWorkingDaysIsRefused) {
  write_file(dir_.file("cal.yaml"),
             "id: c\nweekend: [monday, tuesday, wednesday, thursday, friday, saturday, sunday]\n");
  RunResult r = luodi({"init", "--calendar", dir_.file("cal.yaml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cal.yaml:2:10: weekend lists every day"), std::string::npos) << r.err;
}

TEST_F(BadInput, DeeplyNestedYamlSaysSo) {
  write_file(dir_.file("deep.yaml"),
             "id: x\nstages: " + std::string(5000, '[') + std::string(5000, ']') + "\n");
  RunResult r = luodi({"init", "--workflow", dir_.file("deep.yaml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("deep.yaml:2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nests too deeply"), std::string::npos) << r.err;
}

TEST_F(BadInput, DatesOutsideTheYearsLuodiKnowsAreRefused) {
  init();
  expect_refused({"add", "Y2", "--name", "乙", "--unit", "甲镇", "--stage-since", "0000-01-01"},
                 "1900-01-01");
  expect_refused({"plan", "Y1", "--due", "2201-01-01"}, "2200-12-31");
  write_file(dir_.file("p.csv"), "code,name,unit,stage_since\nY3,丙,甲镇,0000-01-01\n");
  RunResult r = luodi({"import", dir_.file("p.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("p.csv:2:"), std::string::npos) << r.err;
  r = luodi({"tick"}, "9999-12-31T23:59");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--now"), std::string::npos) << r.err;
}

TEST_F(BadInput, ATickAfterAnyGapWritesARowPerSeriesNotPerMissedReminder) {
  init();
  ASSERT_EQ(
      luodi({"add", "Y2", "--name", "乙", "--unit", "甲镇", "--stage", "pre_review"}).exit_code, 0);
  ASSERT_EQ(luodi({"block", "Y2", "--category", "policy", "--reason", "r"}).exit_code, 0);
  ASSERT_EQ(
      luodi({"instruct", "Y2", "--blocker", "1", "--text", "t", "--due", "2026-03-20"}).exit_code,
      0);
  RunResult r = luodi({"tick"}, "2200-12-31T10:00");  // 175 years of downtime
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = boost::json::parse(luodi({"outbox", "--json"}, "2200-12-31T10:00").out).as_array();
  EXPECT_LE(rows.size(), 2u * 8u) << "two projects, a handful of series each";
  EXPECT_GT(rows.size(), 4u);
  int caught_up = 0;
  for (const auto& n : rows) caught_up += n.at("catch_up") == true;
  EXPECT_GT(caught_up, 0);
}

TEST_F(BadInput, CodesAndNamesAreOneLineOfSensibleLength) {
  init();
  expect_refused({"add", std::string(65, 'X'), "--name", "乙", "--unit", "甲镇"}, "at most 64");
  expect_refused({"add", "Y2", "--name", std::string(201, 'n'), "--unit", "甲镇"}, "at most 200");
  expect_refused({"add",
                  std::string("Y\x01"
                              "2"),
                  "--name", "乙", "--unit", "甲镇"},
                 "control character");
  expect_refused({"add", "Y2", "--name", "乙\n丙", "--unit", "甲镇"}, "control character");
  // Chinese characters count as characters, not bytes.
  std::string long_name;
  for (int i = 0; i < 200; ++i) long_name += "项";
  EXPECT_EQ(luodi({"add", "Y2", "--name", long_name, "--unit", "甲镇"}).exit_code, 0);
  write_file(dir_.file("p.csv"), "code,name,unit\n" + std::string(80, 'C') + ",丙,甲镇\n");
  RunResult r = luodi({"import", dir_.file("p.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("at most 64"), std::string::npos) << r.err;
}

TEST_F(BadInput, AReadOnlyDatabaseIsReadAndNamedWhenWritten) {
  LUODI_SQLITE_ONLY();
  init();
  fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read |
                                   fs::perms::group_exec | fs::perms::others_read |
                                   fs::perms::others_exec);
  fs::permissions(db_, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  // root may write any file: run as nobody then.
  const std::string as_user =
      geteuid() == 0 ? "setpriv --reuid=nobody --regid=nogroup --clear-groups " : "";
  auto run = [&](const std::string& args) {
    return testing::run_shell(as_user + "'" + std::string(LUODI_BINARY) + "' --db '" + db_ +
                                  "' --now 2026-03-02T10:00 " + args,
                              dir_.path());
  };
  RunResult list = run("list --json");
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("\"Y1\""), std::string::npos);
  EXPECT_EQ(run("report --format md").exit_code, 0);
  RunResult write = run("advance Y1 --to pre_review");
  EXPECT_EQ(write.exit_code, 1);
  EXPECT_NE(write.err.find("is read-only"), std::string::npos) << write.err;
  EXPECT_EQ(write.err.find("not a luodi database"), std::string::npos) << write.err;
}

}  // namespace
}  // namespace luodi
