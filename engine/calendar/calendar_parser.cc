// YAML → WorkCalendar, with every problem reported at its position.
#include "common/yaml_reader.h"
#include "luodi/calendar.h"

namespace luodi {

namespace {

std::optional<unsigned> weekday_number(std::string_view s) {
  static const char* names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                "friday", "saturday", "sunday"};
  for (unsigned i = 0; i < 7; ++i)
    if (s == names[i]) return i + 1;
  return std::nullopt;
}

void read_year(yaml::Reader& r, const YAML::Node& n, WorkCalendar& cal) {
  if (!r.check_map(n, {"year", "source", "holidays", "workdays"}, "calendar year")) return;
  if (!r.require(n, "year", "calendar year")) return;
  auto year = r.integer(n["year"], "year");
  if (!year) return;
  if (*year < 1970 || *year > 9999) {
    r.error(n["year"], "year out of range");
    return;
  }
  if (cal.years.count(static_cast<int>(*year))) {
    r.error(n["year"], "duplicate year " + std::to_string(*year));
    return;
  }
  CalendarYear cy;
  cy.year = static_cast<int>(*year);
  auto in_year = [&](const YAML::Node& at, Date d) {
    if (d.year() != cy.year) r.error(at, d.str() + " is not in " + std::to_string(cy.year));
  };
  if (const auto& hs = n["holidays"]) {
    if (!hs.IsSequence()) r.error(hs, "holidays must be a list");
    for (size_t i = 0; hs.IsSequence() && i < hs.size(); ++i) {
      const auto& h = hs[i];
      if (!r.check_map(h, {"name", "from", "to"}, "holiday")) continue;
      bool ok = r.require(h, "name", "holiday");
      ok = r.require(h, "from", "holiday") && ok;
      if (!ok) continue;
      Holiday hol;
      const auto& name = h["name"];
      if (r.check_map(name, {"zh", "en"}, "holiday name")) {
        hol.name.zh = name["zh"] ? r.string(name["zh"], "holiday name.zh").value_or("") : "";
        hol.name.en = name["en"] ? r.string(name["en"], "holiday name.en").value_or("") : "";
        if (!name["zh"] || !name["en"]) r.error(name, "holiday name needs 'zh' and 'en'");
      }
      auto from = r.date(h["from"], "holiday from");
      auto to = h["to"] ? r.date(h["to"], "holiday to") : from;
      if (!from || !to) continue;
      in_year(h["from"], *from);
      in_year(h["to"] ? h["to"] : h["from"], *to);
      if (*to < *from) r.error(h, "holiday ends before it starts");
      hol.from = *from;
      hol.to = *to;
      cy.holidays.push_back(hol);
    }
  }
  if (const auto& ws = n["workdays"]) {
    if (!ws.IsSequence()) r.error(ws, "workdays must be a list of dates");
    for (size_t i = 0; ws.IsSequence() && i < ws.size(); ++i) {
      auto d = r.date(ws[i], "make-up working day");
      if (!d) continue;
      in_year(ws[i], *d);
      if (!cal.weekend.count(d->iso_weekday()))
        r.error(ws[i], d->str() + " is already a working day (not a weekend day)");
      if (!cy.makeup_workdays.insert(*d).second)
        r.error(ws[i], "duplicate working day " + d->str());
    }
  }
  cal.years.emplace(cy.year, std::move(cy));
}

}  // namespace

Result<WorkCalendar> parse_calendar(std::string_view text, const std::string& file_name) {
  yaml::Reader r(file_name);
  auto root = r.parse(text);
  if (!root) return r.status();
  WorkCalendar cal;
  if (!r.check_map(*root, {"id", "timezone", "weekend", "years"}, "calendar")) return r.status();
  r.require(*root, "id", "calendar");
  r.require(*root, "years", "calendar");
  if (const auto& n = (*root)["id"]) cal.id = r.string(n, "calendar id").value_or("");
  if (const auto& n = (*root)["timezone"]) {
    auto tz = r.string(n, "timezone");
    if (tz && *tz != "Asia/Shanghai") r.error(n, "only Asia/Shanghai is supported");
  }
  if (const auto& n = (*root)["weekend"]) {
    cal.weekend.clear();
    if (!n.IsSequence()) r.error(n, "weekend must be a list of day names");
    for (size_t i = 0; n.IsSequence() && i < n.size(); ++i) {
      auto name = r.string(n[i], "weekend day");
      if (!name) continue;
      if (auto wd = weekday_number(*name)) {
        cal.weekend.insert(*wd);
      } else {
        r.error(n[i], "unknown weekday '" + *name + "' (use monday … sunday)");
      }
    }
    // Counting working days must end: a week needs a working day.
    if (cal.weekend.size() >= 7)
      r.error(n, "weekend lists every day: a week needs at least one working day");
  }
  if (const auto& ys = (*root)["years"]) {
    if (!ys.IsSequence()) r.error(ys, "years must be a list");
    for (size_t i = 0; ys.IsSequence() && i < ys.size(); ++i) read_year(r, ys[i], cal);
  }
  if (!r.ok()) return r.status();
  return cal;
}

}  // namespace luodi
