// Reading a what-if scenario from YAML (luodi whatif) or JSON (POST
// /api/whatif) into the same Scenario.
#include <boost/json.hpp>

#include "common/yaml_reader.h"
#include "luodi/whatif.h"

namespace luodi {

namespace json = boost::json;

namespace {

constexpr const char* kCampaign = "campaign";

// Splits one event into a campaign move or a write, or says what is wrong.
Status add_event(Scenario& s, json::object fields, const std::string& where) {
  const json::value* kind = fields.if_contains("kind");
  if (!kind || !kind->is_string() || kind->as_string().empty())
    return Status::BadInput(
        where + ": 'kind' is required (unblock, advance, plan, update, invest, campaign …)");
  const std::string k(kind->as_string());
  fields.erase("kind");
  if (k == kCampaign) {
    const json::value* id = fields.if_contains("campaign");
    const json::value* end = fields.if_contains("end");
    if (!id || !id->is_string())
      return Status::BadInput(where + ": a campaign move needs 'campaign' (its id)");
    std::optional<Date> day =
        end && end->is_string() ? Date::parse(end->as_string()) : std::nullopt;
    if (!day) return Status::BadInput(where + ": a campaign move needs 'end' as YYYY-MM-DD");
    for (const auto& [key, v] : fields)
      if (key != "campaign" && key != "end")
        return Status::BadInput(where + ": unknown field '" + std::string(key) +
                                "' of a campaign move");
    s.campaign_ends.push_back({std::string(id->as_string()), *day, where});
    return Status::Ok();
  }
  s.writes.push_back({k, std::move(fields), where});
  return Status::Ok();
}

// A YAML scalar as the JSON text a command's field reader takes; a map (the
// evidence) as an object of text.
std::optional<json::value> json_of(yaml::Reader& r, const YAML::Node& n, const std::string& key) {
  if (n.IsScalar()) return json::value(n.Scalar());
  if (n.IsNull()) return json::value(nullptr);
  if (n.IsMap()) {
    json::object o;
    for (const auto& kv : n) {
      if (!kv.second.IsScalar()) {
        r.error(kv.second, "'" + key + "." + kv.first.Scalar() + "' must be text");
        return std::nullopt;
      }
      o[kv.first.Scalar()] = kv.second.Scalar();
    }
    return json::value(std::move(o));
  }
  r.error(n, "'" + key + "' must be a value or a map of text");
  return std::nullopt;
}

}  // namespace

Result<Scenario> parse_scenario_yaml(std::string_view text, const std::string& file) {
  yaml::Reader r(file);
  auto root = r.parse(text);
  if (!root) return r.status();
  if (!r.check_map(*root, {"events"}, "scenario")) return r.status();
  if (!r.require(*root, "events", "scenario")) return r.status();
  const YAML::Node events = (*root)["events"];
  if (!events.IsSequence()) {
    r.error(events, "'events' must be a list of {code, kind, on, …}");
    return r.status();
  }
  Scenario s;
  for (const auto& e : events) {
    if (!e.IsMap()) {
      r.error(e, "an event is a map: {code, kind, on, …}");
      continue;
    }
    json::object fields;
    for (const auto& kv : e)
      if (auto v = json_of(r, kv.second, kv.first.Scalar()))
        fields[kv.first.Scalar()] = std::move(*v);
    const auto mark = e.Mark();
    const std::string where =
        file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    if (Status st = add_event(s, std::move(fields), where); !st.ok())
      r.error(e, st.message().substr(where.size() + 2));
  }
  if (!r.ok()) return r.status();
  return s;
}

Result<Scenario> parse_scenario_json(std::string_view text) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec) return Status::BadInput("the scenario is not JSON: " + ec.message());
  const json::object* root = doc.if_object();
  const json::value* events = root ? root->if_contains("events") : nullptr;
  if (!events || !events->is_array())
    return Status::BadInput("the scenario needs 'events': a list of {code, kind, on, …}");
  Scenario s;
  size_t i = 0;
  for (const auto& e : events->as_array()) {
    const std::string where = "events[" + std::to_string(i++) + "]";
    if (!e.is_object())
      return Status::BadInput(where + ": an event is an object {code, kind, on, …}");
    LUODI_RETURN_IF_ERROR(add_event(s, e.as_object(), where));
  }
  return s;
}

}  // namespace luodi
