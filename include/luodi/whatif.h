// What-if (推演): hypothetical events — an unblock, an advance, a plan, land
// secured, investment, a campaign's end moved — applied to an in-memory copy
// of the city, never written, and what they change: per project its binding
// due date, its light on the campaign's end date, the stage it reaches by
// then under the standard durations (luodi/forecast.h) and its milestones;
// in total the start ratio at the campaign's end and the red count.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/date.h"
#include "luodi/status.h"

namespace luodi {

struct Scenario {
  // A hypothetical write: `kind` is a write command's name (unblock,
  // advance, plan, update, invest, block …) and `fields` its fields as the
  // command takes them (code, on, to, blocker, land_secured_mu …).
  struct Write {
    std::string kind;
    boost::json::object fields;
    std::string where;  // "file:line:col" or "events[2]", for errors
  };
  // A campaign's end moved: `{kind: campaign, campaign: ID, end: DATE}`.
  struct CampaignEnd {
    std::string campaign;
    Date end;
    std::string where;
  };
  std::vector<Write> writes;
  std::vector<CampaignEnd> campaign_ends;
};

// `events:` — a list of `{code, kind, on, …}`. Errors are "file:line:col: …".
Result<Scenario> parse_scenario_yaml(std::string_view text, const std::string& file);
// The same document as JSON (POST /api/whatif). Errors name the event: "events[2]: …".
Result<Scenario> parse_scenario_json(std::string_view text);

}  // namespace luodi
