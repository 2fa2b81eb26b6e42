#include "views/rule_views.h"

#include <boost/json.hpp>

namespace luodi::views {

namespace json = boost::json;

namespace {

json::value date_or_null(const std::optional<Date>& d) {
  return d ? json::value(d->str()) : json::value(nullptr);
}

json::array years_json(const std::vector<int>& years) {
  json::array a;
  for (int y : years) a.push_back(y);
  return a;
}

}  // namespace

json::value rule_moves_json(const RuleLoad& load) {
  json::array out;
  for (const auto& m : load.moved)
    out.push_back(json::object{{"code", m.code},
                               {"due_before", date_or_null(m.due_before)},
                               {"due_after", date_or_null(m.due_after)},
                               {"light_before", to_string(m.light_before)},
                               {"light_after", to_string(m.light_after)}});
  return out;
}

json::value rule_load_json(const RuleLoad& load) {
  return json::object{{"on", load.on.str()},
                      {"years", years_json(load.years)},
                      {"dry_run", load.dry_run},
                      {"moved", load.moved.size()},
                      {"projects", rule_moves_json(load)}};
}

json::value rule_changes_json(const std::vector<RuleChange>& changes) {
  json::array out;
  for (const auto& c : changes)
    out.push_back(json::object{{"kind", to_string(c.kind)},
                               {"on", c.on.str()},
                               {"name", c.name},
                               {"loaded_at", c.loaded_at},
                               {"years", years_json(c.years)},
                               {"moved", c.moved}});
  return out;
}

}  // namespace luodi::views
