// Writes a generated city into a new database, for the server benchmark:
//   build/bench/make_city DB PROJECTS [STAGE]   (every project at STAGE, else mixed)
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "city_generator.h"

int main(int argc, char** argv) {
  using namespace luodi;
  if (argc < 3) {
    std::fprintf(stderr, "usage: make_city DB PROJECTS [STAGE]\n");
    return 2;
  }
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  const std::string src = LUODI_SOURCE_DIR;
  ManualClock clock(*parse_local("2026-06-30"));
  auto engine = Engine::create(argv[1], {read(src + "/workflows/key-project.yaml"), "key-project.yaml"},
                               {read(src + "/workflows/calendars/cn-2026.yaml"), "cn-2026.yaml"}, clock);
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().message().c_str());
    return 1;
  }
  const double s =
      bench::generate_city(**engine, std::atoi(argv[2]), clock.today(), argc > 3 ? argv[3] : nullptr);
  std::printf("%s: %s projects in %.1f s\n", argv[1], argv[2], s);
  return 0;
}
