#include "bench_support.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace luodi::bench {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

namespace {}  // namespace

std::unique_ptr<Engine> create_engine(const std::string& path, const Clock& clock) {
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  const std::string src = LUODI_SOURCE_DIR;
  auto e =
      Engine::create(path, {read_text(src + "/workflows/key-project.yaml"), "key-project.yaml"},
                     {read_text(src + "/workflows/calendars/cn.yaml"), "cn.yaml"}, clock);
  check(e.status(), "create");
  return std::move(e).value();
}

double seconds(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.message().c_str());
    std::exit(1);
  }
}

CityArgs city_args(int argc, char** argv, int default_projects) {
  CityArgs a{default_projects, std::filesystem::temp_directory_path().string()};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--projects") a.projects = std::atoi(argv[i + 1]);
    if (std::string(argv[i]) == "--dir") a.dir = argv[i + 1];
  }
  return a;
}

void add_signed_projects(Engine& engine, int projects) {
  check(engine.batch([&]() -> Status {
    for (int i = 0; i < projects; ++i) {
      NewProject p;
      p.by = "bench";
      p.code = "B" + std::to_string(i);
      p.attributes.name = "bench";
      p.attributes.unit = "unit";
      p.on = Date::parse("2026-01-01");
      LUODI_RETURN_IF_ERROR(engine.execute(p).status());
    }
    return Status::Ok();
  }),
        "seed");
}

}  // namespace luodi::bench
