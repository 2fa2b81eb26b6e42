#include "whatif/limits.h"

#include "catalogue/catalogue.h"

namespace luodi {

namespace {

std::string filled(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    const std::string mark = "{" + name + "}";
    for (auto at = text.find(mark); at != std::string::npos;
         at = text.find(mark, at + value.size()))
      text.replace(at, mark.size(), value);
  }
  return text;
}

}  // namespace

std::string whatif_message(const std::string& id,
                           const std::map<std::string, std::string>& values) {
  return filled(catalogue::text(id, Lang::kEn), values) + " (" +
         filled(catalogue::text(id, Lang::kZh), values) + ")";
}

Status check_scenario_bytes(std::size_t bytes, const WhatIfLimits& limits) {
  if (bytes <= limits.max_bytes) return Status::Ok();
  return Status::BadInput(
      whatif_message("whatif_too_many_bytes",
                     {{"n", std::to_string(bytes)}, {"max", std::to_string(limits.max_bytes)}}));
}

Status check_scenario_events(const Scenario& scenario, const WhatIfLimits& limits) {
  const std::size_t n = scenario.writes.size() + scenario.campaign_ends.size();
  if (n <= limits.max_events) return Status::Ok();
  return Status::BadInput(
      whatif_message("whatif_too_many_events",
                     {{"n", std::to_string(n)}, {"max", std::to_string(limits.max_events)}}));
}

}  // namespace luodi
