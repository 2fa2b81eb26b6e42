// What the SQLite areas share.
#include "store/sqlite_rows.h"

#include "store/event_codec.h"

namespace luodi::sqlite {

std::optional<Date> optional_date(const Statement& st, int col) {
  return st.is_null(col) ? std::nullopt : Date::parse(st.text(col));
}

void bind_date(Statement& st, int i, const std::optional<Date>& d) {
  if (d) {
    st.bind(i, d->str());
  } else {
    st.bind_null(i);
  }
}

Date date_of(const std::string& s) { return Date::parse(s).value_or(Date{}); }

std::string format_utc(Timestamp t) { return std::to_string(t.time_since_epoch().count()); }
Timestamp parse_utc(const std::string& s) { return Timestamp{std::chrono::seconds{std::stoll(s)}}; }

Result<Event> read_event(const Statement& st) {
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
Schedule schedule_at(const Statement& st, int first) {
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

Result<std::vector<std::string>> codes(Statement& st) {
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return finish(st, std::move(out));
}

}  // namespace luodi::sqlite
