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
#include "luodi/light.h"
#include "luodi/status.h"
#include "luodi/write.h"

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

// A scenario with each write decoded by its command, as the CLI and the API
// decode real writes (commands::decode_scenario): what Engine::what_if weighs.
struct DecodedScenario {
  struct Write {
    WriteRequest request;
    std::string where;  // as Scenario::Write's
  };
  std::vector<Write> writes;
  std::vector<Scenario::CampaignEnd> campaign_ends;
};

// `events:` — a list of `{code, kind, on, …}`. Errors are "file:line:col: …".
Result<Scenario> parse_scenario_yaml(std::string_view text, const std::string& file);
// The same document as JSON (POST /api/whatif). Errors name the event: "events[2]: …".
Result<Scenario> parse_scenario_json(std::string_view text);

// A project's figures in a what-if, before or after the scenario.
struct WhatIfFigures {
  std::optional<Date> due;  // the binding due date once the scenario's last event is in
  LightColor light = LightColor::kNone;  // on the campaign's end date, if nothing else happens
  int stage_at_campaign_end = 0;         // … reached by then under the standard durations
  // When its next stage and its campaign target are expected (reached:
  // the day it was; none: blocked, finished or not forecast). A blocked
  // project does not move until unblocked: only the scenario's unblock moves it.
  int next_stage = 0;
  std::optional<Date> next_expected;
  std::optional<int> target_stage;  // none: no target in the campaign looked at
  std::optional<Date> target_expected;
  struct MilestoneOutcome {
    int stage = 0;
    Date due;
    bool met = false;  // reached, or expected reached by its due date
    bool operator==(const MilestoneOutcome&) const = default;
  };
  std::vector<MilestoneOutcome> milestones;
  bool operator==(const WhatIfFigures&) const = default;
};

struct WhatIfHeadline {
  Date campaign_end;
  int active = 0;          // key projects neither cancelled nor dropped
  int started = 0;         // … at the starting stage or beyond by the campaign's end
  double start_ratio = 0;  // started ÷ active
  int red = 0;             // red on the campaign's end date
};

struct WhatIf {
  Date today;            // the day the scenario is weighed from
  Date last_event;       // the scenario's last event (today when none is later)
  std::string campaign;  // the campaign whose end is looked at (empty: 31 December)
  struct Project {
    std::string code;
    WhatIfFigures before, after;
  };
  std::vector<Project> projects;  // only those where something differs
  WhatIfHeadline before, after;
};

}  // namespace luodi
