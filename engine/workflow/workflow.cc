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

Status Workflow::check_evidence(int stage, const std::map<std::string, std::string>& evidence,
                                bool entering_only) const {
  // A stage no move can skip: nothing leads from before it to after it.
  auto unavoidable = [&](int s) {
    for (int from = 0; from < s; ++from)
      for (int to = s + 1; to < static_cast<int>(stages.size()); ++to)
        if (allows(from, to)) return false;
    return true;
  };
  std::vector<const EvidenceDef*> needed;
  for (int s = entering_only ? stage : 0; s <= stage; ++s)
    if (s == stage || unavoidable(s))
      for (const auto& e : stages[s].evidence) needed.push_back(&e);
  // Unknown keys are typing mistakes; keys of other stages are kept.
  for (const auto& given : evidence) {
    const std::string& key = given.first;  // a name, not a binding: lambdas capture it
    const bool declared = std::any_of(stages.begin(), stages.end(), [&](const StageDef& st) {
      return std::any_of(st.evidence.begin(), st.evidence.end(),
                         [&](const EvidenceDef& e) { return e.id == key; });
    });
    if (!declared) {
      std::string known;
      for (const auto& st : stages)
        for (const auto& e : st.evidence) known += (known.empty() ? "" : ", ") + e.id;
      return Status::BadInput("unknown evidence '" + key + "' (the workflow declares: " +
                              (known.empty() ? "none" : known) + ")");
    }
  }
  for (const auto* need : needed) {
    auto it = evidence.find(need->id);
    if (it == evidence.end() || it->second.empty())
      return Status::BadInput(
          Message("error_evidence_missing",
                  {arg("stage", stages[stage].label.zh, stages[stage].id),
                   arg("evidence", need->label.zh, need->id), arg("field", "evidence." + need->id),
                   arg("label_zh", need->label.zh), arg("label_en", need->label.en)}));
  }
  return Status::Ok();
}

}  // namespace luodi
