// Position-aware helpers for validating YAML documents. Every problem is kept
// as "file:line:col: message" so a user can jump to it; nothing throws.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/date.h"
#include "luodi/status.h"

namespace luodi::yaml {

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  // Parses a document; on a syntax error records it and returns nullopt.
  std::optional<YAML::Node> parse(std::string_view text);

  void error(const YAML::Node& at, const std::string& message);
  void error(const YAML::Mark& at, const std::string& message);
  // "file:line:col" of `at` (the column in characters), as errors start.
  std::string position(const YAML::Mark& at) const;

  // Records an error for every key of `map` not in `allowed` and for every
  // duplicate key. Returns false when `map` is not a mapping.
  bool check_map(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                 std::string_view what);
  bool require(const YAML::Node& map, std::string_view key, std::string_view what);

  std::optional<std::string> string(const YAML::Node& n, std::string_view what);
  std::optional<long long> integer(const YAML::Node& n, std::string_view what);
  // A non-negative number such as 255000 or 1369.28.
  std::optional<double> amount(const YAML::Node& n, std::string_view what);
  std::optional<bool> boolean(const YAML::Node& n, std::string_view what);
  std::optional<Date> date(const YAML::Node& n, std::string_view what);

  bool ok() const { return errors_.empty(); }
  // All problems as one bad-input status, one per line.
  Status status() const;

 private:
  std::string file_;
  std::string text_;  // to turn yaml-cpp's byte columns into character columns
  std::vector<std::string> errors_;
};

}  // namespace luodi::yaml
