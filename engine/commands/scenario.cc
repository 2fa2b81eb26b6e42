#include "commands/scenario.h"

#include <algorithm>

#include "commands/write_commands.h"

namespace luodi::commands {

Result<DecodedScenario> decode_scenario(const Scenario& scenario) {
  DecodedScenario out;
  out.campaign_ends = scenario.campaign_ends;
  const auto& all = write_commands();
  for (const auto& w : scenario.writes) {
    auto command = std::find_if(all.begin(), all.end(),
                                [&](const WriteCommand& c) { return c.name == w.kind; });
    if (command == all.end() || command->name == "add")  // a scenario moves recorded projects
      return Status::BadInput(w.where + ": unknown kind '" + w.kind +
                              "' (unblock, advance, plan, update, invest, block, campaign …)");
    auto request = decode(*command, Params(w.fields), "what-if");
    if (!request.ok()) return request.status().prefixed(w.where + ": ");
    out.writes.push_back({std::move(*request), w.where});
  }
  return out;
}

}  // namespace luodi::commands
