// Inline SVG charts for the HTML report and the dashboard: no scripts, no
// fonts or images fetched, so the page works offline.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace luodi::svg {

std::string escape(const std::string& text);  // for HTML text and attributes

struct Bar {
  std::string label;
  double value = 0;
  std::string color;  // CSS colour
};

// Horizontal bars scaled to the largest value, each labelled with its value.
std::string bar_chart(const std::string& title, const std::vector<Bar>& bars);

struct Series {
  std::string name;
  std::string color;
  std::vector<std::pair<std::string, std::optional<double>>> points;  // x label, y (none: gap)
};

// Lines over shared x labels (the burn-down: milestones planned and met).
std::string line_chart(const std::string& title, const std::vector<Series>& series);

}  // namespace luodi::svg
