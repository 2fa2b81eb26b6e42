// Writes a generated city into a new database, for the server benchmark:
//   build/bench/make_city DB PROJECTS [STAGE] [--due-share S]
// (every project at STAGE, else mixed; a share S of them, default 0.01, with
// a reminder due on 2026-07-01, the rest 4 weeks off or more)
// or, for backtesting forecasts, a city with two years of history up to
// 2026-12-01 and the hundred-day campaign of 2026:
//   build/bench/make_city DB PROJECTS --history [SEED]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_support.h"
#include "city_generator.h"

int main(int argc, char** argv) {
  using namespace luodi;
  if (argc < 3) {
    std::fprintf(
        stderr,
        "usage: make_city DB PROJECTS [STAGE] [--due-share S] | DB PROJECTS --history [SEED]\n");
    return 2;
  }
  if (argc > 3 && std::string(argv[3]) == "--history") {
    ManualClock clock(*parse_local("2026-12-01"));
    auto engine = bench::create_engine(argv[1], clock);
    const unsigned seed = argc > 4 ? static_cast<unsigned>(std::atoi(argv[4])) : 20261201u;
    const double s =
        bench::generate_city_with_history(*engine, std::atoi(argv[2]), clock.today(), seed);
    const std::string campaign =
        std::string(LUODI_SOURCE_DIR) + "/workflows/campaigns/hundred-day-2026.yaml";
    bench::check(engine->add_campaign({bench::read_text(campaign), campaign}), "campaign");
    std::printf("%s: %s projects with history to %s in %.1f s\n", argv[1], argv[2],
                clock.today().str().c_str(), s);
    return 0;
  }
  const char* stage = nullptr;
  double share = 0.01;
  for (int i = 3; i < argc; ++i) {
    if (std::string(argv[i]) == "--due-share" && i + 1 < argc) {
      char* end = nullptr;
      share = std::strtod(argv[++i], &end);
      if (*end || !(share >= 0 && share <= 1)) {
        std::fprintf(stderr, "make_city: --due-share takes a share from 0 to 1, not '%s'\n",
                     argv[i]);
        return 2;
      }
    } else {
      stage = argv[i];
    }
  }
  ManualClock clock(*parse_local("2026-06-30"));
  auto engine = bench::create_engine(argv[1], clock);
  const double s = bench::generate_city(*engine, std::atoi(argv[2]), clock.today(), stage, share);
  std::printf("%s: %s projects (%.2f%% due on 2026-07-01) in %.1f s\n", argv[1], argv[2],
              100 * share, s);
  return 0;
}
