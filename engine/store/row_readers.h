// Reading a row into the engine's types and binding them as parameters,
// the same for both backends: a Row is a sqlite::Statement or a pg::Query
// (text, integer, real, is_null by column; bind, bind_null by parameter).
// The column orders are those of store/columns.h; the attributes are
// read and bound in the order of their declaration (attribute_fields()).
#pragma once

#include <optional>
#include <string>

#include "luodi/project.h"
#include "luodi/user.h"
#include "store/columns.h"
#include "store/event_codec.h"
#include "store/store.h"

namespace luodi::rows {

inline Date date_of(const std::string& s) { return Date::parse(s).value_or(Date{}); }

template <typename Row>
std::optional<Date> optional_date(const Row& st, int col) {
  return st.is_null(col) ? std::nullopt : Date::parse(st.text(col));
}

// Binds a date, or NULL; the text is copied.
template <typename Row>
void bind_date(Row& st, int i, const std::optional<Date>& d) {
  if (d) {
    st.bind(i, d->str());
  } else {
    st.bind_null(i);
  }
}

// Attempt times need more than seconds' order: seconds since the epoch, UTC.
inline std::string format_utc(Timestamp t) { return std::to_string(t.time_since_epoch().count()); }
inline Timestamp parse_utc(const std::string& s) {
  return Timestamp{std::chrono::seconds{std::stoll(s)}};
}

template <typename Row>
Result<Event> read_event(const Row& st) {
  Event e;
  e.seq = st.integer(0);
  e.project = st.text(1);
  auto kind = parse_event_kind(st.text(2));
  if (!kind) return Status::Internal("event " + std::to_string(e.seq) + " has unknown kind");
  e.kind = *kind;
  e.on = date_of(st.text(3));
  e.recorded_at = parse_local(st.text(4).substr(0, 19)).value_or(Timestamp{});
  e.actor = st.text(5);
  e.from = st.text(6);
  e.to = st.text(7);
  e.note = st.text(8);
  if (!st.is_null(11)) {
    e.blocker = Blocker{};
    e.blocker->id = st.integer(11);
  }
  LUODI_RETURN_IF_ERROR(codec::decode(e, st.text(9), st.text(10)));
  return e;
}

// The kept standing in the nine columns of columns::kSchedule from `first` on.
template <typename Row>
Schedule schedule_at(const Row& st, int first) {
  Schedule s;
  s.due = optional_date(st, first);
  s.light = parse_light(st.text(first + 1)).value_or(LightColor::kGreen);
  s.light_since = optional_date(st, first + 2);
  s.yellow_since = optional_date(st, first + 3);
  s.checked_on = optional_date(st, first + 4);
  s.next_check = optional_date(st, first + 5);
  s.due_stage = static_cast<int>(st.integer(first + 6));
  s.due_source = parse_deadline_source(st.text(first + 7)).value_or(Deadline::Source::kStage);
  s.due_provisional = st.integer(first + 8) != 0;
  return s;
}

// A row of columns::kLifecycle (or the start of columns::project()).
template <typename Row>
ProjectState read_lifecycle(const Row& st) {
  ProjectState s;
  s.code = st.text(0);
  s.stage = static_cast<int>(st.integer(1));
  s.stage_since = date_of(st.text(2));
  s.status = parse_project_status(st.text(3)).value_or(ProjectStatus::kActive);
  s.key = st.integer(4) != 0;
  s.created_on = date_of(st.text(5));
  s.last_event_on = date_of(st.text(6));
  if (auto due = optional_date(st, 8))
    s.plan = Plan{*due, static_cast<int>(st.integer(9)), st.text(10),
                  optional_date(st, 16).value_or(s.stage_since)};
  s.paused_days = static_cast<int>(st.integer(11));
  s.paused_since = optional_date(st, 12);
  if (auto on = optional_date(st, 13))
    s.progress = Progress{*on, st.real(14).value_or(0), st.real(15)};
  return s;
}

// The attributes from column `first` on, in the order of their declaration
// (attribute_fields(), as columns::project() lists them).
template <typename Row>
void read_attributes(const Row& st, int first, ProjectAttributes& a) {
  int col = first;
  for (const AttributeField& f : attribute_fields()) {
    if (f.text) {
      a.*f.text = st.text(col++);
    } else {
      a.*f.amount = st.real(col++);
    }
  }
}

// Binds the attributes as parameters from `first` on, in the same order.
template <typename Row>
void bind_attributes(Row& st, int first, const ProjectAttributes& a) {
  int i = first;
  for (const AttributeField& f : attribute_fields()) {
    if (f.text) {
      st.bind(i++, a.*f.text);
    } else {
      st.bind(i++, a.*f.amount);
    }
  }
}

// A row of columns::project().
template <typename Row>
ProjectState read_project(const Row& st) {
  ProjectState s = read_lifecycle(st);
  read_attributes(st, columns::kFirstAttribute, s.attributes);
  return s;
}

// Binds columns::kLifecycle as parameters 1…17.
template <typename Row>
void bind_lifecycle(Row& st, const ProjectState& s) {
  st.bind(1, s.code).bind(2, static_cast<std::int64_t>(s.stage)).bind(3, s.stage_since.str());
  st.bind(4, to_string(s.status)).bind(5, std::int64_t{s.key}).bind(6, s.created_on.str());
  st.bind(7, s.last_event_on.str()).bind(8, static_cast<std::int64_t>(s.blockers.size()));
  bind_date(st, 9, s.plan ? std::optional<Date>(s.plan->due) : std::nullopt);
  if (s.plan) {
    st.bind(10, static_cast<std::int64_t>(s.plan->stage));
  } else {
    st.bind_null(10);
  }
  st.bind(11, s.plan ? s.plan->note : std::string());
  st.bind(12, static_cast<std::int64_t>(s.paused_days));
  bind_date(st, 13, s.paused_since);
  bind_date(st, 14, s.progress ? std::optional<Date>(s.progress->on) : std::nullopt);
  st.bind(15, s.progress ? std::optional<double>(s.progress->fixed_asset_wan) : std::nullopt);
  st.bind(16, s.progress ? s.progress->foreign_arrived_usd_wan : std::nullopt);
  bind_date(st, 17, s.plan ? std::optional<Date>(s.plan->on) : std::nullopt);
}

template <typename Row>
User read_user(const Row& st) {
  return {st.text(0), parse_role(st.text(1)).value_or(Role::kUnit), st.text(2),
          parse_local(st.text(3).substr(0, 19)).value_or(Timestamp{})};
}

}  // namespace luodi::rows
