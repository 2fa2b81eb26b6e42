// Writes a generated city into a new database, for the server benchmark:
//   build/bench/make_city DB PROJECTS [STAGE]   (every project at STAGE, else mixed)
#include <cstdio>
#include <cstdlib>

#include "bench_support.h"
#include "city_generator.h"

int main(int argc, char** argv) {
  using namespace luodi;
  if (argc < 3) {
    std::fprintf(stderr, "usage: make_city DB PROJECTS [STAGE]\n");
    return 2;
  }
  ManualClock clock(*parse_local("2026-06-30"));
  auto engine = bench::create_engine(argv[1], clock);
  const double s =
      bench::generate_city(*engine, std::atoi(argv[2]), clock.today(), argc > 3 ? argv[3] : nullptr);
  std::printf("%s: %s projects in %.1f s\n", argv[1], argv[2], s);
  return 0;
}
