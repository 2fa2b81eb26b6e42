// What every benchmark needs: a fresh database with the repository's default
// workflow and calendar, a stopwatch, and a stop on the first error.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "luodi/engine.h"

namespace luodi::bench {

// The whole text of the file at `path` (empty when unreadable).
std::string read_text(const std::string& path);
// A new database at `path` (an old one and its -wal/-shm removed first).
std::unique_ptr<Engine> create_engine(const std::string& path, const Clock& clock);
// Adds `projects` signed projects B0, B1, … in one batch (exits on an error).
void add_signed_projects(Engine& engine, int projects);
// Seconds `f` takes on the steady clock.
double seconds(const std::function<void()>& f);
// Prints `what: message` and exits 1 unless `s` is Ok.
void check(const Status& s, const char* what);

// --projects N and --dir DIR (default: the system's temporary directory).
struct CityArgs {
  int projects = 0;
  std::string dir;
};
CityArgs city_args(int argc, char** argv, int default_projects);

}  // namespace luodi::bench
