// `luodi report` over a large city, beside the least any report must do: read
// every event once in project order with raw SQLite. The report reads the
// events four times (the day, 31 December, a year before, the December
// before that), works out every project's standing on the day, and renders
// each format; the ratio says what that costs against one raw scan.
//
//   build/bench/report_bench [--projects 10000] [--dir DIR]
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>

#include "bench_support.h"
#include "city_generator.h"
#include "luodi/engine.h"
#include "luodi/report.h"

namespace {

using namespace luodi;
using bench::check;
using bench::seconds;

// One scan of every event in effective order per project, every column read (best of three).
std::pair<long, double> raw_scan(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  long rows = 0;
  double best = 1e9;
  for (int rep = 0; rep < 3; ++rep) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT * FROM events ORDER BY project, on_date, seq", -1, &st, nullptr);
    best = std::min(best, seconds([&] {
                      rows = 0;
                      while (sqlite3_step(st) == SQLITE_ROW) {
                        for (int c = 0; c < sqlite3_column_count(st); ++c)
                          sqlite3_column_text(st, c);
                        ++rows;
                      }
                    }));
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return {rows, best};
}

}  // namespace

int main(int argc, char** argv) {
  const auto [projects, dir] = bench::city_args(argc, argv, 10000);
  const std::string path = dir + "/bench-report.db";
  ManualClock clock(*parse_local("2026-06-30T09:00"));
  auto engine = bench::create_engine(path, clock);
  const double gen = bench::generate_city(*engine, projects, clock.today());
  std::printf("city: %d projects generated in %.1f s\n", projects, gen);

  const auto [events, t_raw] = raw_scan(path);
  std::printf("raw SQLite: one scan of all %ld events: %.3f s\n", events, t_raw);

  const std::string targets = std::string(LUODI_SOURCE_DIR) + "/workflows/targets";
  double best = 1e9;
  Report report;
  for (int rep = 0; rep < 3; ++rep)
    best = std::min(best, seconds([&] {
                      auto r = report_of(*engine, clock.today(), "", targets, Lang::kZh);
                      check(r.status(), "report");
                      report = std::move(r).value();
                    }));
  std::printf("report (snapshot + tables), best of three: %.3f s; report / raw scan = %.1f\n", best,
              best / t_raw);
  struct Format {
    const char* name;
    std::function<std::string()> render;
  };
  for (const Format& f : {Format{"md", [&] { return render_markdown(report); }},
                          Format{"csv", [&] { return render_csv(report); }},
                          Format{"json", [&] { return render_json(report); }},
                          Format{"html", [&] { return render_html(report); }}}) {
    std::string out;
    const double t = seconds([&] { out = f.render(); });
    std::printf("  render %-4s %9zu bytes  %.3f s\n", f.name, out.size(), t);
  }
  const std::string xlsx = dir + "/bench-report.xlsx";
  const double t_xlsx = seconds([&] { check(write_xlsx(report, xlsx), "xlsx"); });
  std::printf("  write xlsx %9ju bytes  %.3f s\n",
              static_cast<std::uintmax_t>(std::filesystem::file_size(xlsx)), t_xlsx);
  std::filesystem::remove(xlsx);
  engine.reset();
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  return 0;
}
