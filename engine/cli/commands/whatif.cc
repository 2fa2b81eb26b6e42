#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"
#include "commands/scenario.h"
#include "views/json_views.h"
#include "whatif/limits.h"

namespace luodi::cli {

namespace {

// --whatif-max-events N, --whatif-max-bytes N (as serve takes them).
Result<WhatIfLimits> limits_of(const commands::ReadArgs& args) {
  WhatIfLimits limits;
  for (auto [flag, into] : {std::pair{"whatif-max-events", &limits.max_events},
                            std::pair{"whatif-max-bytes", &limits.max_bytes}}) {
    std::string name = flag;
    std::replace(name.begin(), name.end(), '-', '_');
    auto v = args.text(name);
    if (!v) continue;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), *into);
    if (ec != std::errc() || p != v->data() + v->size() || *into < 1)
      return Status::BadInput(std::string("--") + flag + " must be a positive whole number");
  }
  return limits;
}

// The read `whatif` (its parameters checked by the table of reads): the
// scenario from a YAML file.
Status run(Invocation& inv, const commands::ReadArgs& args) {
  const std::string& file = args.positional;
  LUODI_ASSIGN_OR_RETURN(WhatIfLimits limits, limits_of(args));
  std::error_code size_error;  // a file far over the limit is not read at all
  if (const auto size = std::filesystem::file_size(file, size_error); !size_error)
    LUODI_RETURN_IF_ERROR(check_scenario_bytes(size, limits));
  LUODI_ASSIGN_OR_RETURN(std::string text, read_input_file(file));
  LUODI_RETURN_IF_ERROR(check_scenario_bytes(text.size(), limits));
  LUODI_ASSIGN_OR_RETURN(Scenario parsed, parse_scenario_yaml(text, file));
  LUODI_RETURN_IF_ERROR(check_scenario_events(parsed, limits));
  LUODI_ASSIGN_OR_RETURN(DecodedScenario scenario, commands::decode_scenario(parsed));
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(WhatIf answer, engine->what_if(scenario));
  const auto json = views::what_if_json(engine->workflow(), answer);
  if (inv.has("json")) {
    print_json(inv.out, json);
    return Status::Ok();
  }
  const auto& o = json.as_object();
  auto text_of = [](const boost::json::value& v) {
    if (v.is_string()) return std::string(v.as_string());
    if (v.is_null()) return std::string("—");
    if (v.is_double()) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f%%", v.as_double() * 100);
      return std::string(buf);
    }
    return boost::json::serialize(v);
  };
  const auto& h = o.at("headline").as_object();
  auto headline = [&](const char* key) {
    const auto& x = h.at("before").as_object().at(key);
    const auto& y = h.at("after").as_object().at(key);
    return text_of(x) + " → " + text_of(y);
  };
  inv.out << "what if (weighed on " << text_of(o.at("weighed_on")) << ", campaign "
          << text_of(o.at("campaign")) << "):\n"
          << "  campaign end:            " << headline("campaign_end") << "\n"
          << "  start ratio by then:     " << headline("start_ratio_at_campaign_end") << "\n"
          << "  red on the end date:     " << headline("red") << "\n\n";
  Table t({"code", "due", "light at the end", "stage at the end", "next stage expected",
           "target expected", "milestones met"});
  for (const auto& pv : o.at("projects").as_array()) {
    const auto& p = pv.as_object();
    const auto& b = p.at("before").as_object();
    const auto& a = p.at("after").as_object();
    auto met = [](const boost::json::object& f) {
      int n = 0, of = 0;
      for (const auto& m : f.at("milestones").as_array()) {
        ++of;
        n += m.at("met").as_bool();
      }
      return std::to_string(n) + "/" + std::to_string(of);
    };
    auto change = [&](const char* key) { return text_of(b.at(key)) + " → " + text_of(a.at(key)); };
    // "site_entry —  → 2026-09-11", with the slip in days when both are known.
    const auto& slip = p.at("slip_days").as_object();
    auto expected = [&](const char* stage, const char* key, const char* slip_key) {
      std::string s = text_of(a.at(stage)) + " " + change(key);
      if (!slip.at(slip_key).is_null()) {
        const auto days = slip.at(slip_key).as_int64();
        s += " (" + std::string(days > 0 ? "+" : "") + std::to_string(days) + " d)";
      }
      return s;
    };
    t.add({text_of(p.at("code")), change("due"), change("light"), change("stage_at_campaign_end"),
           expected("next_stage", "next_expected", "next"),
           expected("target", "target_expected", "target"), met(b) + " → " + met(a)});
  }
  t.print(inv.out);
  return Status::Ok();
}

}  // namespace

Command whatif_command() {
  Command c = special_read_verb("whatif", run);
  c.detail =
      "  over HTTP: POST /api/whatif with the same document as JSON; at most 2,000 events and 1 "
      "MiB "
      "by default (--whatif-max-events, --whatif-max-bytes; over them: exit 2)";
  return c;
}

}  // namespace luodi::cli
