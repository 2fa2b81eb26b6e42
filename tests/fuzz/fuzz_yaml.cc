// libFuzzer target: one of luodi's YAML formats (chosen at build time by
// LUODI_FUZZ_KIND: 1 workflow, 2 calendar, 3 campaign, 4 targets, 5 a
// what-if scenario, as YAML and as JSON, weighed when it parses; 6 a holiday
// table loaded into the scratch city, 7 a revised workflow applied to it,
// both as dry runs). Any input must give a value or a clear error: no crash,
// no hang, no exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "commands/scenario.h"
#include "fuzz_engine.h"
#include "luodi/calendar.h"
#include "luodi/campaign.h"
#include "luodi/targets.h"
#include "luodi/whatif.h"
#include "luodi/workflow.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
#if LUODI_FUZZ_KIND == 1
  (void)luodi::parse_workflow(text, "fuzz.yaml");
#elif LUODI_FUZZ_KIND == 2
  auto cal = luodi::parse_calendar(text, "fuzz.yaml");
  // A calendar that parses must let working days be counted.
  if (cal.ok()) (void)cal->add_workdays(luodi::Date::from_ymd(2026, 1, 1), 30);
#elif LUODI_FUZZ_KIND == 3
  auto c = luodi::parse_campaign(text, "fuzz.yaml", luodi::fuzz::scratch_engine().workflow());
  if (c.ok()) {
    luodi::WorkCalendar cal;
    for (const auto& [from, to] : c->targets) (void)luodi::schedule_backwards(*c, cal, from);
  }
#elif LUODI_FUZZ_KIND == 4
  (void)luodi::parse_targets(text, "fuzz.yaml");
#elif LUODI_FUZZ_KIND == 5
  // The scratch city is weighed, never written: the next input sees it unchanged.
  for (auto scenario :
       {luodi::parse_scenario_yaml(text, "fuzz.yaml"), luodi::parse_scenario_json(text)})
    if (scenario.ok())
      if (auto decoded = luodi::commands::decode_scenario(*scenario); decoded.ok())
        (void)luodi::fuzz::scratch_engine().what_if(*decoded);
#elif LUODI_FUZZ_KIND == 6
  // Dry runs: the scratch city is never written, the next input sees it unchanged.
  (void)luodi::fuzz::scratch_engine().load_calendar({std::string(text), "fuzz.yaml"}, true);
#elif LUODI_FUZZ_KIND == 7
  auto& engine = luodi::fuzz::scratch_engine();
  (void)engine.apply_workflow({std::string(text), "fuzz.yaml"}, engine.today() + 1, true);
#else
#error "LUODI_FUZZ_KIND must be 1 … 7"
#endif
  return 0;
}
