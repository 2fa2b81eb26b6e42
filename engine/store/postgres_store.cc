// The PostgreSQL backend: several luodi instances and several cities on one
// database. A city is a schema of its own (city_<id>, see postgres_schema.h)
// and a connection works in one city (its search_path). Write transactions
// are READ COMMITTED; a write locks the project row it changes (load_project
// with for_update), so two instances never interleave on one project.
#include "store/area.h"
#include "store/migrations.h"
#include "store/postgres_schema.h"

namespace luodi {

namespace {

using pg::Statement;

class PostgresStore final : public AreaStore<pg::Database> {
 public:
  const char* kind() const override { return "postgresql"; }

  Status open(const std::string& uri, OpenMode mode, const std::string& city) {
    LUODI_RETURN_IF_ERROR(db_.open(uri));
    city_ = city;
    schema_ = db_.identifier("city_" + city);
    // Creating what spans cities and a city's schema is one transaction at a
    // time across every instance (an advisory lock), so two starting at once
    // do not race on CREATE.
    LUODI_RETURN_IF_ERROR(begin());
    Status s = db_.exec("SELECT pg_advisory_xact_lock(7316013)");
    if (s.ok()) s = db_.exec(postgres::kShared);
    bool exists = false;
    if (s.ok()) {
      auto st = db_.prepare("SELECT 1 FROM pg_namespace WHERE nspname = ?");
      st.bind(1, "city_" + city);
      exists = st.step();
      s = st.done();
    }
    if (s.ok() && mode == OpenMode::kCreate && exists)
      s = Status::Conflict("city " + city +
                           " already exists in this database; refusing to overwrite it");
    if (s.ok() && mode == OpenMode::kExisting && !exists)
      s = Status::BadInput("no city " + city +
                           " in this database (run 'luodi init' or 'luodi city add' first)");
    if (s.ok() && mode == OpenMode::kCreate) s = create_city(city);
    if (s.ok()) s = db_.exec("SET search_path TO " + schema_);
    if (s.ok()) s = migrate();
    if (s.ok()) return commit();
    rollback();
    return s;
  }

  // A name equal to the id is none (what a city got before names were asked for).
  Result<std::vector<CityRecord>> cities() override {
    auto st = db_.prepare(
        "SELECT id, CASE WHEN name = id THEN '' ELSE name END FROM luodi.cities ORDER BY id");
    std::vector<CityRecord> out;
    while (st.step()) out.push_back({st.text(0), st.text(1)});
    return finish(st, std::move(out));
  }

  Status set_city_name(const std::string& name) override {
    auto st = db_.prepare("UPDATE luodi.cities SET name = ? WHERE id = ?");
    return st.bind(1, name).bind(2, city_).run();
  }

  Status announce_change() override {
    auto st = db_.prepare("SELECT pg_notify('luodi_changes', ?)");
    st.bind(1, city_);
    return st.run();
  }
  Status listen_for_changes() override {
    LUODI_RETURN_IF_ERROR(db_.exec("LISTEN luodi_changes"));
    listening_ = true;
    return Status::Ok();
  }
  int change_socket() override { return PQsocket(db_.handle()); }
  Result<bool> changes_arrived() override {
    LUODI_RETURN_IF_ERROR(take_hints());
    const bool arrived = hints_ != hints_seen_;
    hints_seen_ = hints_;
    return arrived;
  }

  Status finish_import() override {
    return db_.exec(
        "SELECT setval(pg_get_serial_sequence('events', 'seq'), coalesce(max(seq), 0) + 1, false) "
        "FROM events");
  }

  // The city's row and its schema go in one transaction: both, or neither.
  Status discard_city() override {
    LUODI_RETURN_IF_ERROR(begin());
    auto st = db_.prepare("DELETE FROM luodi.cities WHERE id = ?");
    Status s = st.bind(1, city_).run();
    if (s.ok()) s = db_.exec("DROP SCHEMA " + schema_ + " CASCADE");
    if (s.ok()) return commit();
    rollback();
    return s;
  }

