// The one storage interface, split by area. All SQL lives behind it, in this
// folder; nothing above it may depend on a database. SQLite (sqlite_*.cc) is
// the embedded default; PostgreSQL (postgres_*.cc) serves several instances
// and several cities from one database. Both implement every area.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "luodi/city.h"
#include "luodi/notify.h"
#include "luodi/project.h"
#include "luodi/standing.h"
#include "luodi/stats.h"
#include "luodi/status.h"
#include "luodi/user.h"
#include "store/sqlite_db.h"  // ColumnValue

namespace luodi {

struct ProjectFilter {
  std::optional<int> stage;
  std::optional<std::string> unit;
  std::optional<std::string> leader;
  std::optional<ProjectStatus> status;
};

// A project's standing as the standing function gave it on `checked_on`, and
// when it must next be looked at. Kept by the engine (written with each move
// and by each tick) for speed; verify() proves it equal to the function.
struct Schedule {
  std::optional<Date> due;  // the due date as of the last write or look
  LightColor light = LightColor::kGreen;
  std::optional<Date> light_since;   // the day the light took its colour
  std::optional<Date> yellow_since;  // the day the yellow rules began to hold
  std::optional<Date> checked_on;    // the last day the light was worked out for
  std::optional<Date> next_check;    // the first day something may be due; none: never
  // With `due`: the binding deadline's stage, source and whether it is
  // provisional (what the overdue list shows of it).
  int due_stage = 0;
  Deadline::Source due_source = Deadline::Source::kStage;
  bool due_provisional = false;
};

// A project due for a look: what the tick reads of it.
struct DueProject {
  std::string code;
  Schedule kept;
  std::vector<Event> events;                   // in effective order (date, then sequence)
  std::vector<std::string> notification_keys;  // the keys of its outbox rows
};

// A list asked of the standing the projection keeps (see StandingStore).
struct KeptQuery {
  enum class Order { kByCode, kByDue };
  Date day;
  ProjectFilter filter;
  std::optional<LightColor> light;
  bool overdue = false;  // a due date before `day`
  Order order = Order::kByCode;
  // Rows after this one in the order (keyset): its code, and with kByDue its due date.
  std::optional<std::string> after_code;
  std::optional<Date> after_due;
  std::size_t limit = 1000;
  bool rows = false;  // fill KeptRow::row
};

struct KeptRow {
  std::string code;
  std::optional<Date> due;
  // When asked (KeptQuery::rows): the overdue list's row as kept, all but
  // its lateness on the day (days overdue, escalation), which the engine adds.
  std::optional<OverdueRow> row;
};

// A project whose kept standing does not hold, and what its row keeps (a
// group of one with its amounts: what the gauges count it as; the kept
// standing, where the walk over its days may resume).
struct UnkeptRow {
  std::string code;
  StandingGroup kept;
  Schedule schedule;
};

// Today's standing asked as sets, from the copy the projection keeps. A kept
// standing holds on `day` when it was worked out that day, or on an earlier
// day with its next check still to come and no event dated after `day`;
// every other project's standing must be worked out by the standing function.
class StandingStore {
 public:
  virtual ~StandingStore() = default;
  // The projects whose kept standing does not hold on `day`, in code order.
  virtual Result<std::vector<UnkeptRow>> unkept_on(Date day) = 0;
  // Projects whose kept standing holds on `day` and matches the query, in its order.
  virtual Result<std::vector<KeptRow>> kept(const KeptQuery& q) = 0;
  // The same projects, all of them, counted in groups (luodi/stats.h); a
  // scan of the projection (stats reads the gauges instead).
  virtual Result<std::vector<StandingGroup>> kept_groups(Date day) = 0;
  // Gauges the database keeps on every write, over every project whatever
  // its freshness: counts and amounts by stage, status, list and kept light
  // (`overdue` false), and how many have a kept due date before `day`.
  virtual Result<std::pair<std::vector<StandingGroup>, long>> kept_gauges(Date day) = 0;
  // The gauges counted again from the projection: differences, if any (verify).
  virtual Result<std::vector<std::string>> check_gauges() = 0;
  // Where gauges are kept as rows of changes (PostgreSQL: concurrent writers
  // never wait on one counter row), sums them into one row per group; the
  // tick does it. Elsewhere nothing to do.
  virtual Status compact_gauges() = 0;
};

// Projects and their events: the events are the source of truth, the
// projection (one row a project, with its open blockers and instructions)
// is their current state for fast queries.
class ProjectStore {
 public:
  virtual ~ProjectStore() = default;
  // Appends an event; returns its sequence number. Events are never changed.
  virtual Result<std::int64_t> append_event(const Event& e) = 0;
  // A project's events in effective order (date, then sequence).
  virtual Result<std::vector<Event>> project_events(const std::string& code) = 0;
  // The events of each of `codes` (any number), as project_events gives
  // them, in a few queries rather than one a project (a page of a list).
  // A code without events is absent.
  virtual Result<std::map<std::string, std::vector<Event>>> events_of(
      const std::vector<std::string>& codes) = 0;
  // Every event dated on or before `until` (all when nullopt), grouped by
  // project and in effective order within a project.
  virtual Status scan_events(std::optional<Date> until,
                             const std::function<Status(Event&&)>& visit) = 0;
  virtual Result<std::int64_t> max_blocker_id() = 0;
  virtual Result<std::int64_t> max_instruction_id() = 0;

