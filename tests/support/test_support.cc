#include "support/test_support.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace luodi::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "luodi-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string source_path(const std::string& relative) {
  return std::string(LUODI_SOURCE_DIR) + "/" + relative;
}

const char* const kLandSupplyWorkflowYaml = R"(id: with-land
version: 3
label: {zh: 含供地, en: With land supply}
stages:
  - {id: signed, label: {zh: 签约, en: Signed}}
  - {id: land_supply, label: {zh: 供地, en: Land supply}, limit: {workdays: 30}}
  - {id: construction, label: {zh: 开工, en: Construction start}}
side_states:
  cancelled: {label: {zh: 取消, en: Cancelled}}
  dropped: {label: {zh: 剔除, en: Dropped}}
blocker_categories:
  - {id: land, label: {zh: 用地, en: Land}}
)";

std::string workflow_without_digests(bool staleness) {
  std::string text = read_file(source_path("workflows/key-project.yaml"));
  const auto at = text.find("\ndigests:");
  if (at == std::string::npos)
    throw std::runtime_error("the default workflow has no digests section");
  // The section runs to the end of the file or to the next top-level key.
  auto end = at + 1;
  while ((end = text.find('\n', end)) != std::string::npos && end + 1 < text.size() &&
         (text[end + 1] == ' ' || text[end + 1] == '#' || text[end + 1] == '\n'))
    ++end;
  text.erase(at + 1, end == std::string::npos ? std::string::npos : end - at);
  if (!staleness) {
    const auto stale = text.find("  stale_after_workdays:");
    if (stale == std::string::npos)
      throw std::runtime_error("the default workflow has no staleness rule");
    text.erase(stale, text.find('\n', stale) - stale + 1);
  }
  return text;
}

std::string write_workflow_without_digests(const std::string& path, bool staleness) {
  write_file(path, workflow_without_digests(staleness));
  return path;
}

const Workflow& default_workflow() {
  static const Workflow wf = [] {
    const std::string path = source_path("workflows/key-project.yaml");
    auto r = parse_workflow(read_file(path), path);
    if (!r.ok()) throw std::runtime_error(r.status().message());
    return r.value();
  }();
  return wf;
}

const WorkCalendar& default_calendar() {
  static const WorkCalendar cal = [] {
    const std::string path = source_path("workflows/calendars/cn.yaml");
    auto r = parse_calendar(read_file(path), path);
    if (!r.ok()) throw std::runtime_error(r.status().message());
    return r.value();
  }();
  return cal;
}

namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

RunResult run_shell(const std::string& command_line, const std::string& work_dir) {
  TempDir capture;
  const std::string out = capture.file("out"), err = capture.file("err");
  const std::string full = "cd " + quote(work_dir) + " && " + command_line + " </dev/null >" +
                           quote(out) + " 2>" + quote(err);
  const int status = std::system(full.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

RunResult run_luodi(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env) {
  std::string line = "env -u LUODI_DB -u LUODI_NOW";
  for (const auto& [k, v] : env) line += " " + quote(k + "=" + v);
  line += " " + quote(LUODI_BINARY);
  for (const auto& a : args) line += " " + quote(a);
  return run_shell(line, std::filesystem::temp_directory_path().string());
}

}  // namespace luodi::testing
