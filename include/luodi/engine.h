// The engine: one API that both faces of luodi (the CLI, and the HTTP server)
// call. Each command is one transaction: it is applied whole or not at all.
// Pure rules live in the workflow, calendar and lifecycle; the engine
// sequences them against the store. Not thread-safe: use one per thread/strand.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "luodi/calendar.h"
#include "luodi/clock.h"
#include "luodi/project.h"
#include "luodi/stats.h"
#include "luodi/status.h"
#include "luodi/workflow.h"

namespace luodi {

class Store;

// A YAML document and the name to report its errors under.
struct Source {
  std::string text;
  std::string name;
};

struct NewProject {
  std::string code;
  ProjectAttributes attributes;
  std::optional<std::string> stage;  // id or label; default: the first stage
  std::optional<Date> stage_since;   // default: today
  bool key = true;                   // false: a pipeline project (在谈项目)
};

// Who did something, when it took effect, and why. Default `on`: today.
struct Recorded {
  std::optional<Date> on;
  std::string by;
  std::string note;
};

struct AdvanceRequest : Recorded {
  std::string to;  // stage id or label
  std::map<std::string, std::string> evidence;
};

struct BlockRequest : Recorded {
  std::string category;  // blocker category id or label
  std::string reason;
  std::string owner;
};

struct UnblockRequest : Recorded {
  std::optional<std::int64_t> blocker;  // default: every open blocker
};

struct ListQuery {
  std::optional<std::string> stage;  // id or label
  std::optional<std::string> unit;
  std::optional<std::string> leader;
  std::optional<std::string> status;  // active|blocked|cancelled|dropped|finished
};

struct VerifyReport {
  int projects = 0;
  int events = 0;
  std::vector<std::string> differences;  // empty: the projection equals the replay
};

class Engine {
 public:
  // Creates a new database with this workflow and calendar (their text is
  // stored in it). Conflict when a database exists at `db_path`.
  static Result<std::unique_ptr<Engine>> create(const std::string& db_path, const Source& workflow,
                                                const Source& calendar, const Clock& clock);
  // Opens an existing database; its stored workflow and calendar are used.
  static Result<std::unique_ptr<Engine>> open(const std::string& db_path, const Clock& clock);
  ~Engine();

  const Workflow& workflow() const { return workflow_; }
  const WorkCalendar& calendar() const { return calendar_; }
  Date today() const { return clock_.today(); }

  // Runs `body` as one transaction. Commands inside it are savepoints: one
  // that fails rolls back alone, and body decides. The whole batch commits
  // only when body returns Ok and `commit` is true (false: a dry run).
  Status batch(const std::function<Status()>& body, bool commit = true);

  // --- commands: each one transaction -------------------------------------
  Status add(const NewProject& project, const std::string& by);
  Status advance(const std::string& code, const AdvanceRequest& request);
  // Returns the new blocker's id.
  Result<std::int64_t> block(const std::string& code, const BlockRequest& request);
  // Returns the ids of the blockers resolved.
  Result<std::vector<std::int64_t>> unblock(const std::string& code, const UnblockRequest& request);
  Status cancel(const std::string& code, const Recorded& request);
  Status drop(const std::string& code, const Recorded& request);
  Status reinstate(const std::string& code, const Recorded& request);
  Status promote(const std::string& code, const Recorded& request);

  // --- queries -------------------------------------------------------------
  // Current state (as_of empty) or the state on a past date, from the events.
  Result<ProjectState> project(const std::string& code,
                               std::optional<Date> as_of = std::nullopt);
  Result<std::vector<Event>> history(const std::string& code);
  Result<std::vector<ProjectState>> list(const ListQuery& query);
  // Headline figures; from the events as of `as_of` (default: today).
  Result<Stats> stats(std::optional<Date> as_of = std::nullopt);
  // Replays every event and compares with the projection.
  Result<VerifyReport> verify();

 private:
  Engine(std::unique_ptr<Store> store, Workflow workflow, WorkCalendar calendar, const Clock& clock);
  Status record(const std::string& code, Event event, bool blockers_changed);
  Status in_transaction(const std::function<Status()>& body);
  Result<std::vector<ProjectState>> states_as_of(Date as_of);
  // Calls `visit` with each project's events dated up to `until`, in effective order.
  Status for_each_history(std::optional<Date> until,
                          const std::function<Status(std::vector<Event>&)>& visit);

  std::unique_ptr<Store> store_;
  Workflow workflow_;
  WorkCalendar calendar_;
  const Clock& clock_;
};

}  // namespace luodi