  // A project's row. With `for_update` (a write reading what it changes)
  // the row is locked until the transaction ends; a backend whose write
  // transactions exclude each other already may ignore it.
  // With `kept`, the row's kept standing is read into it in the same query
  // (what a write compares its new standing with).
  virtual Result<std::optional<ProjectState>> load_project(const std::string& code,
                                                           bool for_update = false,
                                                           Schedule* kept = nullptr) = 0;
  // The same without attributes (left empty): all a lifecycle move reads.
  virtual Result<std::optional<ProjectState>> load_lifecycle(const std::string& code,
                                                             bool for_update = false,
                                                             Schedule* kept = nullptr) = 0;
  // Adds the projection row of a new project, with its deadline, to be looked
  // at by the tick on `next_check`.
  virtual Status insert_project(const ProjectState& s, const std::optional<Date>& due,
                                Date next_check) = 0;
  // … with its whole kept standing, in the one INSERT.
  virtual Status insert_project(const ProjectState& s, const Schedule& kept) = 0;
  // Writes the lifecycle part of a project's row (stage, status, key-list
  // membership, dates, plan) and, when `blockers_changed`, its open blockers.
  // Attributes are written once, by insert_project. The deadline the move
  // implies is kept too, and the project is marked to be looked at on
  // `next_check` by the tick.
  virtual Status update_project(const ProjectState& s, bool blockers_changed,
                                const std::optional<Date>& due, Date next_check) = 0;
  // A write's one UPDATE of a project's row: the lifecycle part, the
  // attributes named in `attributes` (names of attribute_fields(); none: the
  // attributes are left as they are) and the kept standing's columns where
  // `now` differs from `before` (what the row kept). When `blockers_changed`,
  // the open blockers and their instructions are brought from `blockers_before`
  // (the row's until now) to those of `s`, only what differs.
  virtual Status update_project(const ProjectState& s, bool blockers_changed,
                                const std::vector<Blocker>& blockers_before,
                                const std::vector<std::string>& attributes, const Schedule& now,
                                const Schedule& before) = 0;
  // Writes a project's attributes (after a dated change of them).
  virtual Status set_attributes(const ProjectState& s) = 0;
  // Renumbers the stages every projection row refers to (its stage, its
  // plan's and its kept deadline's), when a revised workflow's stages take
  // effect: index i becomes to[i] (-1, a stage no longer there: 0).
  virtual Status renumber_stages(const std::vector<int>& to) = 0;
  // Projection rows matching `filter`, ordered by code.
  virtual Status scan_projects(const ProjectFilter& filter,
                               const std::function<Status(ProjectState&&)>& visit) = 0;
};

// The standing kept with each project (see Schedule) and when it is due for
// a look by the tick.
class ScheduleStore {
 public:
  virtual ~ScheduleStore() = default;
  virtual Result<Schedule> load_schedule(const std::string& code) = 0;
  // Keeps `s`; `before`, when given, is what the row kept until now (only
  // what differs is written).
  virtual Status save_schedule(const std::string& code, const Schedule& s,
                               const Schedule* before = nullptr) = 0;
  virtual Result<std::optional<Date>> earliest_check() = 0;
  // The projects whose next check is on or before `day` (the first `limit`
  // of them, in the order of the due index), each with what the tick needs of
  // it, read a chunk at a time in a few queries.
  virtual Result<std::vector<DueProject>> due_projects(Date day, std::size_t limit) = 0;
  // … and of those whose standing on `day` is not kept yet, after `after` in
  // code order (the first `limit`), each with its kept schedule and events
  // (not its outbox keys), read the same way.
  virtual Result<std::vector<DueProject>> projects_to_keep(Date day,
                                                           const std::optional<std::string>& after,
                                                           std::size_t limit) = 0;
  // Every project is looked at again on `day` at the latest (a campaign
  // registered for that day changes due dates).
  virtual Status recheck_by(Date day) = 0;
  // Standings kept for `day` or later are forgotten (worked out again by the
  // next tick, and from the events until then).
  virtual Status forget_standing_since(Date day) = 0;
};

// Notifications, one row per (key, recipient): exactly once by that key.
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  // False when a row with this key and recipient is there already.
  virtual Result<bool> add_notification(const Notification& n) = 0;
  // The keys of every outbox row about `project`, whatever their state.
  virtual Result<std::vector<std::string>> notification_keys(const std::string& project) = 0;
  // With `claim_token` (a delivery's outcome) the row is written only while
  // that claim holds, and its claim ends; Refused when another took it over.
  virtual Status set_notification_state(const std::string& key, const std::string& recipient,
                                        const std::string& state, int attempts,
                                        const std::string& last_error,
                                        std::optional<Timestamp> next_attempt_at, bool permanent,
                                        std::optional<Timestamp> sent_at,
                                        const std::string& claim_token = {}) = 0;
  // Claims, for a delivery, the rows among `rows` (key, recipient) still
  // pending and under no unexpired claim: marked with `token` for `hold` of
  // the database's clock; rows another transaction holds are skipped, not
  // waited for. Returns the rows claimed.
  virtual Result<std::vector<std::pair<std::string, std::string>>> claim(
      const std::vector<std::pair<std::string, std::string>>& rows, const std::string& token,
      std::chrono::milliseconds hold) = 0;
  // The channels of the notifications sent since `since`, and when: one a row.
  virtual Result<std::vector<std::pair<std::string, Timestamp>>> sent_since(Timestamp since) = 0;
  // How many outbox rows are in each state (a gauge the database keeps).
  virtual Result<std::map<std::string, long>> outbox_counts() = 0;
  // The outbox, oldest first; only rows in `state` when given.
  virtual Result<std::vector<Notification>> rows(const std::optional<std::string>& state) = 0;
  // A page of the same: at most `limit` rows after the position `after`
  // (one a page handed out; none: from the first row), in the same order
  // (created_at, project, key, recipient, read in SQL by that index). BadInput
  // for a position no page made.
  struct RowsPage {
    std::vector<Notification> rows;
    std::optional<std::string> next;  // where the next page starts; none: this was the last
  };
  virtual Result<RowsPage> rows(const std::optional<std::string>& state,
                                const std::optional<std::string>& after, std::size_t limit) = 0;
  // Pending rows of `project` about another due date than `current` become obsolete.
  virtual Status obsolete_pending(const std::string& project,
                                  const std::optional<Date>& current) = 0;
};

