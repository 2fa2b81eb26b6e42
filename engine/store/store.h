// The one storage interface. All SQL lives behind it, in this folder; nothing
// above it may depend on SQLite. SQLite is the embedded default; a PostgreSQL
// backend for multi-instance deployments implements the same interface.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "luodi/project.h"
#include "luodi/status.h"

namespace luodi {

struct ProjectFilter {
  std::optional<int> stage;
  std::optional<std::string> unit;
  std::optional<std::string> leader;
  std::optional<ProjectStatus> status;
};

class Store {
 public:
  virtual ~Store() = default;

  // Transactions nest: the outermost begin() starts a durable write
  // transaction, inner ones are savepoints, so a failed command inside a batch
  // rolls back alone and a failed batch rolls back whole.
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual void rollback() = 0;

  // Schema version of the open database.
  virtual int schema_version() = 0;

  // Small named settings, e.g. the workflow text the database was created with.
  virtual Result<std::optional<std::string>> meta(const std::string& key) = 0;
  virtual Status set_meta(const std::string& key, const std::string& value) = 0;

  // Appends an event; returns its sequence number. Events are never changed.
  virtual Result<std::int64_t> append_event(const Event& e) = 0;
  // A project's events in effective order (date, then sequence).
  virtual Result<std::vector<Event>> project_events(const std::string& code) = 0;
  // Every event dated on or before `until` (all when nullopt), grouped by
  // project and in effective order within a project.
  virtual Status scan_events(std::optional<Date> until,
                             const std::function<Status(Event&&)>& visit) = 0;
  virtual Result<std::int64_t> max_blocker_id() = 0;

  // The projection: current state, for fast queries.
  virtual Result<std::optional<ProjectState>> load_project(const std::string& code) = 0;
  // The same without attributes (left empty): all a lifecycle move reads.
  virtual Result<std::optional<ProjectState>> load_lifecycle(const std::string& code) = 0;
  // Adds the projection row of a new project.
  virtual Status insert_project(const ProjectState& s) = 0;
  // Writes the lifecycle part of a project's row (stage, status, key-list
  // membership, dates) and, when `blockers_changed`, its open blockers.
  // Attributes are written once, by insert_project.
  virtual Status update_project(const ProjectState& s, bool blockers_changed) = 0;
  // Projection rows matching `filter`, ordered by code.
  virtual Status scan_projects(const ProjectFilter& filter,
                               const std::function<Status(ProjectState&&)>& visit) = 0;
};

enum class OpenMode {
  kCreate,    // a new database; fails if one exists at the path
  kExisting,  // an existing database; fails if there is none
};

// Opens the store at `location` (a file path for SQLite), applying forward
// migrations to an existing database.
Result<std::unique_ptr<Store>> open_store(const std::string& location, OpenMode mode);

}  // namespace luodi
