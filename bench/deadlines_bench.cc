// `luodi tick` and `luodi overdue` over a large city, beside the raw SQLite
// query that finds the same rows in the same run. Due dates and next-check
// dates are stored and indexed, so a tick touches only what is due: its cost
// follows the rows due, not the size of the city.
//
//   build/bench/deadlines_bench [--projects 100000] [--dir DIR]
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>

#include "bench_support.h"
#include "city_generator.h"
#include "luodi/engine.h"

namespace {

using namespace luodi;
using bench::check;
using bench::seconds;

// Rows a raw query returns, and how long it took (best of three).
std::pair<int, double> raw_query(const std::string& path, const std::string& sql,
                                 const std::string& day) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA cache_size=-65536", nullptr, nullptr, nullptr);
  int rows = 0;
  double best = 1e9;
  for (int rep = 0; rep < 3; ++rep) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    sqlite3_bind_text(st, 1, day.c_str(), -1, SQLITE_TRANSIENT);
    best = std::min(best, seconds([&] {
                      rows = 0;
                      while (sqlite3_step(st) == SQLITE_ROW) ++rows;
                    }));
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return {rows, best};
}

}  // namespace

int main(int argc, char** argv) {
  const auto [projects, dir] = bench::city_args(argc, argv, 100000);
  const std::string path = dir + "/bench-deadlines.db";
  ManualClock clock(*parse_local("2026-06-30T09:00"));
  auto engine = bench::create_engine(path, clock);
  const double gen = bench::generate_city(*engine, projects, clock.today());
  std::printf("city: %d projects generated in %.1f s\n", projects, gen);

  // The first tick looks at every project once (all are new).
  TickReport first;
  double t_first = seconds([&] {
    auto r = engine->tick(nullptr, false);
    check(r.status(), "tick");
    first = std::move(r).value();
  });
  std::printf("first tick:  %6d projects checked, %6zu notifications  %8.3f s\n",
              first.projects_checked, first.emitted_count, t_first);

  // The next day only what is due is touched.
  clock.advance(std::chrono::hours(24));
  const std::string day = clock.today().str();
  auto [due_rows, t_raw_due] =
      raw_query(path, "SELECT code FROM projects WHERE next_check_on <= ?1", day);
  TickReport next;
  double t_tick = seconds([&] {
    auto r = engine->tick(nullptr, false);
    check(r.status(), "tick");
    next = std::move(r).value();
  });
  std::printf("next tick:   %6d projects checked, %6zu notifications  %8.3f s\n",
              next.projects_checked, next.emitted_count, t_tick);
  std::printf(
      "  raw SQLite finding the same %d rows: %.4f s; tick / raw = %.0f (%.1f µs per row "
      "checked)\n",
      due_rows, t_raw_due, t_tick / t_raw_due, 1e6 * t_tick / std::max(1, next.projects_checked));

  std::vector<OverdueRow> overdue;
  double t_overdue = seconds([&] {
    auto r = engine->overdue({});
    check(r.status(), "overdue");
    overdue = std::move(r).value();
  });
  auto [late_rows, t_raw_late] = raw_query(
      path,
      "SELECT code FROM projects WHERE due_on < ?1 AND status IN ('active','blocked') AND key = 1",
      day);
  std::printf("overdue:     %6zu projects  %8.3f s\n", overdue.size(), t_overdue);
  std::printf("  raw SQLite finding the same %d rows: %.4f s; overdue / raw = %.0f\n", late_rows,
              t_raw_late, t_overdue / t_raw_late);
  engine.reset();
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  return 0;
}
