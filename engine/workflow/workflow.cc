#include "luodi/workflow.h"

#include <algorithm>

namespace luodi {

std::optional<int> Workflow::find_stage(std::string_view key) const {
  for (size_t i = 0; i < stages.size(); ++i) {
    const auto& s = stages[i];
    if (s.id == key || s.label.zh == key || s.label.en == key) return static_cast<int>(i);
  }
  return std::nullopt;
}

const BlockerCategory* Workflow::find_category(std::string_view key) const {
  for (const auto& c : blocker_categories)
    if (c.id == key || c.label.zh == key || c.label.en == key) return &c;
  return nullptr;
}

bool Workflow::allows(int from, int to) const {
  if (to == from + 1 && to < static_cast<int>(stages.size())) return true;
  return std::find(extra_transitions.begin(), extra_transitions.end(), std::pair{from, to}) !=
         extra_transitions.end();
}

std::vector<int> Workflow::next_stages(int from) const {
  std::vector<int> out;
  for (int to = 0; to < static_cast<int>(stages.size()); ++to)
    if (allows(from, to)) out.push_back(to);
  return out;
}

}  // namespace luodi
