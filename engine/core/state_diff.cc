#include "core/state_diff.h"

#include <sstream>

namespace luodi {

namespace {

std::string amount(const std::optional<double>& v) {
  if (!v) return "(none)";
  std::ostringstream out;
  out << *v;
  return out.str();
}

std::string blockers_text(const std::vector<Blocker>& bs) {
  std::string out;
  for (const auto& b : bs)
    out += (out.empty() ? "" : "; ") + std::to_string(b.id) + " " + b.category + " since " +
           b.since.str() + " (" + b.reason + ")" +
           (b.instructions.empty()
                ? ""
                : " with " + std::to_string(b.instructions.size()) + " instruction(s)");
  return out.empty() ? "(none)" : out;
}

}  // namespace

std::vector<std::string> describe_differences(const Workflow& wf, const ProjectState& p,
                                              const ProjectState& r) {
  std::vector<std::string> out;
  auto check = [&](const char* field, const std::string& a, const std::string& b) {
    if (a != b) out.push_back(std::string(field) + ": projection " + a + ", replay " + b);
  };
  auto stage = [&](int i) {
    return i >= 0 && i < static_cast<int>(wf.stages.size()) ? wf.stages[i].id
                                                            : "#" + std::to_string(i);
  };
  const auto &a = p.attributes, &b = r.attributes;
  for (const AttributeField& f : attribute_fields()) {
    const std::string field(f.name);
    if (f.text) {
      check(field.c_str(), a.*f.text, b.*f.text);
    } else {
      check(field.c_str(), amount(a.*f.amount), amount(b.*f.amount));
    }
  }
  check("stage", stage(p.stage), stage(r.stage));
  check("stage_since", p.stage_since.str(), r.stage_since.str());
  check("status", std::string(to_string(p.status)), std::string(to_string(r.status)));
  check("key", p.key ? "yes" : "no", r.key ? "yes" : "no");
  check("created_on", p.created_on.str(), r.created_on.str());
  check("last_event_on", p.last_event_on.str(), r.last_event_on.str());
  check("blockers", blockers_text(p.blockers), blockers_text(r.blockers));
  auto plan = [&](const std::optional<Plan>& x) {
    return x ? x->due.str() + " for " + stage(x->stage) +
                   (x->note.empty() ? "" : " (" + x->note + ")")
             : std::string("(none)");
  };
  check("plan", plan(p.plan), plan(r.plan));
  check("paused_days", std::to_string(p.paused_days), std::to_string(r.paused_days));
  auto progress = [&](const std::optional<Progress>& x) {
    return x ? x->on.str() + " " + amount(x->fixed_asset_wan) + " / " +
                   amount(x->foreign_arrived_usd_wan)
             : std::string("(none)");
  };
  check("progress", progress(p.progress), progress(r.progress));
  check("paused_since", p.paused_since ? p.paused_since->str() : "(none)",
        r.paused_since ? r.paused_since->str() : "(none)");
  return out;
}

}  // namespace luodi
