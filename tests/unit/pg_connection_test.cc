// The libpq connection under the PostgreSQL store (engine/store/pg_db.h):
// rows come one at a time, a statement may run while another's rows are
// still coming, and a statement left half-read leaves the connection usable.
#include <gtest/gtest.h>

#include <vector>

#include "store/pg_db.h"
#include "support/postgres.h"

namespace luodi {
namespace {

class PgConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LUODI_NEED_POSTGRES();
    scratch_ = std::make_unique<testing::ScratchPostgres>();
    ASSERT_TRUE(db_.open(scratch_->uri()).ok());
  }
  std::unique_ptr<testing::ScratchPostgres> scratch_;
  pg::Database db_;
};

// A scan that fails at its 1000th row: the rows before it arrive first,
// which they could not if the whole result were fetched before the first.
TEST_F(PgConnectionTest, RowsComeOneAtATime) {
  auto st = db_.prepare("SELECT 1 / (1000 - g) FROM generate_series(1, 2000) AS g");
  st.rows_one_at_a_time();
  int rows = 0;
  while (st.step()) ++rows;
  EXPECT_EQ(rows, 999);
  EXPECT_TRUE(st.failed());
  Status s = st.done();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("division by zero"), std::string::npos) << s.message();
}

TEST_F(PgConnectionTest, AnotherStatementMayRunWhileRowsAreComing) {
  auto outer = db_.prepare("SELECT g FROM generate_series(1, ?) AS g ORDER BY g");
  outer.rows_one_at_a_time().bind(1, std::int64_t{1000});
  std::vector<std::int64_t> seen;
  while (outer.step()) {
    seen.push_back(outer.integer(0));
    if (seen.size() % 100 == 1) {  // a query and a command in the middle of the scan
      auto inner = db_.prepare("SELECT ? * 2");
      inner.bind(1, seen.back());
      ASSERT_TRUE(inner.step());
      EXPECT_EQ(inner.integer(0), seen.back() * 2);
      ASSERT_TRUE(inner.done().ok());
      ASSERT_TRUE(db_.exec("SELECT 1").ok());
    }
  }
  ASSERT_TRUE(outer.done().ok());
  ASSERT_EQ(seen.size(), 1000u);
  for (std::size_t i = 0; i < seen.size(); ++i)
    EXPECT_EQ(seen[i], static_cast<std::int64_t>(i + 1));
}

TEST_F(PgConnectionTest, AHalfReadStatementLeavesTheConnectionUsable) {
  ASSERT_TRUE(db_.exec("CREATE TABLE t (n bigint, s text)").ok());
  auto insert = db_.prepare("INSERT INTO t (n, s) SELECT g, ?2 FROM generate_series(1, ?1) AS g");
  insert.bind(1, std::int64_t{50}).bind(2, std::string_view("x"));
  ASSERT_TRUE(insert.run().ok());
  EXPECT_EQ(db_.changes(), 50);
  {
    auto first = db_.prepare("SELECT n FROM t ORDER BY n");
    ASSERT_TRUE(first.step());
    EXPECT_EQ(first.integer(0), 1);
  }  // dropped with 49 rows unread
  auto update = db_.prepare("UPDATE t SET s = ? WHERE n > 40");
  update.bind(1, std::string_view("y"));
  ASSERT_TRUE(update.run().ok());
  EXPECT_EQ(db_.changes(), 10);
  auto count = db_.prepare("SELECT count(*), max(s) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.integer(0), 50);
  EXPECT_EQ(count.text(1), "y");
  // A whole result: the same rows, and the error before any of them.
  auto whole = db_.prepare("SELECT 1 / (10 - n) FROM t ORDER BY n");
  EXPECT_FALSE(whole.step());
  EXPECT_FALSE(whole.done().ok());
  // Reused after reset: the statement runs again with new parameters.
  count.reset();
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.integer(0), 50);
}

TEST(PgPlaceholders, QuestionMarksBecomeNumberedOutsideQuotes) {
  std::vector<bool> used;
  EXPECT_EQ(pg::dollar_placeholders("SELECT ?, '?', ?3 FROM x WHERE y = ?", &used),
            "SELECT $1, '?', $3 FROM x WHERE y = $4");
  EXPECT_EQ(used, (std::vector<bool>{true, false, true, true}));
}

}  // namespace
}  // namespace luodi
