// Plain-text tables that line up in a terminal, Chinese text included
// (CJK characters take two columns).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace luodi::cli {

// Terminal columns `s` takes: 2 for East Asian wide characters, 1 otherwise.
int display_width(std::string_view s);

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& out) const;
  size_t size() const { return rows_.size(); }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace luodi::cli
