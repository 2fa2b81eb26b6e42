#include "common/yaml_reader.h"

#include <yaml-cpp/depthguard.h>

#include <charconv>
#include <set>

namespace luodi::yaml {

std::optional<YAML::Node> Reader::parse(std::string_view text) {
  text_ = std::string(text);
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsDefined() || root.IsNull()) {
      errors_.push_back(file_ + ":1:1: empty document");
      return std::nullopt;
    }
    return root;
  } catch (const YAML::DeepRecursion& e) {
    error(e.mark, "the document nests too deeply (" + std::to_string(e.depth()) +
                      " levels of lists and mappings)");
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    error(e.mark, e.msg);
    return std::nullopt;
  }
}

std::string Reader::position(const YAML::Mark& at) const {
  int line = at.line < 0 ? 1 : at.line + 1;
  int col = 1;
  if (at.pos >= 0 && at.column >= 0 && static_cast<size_t>(at.pos) <= text_.size()) {
    // yaml-cpp counts bytes; editors count characters (Chinese text is 3 bytes a character).
    for (size_t i = static_cast<size_t>(at.pos - at.column); i < static_cast<size_t>(at.pos); ++i)
      col += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80 ? 1 : 0;
  }
  return file_ + ":" + std::to_string(line) + ":" + std::to_string(col);
}

void Reader::error(const YAML::Mark& at, const std::string& message) {
  errors_.push_back(position(at) + ": " + message);
}

void Reader::error(const YAML::Node& at, const std::string& message) { error(at.Mark(), message); }

bool Reader::check_map(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                       std::string_view what) {
  if (!map.IsMap()) {
    error(map, std::string(what) + " must be a mapping");
    return false;
  }
  std::set<std::string> seen;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) {
      error(kv.first, std::string("keys of ") + std::string(what) + " must be plain names");
      continue;
    }
    const std::string key = kv.first.Scalar();
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      error(kv.first,
            "unknown key '" + key + "' in " + std::string(what) + " (allowed: " + list + ")");
    }
    if (!seen.insert(key).second)
      error(kv.first, "duplicate key '" + key + "' in " + std::string(what));
  }
  return true;
}

bool Reader::require(const YAML::Node& map, std::string_view key, std::string_view what) {
  if (map[std::string(key)]) return true;
  error(map, std::string(what) + " is missing '" + std::string(key) + "'");
  return false;
}

std::optional<std::string> Reader::string(const YAML::Node& n, std::string_view what) {
  if (!n.IsScalar() || n.Scalar().empty()) {
    error(n, std::string(what) + " must be a non-empty text");
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<long long> Reader::integer(const YAML::Node& n, std::string_view what) {
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    long long v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size()) return v;
  }
  error(n, std::string(what) + " must be a whole number");
  return std::nullopt;
}

std::optional<double> Reader::amount(const YAML::Node& n, std::string_view what) {
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size() && v >= 0) return v;
  }
  error(n, std::string(what) + " must be a non-negative number");
  return std::nullopt;
}

std::optional<bool> Reader::boolean(const YAML::Node& n, std::string_view what) {
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    if (s == "true" || s == "yes") return true;
    if (s == "false" || s == "no") return false;
  }
  error(n, std::string(what) + " must be true or false");
  return std::nullopt;
}

std::optional<Date> Reader::date(const YAML::Node& n, std::string_view what) {
  if (n.IsScalar()) {
    if (auto d = Date::parse(n.Scalar())) return d;
  }
  error(n, std::string(what) + " must be " + kDateForm);
  return std::nullopt;
}

Status Reader::status() const {
  if (errors_.empty()) return Status::Ok();
  std::string all;
  for (const auto& e : errors_) all += (all.empty() ? "" : "\n") + e;
  return Status::BadInput(all);
}

}  // namespace luodi::yaml