  Status backup_to(const std::string& path) override {
    return Status::BadInput(
        "a PostgreSQL city is backed up with pg_dump, or copied to a SQLite file with "
        "'luodi migrate --from DB --to " +
        path + "'");
  }

  int schema_version() override {
    auto st = db_.prepare("SELECT max(version) FROM schema_version");
    return st.step() ? static_cast<int>(st.integer(0)) : 0;
  }

  // The hints about this city that have come since listen_for_changes()
  // (every committed write announces itself): a connection that listens
  // learns of other instances' writes after NOTIFY's latency. One that does
  // not listen, or whose connection is gone, has no version: answers are
  // then not cached.
  Result<std::int64_t> data_version() override {
    if (!listening_)
      return Status::Internal("postgresql: not listening for changes; answers are not cached");
    LUODI_RETURN_IF_ERROR(take_hints());
    return hints_;
  }
  // The server's own shared buffers hold pages; nothing to limit or map here.
  Status limit_page_cache(std::size_t) override { return Status::Ok(); }
  Status map_for_reading(std::size_t) override { return Status::Ok(); }

 private:
  Status create_city(const std::string& city) {
    LUODI_RETURN_IF_ERROR(db_.exec("CREATE SCHEMA " + schema_ + "; SET search_path TO " + schema_));
    LUODI_RETURN_IF_ERROR(db_.exec(postgres::kBaseline));
    LUODI_RETURN_IF_ERROR(db_.exec("INSERT INTO schema_version VALUES (" +
                                   std::to_string(postgres::kBaselineVersion) + ")"));
    auto st = db_.prepare(
        "INSERT INTO luodi.cities (id, name) VALUES (?, '') ON CONFLICT (id) DO NOTHING");
    return st.bind(1, city).run();
  }

  // Reads what has come on the connection without waiting, and counts the
  // hints about this city. An error (and no listening from then on) when the
  // connection is gone.
  Status take_hints() {
    if (!PQconsumeInput(db_.handle()) || PQstatus(db_.handle()) != CONNECTION_OK) {
      listening_ = false;
      return Status::Internal("postgresql: " + std::string(PQerrorMessage(db_.handle())));
    }
    while (PGnotify* n = PQnotifies(db_.handle())) {
      hints_ += city_ == n->extra;
      PQfreemem(n);
    }
    return Status::Ok();
  }

  // The released steps (postgres_schema.h), then those rendered from the
  // description (store/migrations.h).
  Status migrate() {
    const int from = schema_version();
    const int latest = latest_schema_version();
    if (from > latest)
      return Status::Internal("city schema version " + std::to_string(from) +
                              " is newer than this luodi understands (" + std::to_string(latest) +
                              ")");
    const int released =
        postgres::kBaselineVersion + static_cast<int>(postgres::kMigrations.size());
    for (int v = from; v < latest; ++v) {
      LUODI_RETURN_IF_ERROR(
          db_.exec(v < released ? std::string(postgres::kMigrations[v - postgres::kBaselineVersion])
                                : schema::migration_sql(schema::migrations()[v - released],
                                                        schema::Backend::kPostgres)));
      LUODI_RETURN_IF_ERROR(
          db_.exec("UPDATE schema_version SET version = " + std::to_string(v + 1)));
    }
    return Status::Ok();
  }

  std::string schema_;
  bool listening_ = false;                   // LISTEN luodi_changes done, and the connection alive
  std::int64_t hints_ = 0, hints_seen_ = 0;  // hints counted; as of changes_arrived()
};

}  // namespace

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& uri, OpenMode mode,
                                                   const std::string& city) {
  auto store = std::make_unique<PostgresStore>();
  LUODI_RETURN_IF_ERROR(store->open(uri, mode, city));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace luodi