// Who is told: the contacts of the directory.
class DirectoryStore {
 public:
  virtual ~DirectoryStore() = default;
  virtual Status put_contact(const Contact& c) = 0;
  virtual Result<bool> remove_contact(const std::string& name) = 0;
  virtual Result<std::vector<Contact>> contacts() = 0;
};

// Users of the server.
class UserStore {
 public:
  virtual ~UserStore() = default;
  // Conflict when the name is taken (revoked or not).
  virtual Status add_user(const User& u, const std::string& token_hash) = 0;
  // The user holding the token with this hash, unless revoked.
  virtual Result<std::optional<User>> user_by_token_hash(const std::string& hash) = 0;
  virtual Result<std::vector<std::pair<User, bool>>> all() = 0;  // (user, revoked)
  virtual Result<bool> revoke_user(const std::string& name, Timestamp at) = 0;
};

// Who does a city's scheduled work (ticks, digests, deliveries): one
// instance at a time, by a lease that expires unless renewed. Expiry is
// measured by the database's clock, never the instances'.
class LeaseStore {
 public:
  virtual ~LeaseStore() = default;
  // Takes the city's lease for `owner` for `ttl`, or renews it: the epoch
  // held, or none while another owner's lease has not expired.
  virtual Result<std::optional<std::int64_t>> acquire(const std::string& owner,
                                                      std::chrono::milliseconds ttl) = 0;
  // Gives the lease up (a clean stop): another instance may take it at once.
  virtual Status release(const std::string& owner) = 0;
  // In a write transaction: Ok while `fence` holds the unexpired lease,
  // which then cannot change hands until the transaction ends; Refused
  // when it does not (a stale owner's write).
  virtual Status check(const LeaseFence& fence) = 0;
};

struct CampaignRecord {
  std::string id;
  std::string text;    // the YAML it was registered with
  std::string source;  // the file it came from
};

class CampaignStore {
 public:
  virtual ~CampaignStore() = default;
  virtual Status put_campaign(const CampaignRecord& c) = 0;
  virtual Result<std::vector<CampaignRecord>> all() = 0;
};

// One database connection and its areas. Each area is a small interface a
// backend implements on its own; the store holds them over one connection
// and owns what spans them: transactions, settings, the schema.
class Store {
 public:
  virtual ~Store() = default;

  virtual ProjectStore& projects() = 0;
  virtual ScheduleStore& schedule() = 0;
  virtual StandingStore& standing() = 0;
  virtual OutboxStore& outbox() = 0;
  virtual DirectoryStore& directory() = 0;
  virtual UserStore& users() = 0;
  virtual CampaignStore& campaigns() = 0;
  virtual LeaseStore& leases() = 0;

