// What the SQLite areas share: reading and binding dates and times, the
// event and schedule columns, and a base that caches prepared statements.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/columns.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace luodi::sqlite {

std::optional<Date> optional_date(const Statement& st, int col);
// Binds a date, or NULL; the text is copied.
void bind_date(Statement& st, int i, const std::optional<Date>& d);
Date date_of(const std::string& s);

// Attempt times need more than seconds' order: seconds since the epoch, UTC.
std::string format_utc(Timestamp t);
Timestamp parse_utc(const std::string& s);

// An event from a row of columns::kEvent.
Result<Event> read_event(const Statement& st);

// The kept standing in the nine columns of columns::kSchedule from `first` on.
Schedule schedule_at(const Statement& st, int first);

template <typename T>
Result<T> finish(const Statement& st, T value) {
  if (st.failed()) return Status::Internal("sqlite: " + st.error());
  return value;
}

// The first column of every row, as text.
Result<std::vector<std::string>> codes(Statement& st);

// An area of the store over the store's one connection.
class Area {
 public:
  explicit Area(Database& db) : db_(db) {}

 protected:
  Statement& cached(Statement& slot, std::string_view sql) {
    if (!slot.valid()) slot = db_.prepare(sql);
    return slot;
  }
  int changes() { return sqlite3_changes(db_.handle()); }

  Database& db_;
};

std::unique_ptr<ProjectStore> projects_area(Database& db);
std::unique_ptr<ScheduleStore> schedule_area(Database& db);
std::unique_ptr<StandingStore> standing_area(Database& db);
std::unique_ptr<OutboxStore> outbox_area(Database& db);
std::unique_ptr<DirectoryStore> directory_area(Database& db);
std::unique_ptr<UserStore> users_area(Database& db);
std::unique_ptr<CampaignStore> campaigns_area(Database& db);

}  // namespace luodi::sqlite
