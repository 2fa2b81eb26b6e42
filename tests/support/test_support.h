// Helpers shared by the tests: temporary directories, the default workflow
// and calendar, and running the real luodi binary.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "luodi/calendar.h"
#include "luodi/workflow.h"

namespace luodi::testing {

// A fresh directory, removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& bytes);
std::string source_path(const std::string& relative);  // inside the repository

// A small workflow with a stage the default lacks (供地, land supply), for
// tests that prove a stage is added in YAML alone.
extern const char* const kLandSupplyWorkflowYaml;

// The default workflow's text without its digest schedule, for tests that
// count reminders one by one (digests have tests of their own); without the
// staleness reminder too when `staleness` is false (tests of delivery, where
// a project recorded at an old stage date would also be reminded of that).
std::string workflow_without_digests(bool staleness = true);
// … written to `path`, for `luodi init --workflow`.
std::string write_workflow_without_digests(const std::string& path, bool staleness = true);

// The repository's default workflow and calendar, parsed (test fails if not).
const Workflow& default_workflow();
const WorkCalendar& default_calendar();

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the real `luodi` binary with `args` and extra environment variables.
RunResult run_luodi(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env = {});
// Runs a shell command line (for scripts).
RunResult run_shell(const std::string& command_line, const std::string& work_dir);

}  // namespace luodi::testing