  // "sqlite" or "postgresql".
  virtual const char* kind() const = 0;
  // The city this connection works in, and every city of the database (a
  // SQLite database holds one).
  virtual const std::string& city() const = 0;
  virtual Result<std::vector<CityRecord>> cities() = 0;
  virtual Status set_city_name(const std::string& name) = 0;

  // Transactions nest: the outermost begin() starts a durable write
  // transaction, inner ones are savepoints, so a failed command inside a batch
  // rolls back alone and a failed batch rolls back whole.
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual void rollback() = 0;

  // A consistent copy of the whole database at `path`, taken online.
  virtual Status backup_to(const std::string& path) = 0;

  // Schema version of the open database.
  virtual int schema_version() = 0;
  // A number that changes whenever another connection (this process's or
  // another's) commits; compared only with earlier answers of this store.
  // An error when the backend keeps none cheaply (answers are then not cached).
  virtual Result<std::int64_t> data_version() = 0;
  // How much memory this connection may keep of pages it has read (a
  // server's readers keep less than its writer).
  virtual Status limit_page_cache(std::size_t kib) = 0;
  // Reads up to `bytes` of the database through a memory map instead of
  // copies (for a short-lived process: the mapped pages count as its memory).
  virtual Status map_for_reading(std::size_t bytes) = 0;

  // Copying a city to another database (luodi migrate; the tables are those
  // of columns::kCopied): each row of `table` in order, as stored …
  virtual Status export_rows(const std::string& table,
                             const std::function<Status(const std::vector<ColumnValue>&)>& row) = 0;
  // … or only the rows of the projects `codes` in a table with a project
  // column (others whole), and in events also the rows new blockers and
  // instructions are numbered after (the highest blocker id, every
  // instruction given), so a copy of a few projects numbers them as a copy of
  // the whole city does (a what-if's copy). Rows in no particular order.
  virtual Status export_rows(const std::string& table, const std::set<std::string>& codes,
                             const std::function<Status(const std::vector<ColumnValue>&)>& row) = 0;
  // The highest event sequence number (0: none): it grows with every event
  // written, by any connection, and events are never removed.
  virtual Result<std::int64_t> last_event_seq() = 0;
  // … and one such row written here (in a transaction the caller holds).
  virtual Status import_row(const std::string& table, const std::vector<ColumnValue>& row) = 0;
  // After the rows: counters that number new rows go on after the copied ones.
  virtual Status finish_import() = 0;
  // A city just created here and not wanted after all (a copy that failed)
  // is removed; a SQLite file is removed by whoever created it.
  virtual Status discard_city() = 0;

  // Change hints between instances (PostgreSQL LISTEN/NOTIFY; nothing on
  // SQLite, one server a file): a committed write announces itself to every
  // connection that listens, which learns of it without asking. Only a hint:
  // whoever acts on it still polls.
  virtual Status announce_change() = 0;  // in a write transaction: sent at commit
  virtual Status listen_for_changes() = 0;
  virtual int change_socket() = 0;  // to wait on for a hint; -1: none come
  // Whether a hint about this store's city came since the last call (never blocks).
  virtual Result<bool> changes_arrived() = 0;

  // Small named settings, e.g. the workflow text the database was created with.
  virtual Result<std::optional<std::string>> meta(const std::string& key) = 0;
  virtual Status set_meta(const std::string& key, const std::string& value) = 0;
};

enum class OpenMode {
  kCreate,    // a new database; fails if one exists at the path
  kExisting,  // an existing database; fails if there is none
};

// Whether `location` names a PostgreSQL database (a libpq URI:
// postgresql://… or postgres://…); anything else is a SQLite file path.
bool is_postgres_location(const std::string& location);
// The schema version this build creates and migrates to.
int latest_schema_version();

// Opens city `city` (the default city when empty) of the store at
// `location` (a file path for SQLite, a libpq URI for PostgreSQL), applying
// forward migrations to an existing database.
Result<std::unique_ptr<Store>> open_store(const std::string& location, OpenMode mode,
                                          const std::string& city = {});

// Copies every row of a city's history and setup (columns::kCopied) from
// `source` into `target`, in `target`'s open transaction, counting the rows
// by table into `rows` when given (luodi migrate, and what_if_reference's copy).
Status copy_city_rows(Store& source, Store& target, std::map<std::string, long>* rows = nullptr);
// Copies what a what-if's writes on the projects `codes` need: the city's
// settings and campaigns, and those projects' rows (Store::export_rows).
Status copy_project_rows(Store& source, Store& target, const std::set<std::string>& codes);

}  // namespace luodi
