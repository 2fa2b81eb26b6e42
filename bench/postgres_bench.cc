// PostgreSQL: durable transitions per second through luodi with one and with
// two instances (engines, each its own connection, as two `luodi serve`
// would be), beside a raw libpq program doing the same INSERT of the event
// and UPDATE of the project row per transition, one transaction each, with
// the same clients; then the next day's tick over a generated city on
// PostgreSQL beside the same on SQLite. Each run works in scratch databases
// it creates and drops.
//   postgres_bench [--uri URI] [--projects 2000] [--tick-projects 100000] [--dir DIR]
// URI: a cluster where databases may be created (default $LUODI_TEST_POSTGRES,
// else postgresql:// with the PG* environment).
#include <libpq-fe.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "city_generator.h"
#include "exporter/project_export.h"

namespace {

using namespace luodi;
using bench::check;
using Seconds = std::chrono::duration<double>;

std::string with_database(const std::string& base, const std::string& database) {
  const std::size_t query = base.find('?');
  std::string head = base.substr(0, query);
  const std::string tail = query == std::string::npos ? "" : base.substr(query);
  const std::size_t slash = head.find('/', head.find("://") + 3);
  if (slash != std::string::npos) head.resize(slash);
  return head + "/" + database + tail;
}

void sql(const std::string& uri, const std::string& statement) {
  PGconn* c = PQconnectdb(uri.c_str());
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(c, statement.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok) std::fprintf(stderr, "%s: %s", statement.c_str(), PQerrorMessage(c));
  PQclear(r);
  PQfinish(c);
  if (!ok) std::exit(1);
}

// A scratch database, dropped at the end.
struct Scratch {
  std::string base, name, uri;
  Scratch(std::string b, const std::string& what) : base(std::move(b)) {
    name = "luodi_bench_" + what + "_" + std::to_string(::getpid());
    sql(base, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    sql(base, "CREATE DATABASE " + name);
    uri = with_database(base, name);
  }
  ~Scratch() { sql(base, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); }
};

ManualClock g_clock{*parse_local("2026-06-30T10:00")};

// A city of `projects` signed projects at `uri`.
void seed(const std::string& uri, int projects) {
  auto engine = bench::create_engine(uri, g_clock);
  bench::add_signed_projects(*engine, projects);
}

// Client `c` of `clients` moves its share of the projects to pre-review, one
// transaction each: transitions a second, over all clients.
double luodi_rate(const std::string& uri, int projects, int clients) {
  std::vector<std::thread> threads;
  auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      auto opened = Engine::open(uri, g_clock);
      check(opened.status(), "open");
      for (int i = c; i < projects; i += clients) {
        AdvanceRequest r;
        r.code = "B" + std::to_string(i);
        r.to = "pre_review";
        r.by = "bench";
        r.on = Date::parse("2026-06-30");
        check((*opened)->execute(r).status(), "advance");
      }
    });
  for (auto& t : threads) t.join();
  return projects / Seconds(std::chrono::steady_clock::now() - start).count();
}

// The same writes through libpq alone: BEGIN, the event, the project row, COMMIT.
double raw_rate(const std::string& uri, int projects, int clients) {
  std::vector<std::thread> threads;
  auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      PGconn* db = PQconnectdb(uri.c_str());
      PQclear(PQexec(db, "SET search_path TO city_default"));
      PQclear(PQprepare(
          db, "ins",
          "INSERT INTO events (project, kind, on_date, recorded_at, actor, from_state, to_state, "
          "note, "
          "evidence, data) VALUES ($1,'advanced','2026-06-30','2026-06-30T10:00:00+08:00','bench',"
          "'signed','pre_review','','{}','{}')",
          1, nullptr));
      PQclear(PQprepare(
          db, "upd",
          "UPDATE projects SET stage = 1, stage_since = '2026-06-30', status = 'active', key = 1, "
          "last_event_on = '2026-06-30', open_blockers = 0, plan_due = NULL, plan_stage = NULL, "
          "plan_note = '', paused_days = 0, paused_since = NULL, due_on = '2026-08-30', "
          "next_check_on = '2026-06-30' WHERE code = $1",
          1, nullptr));
      for (int i = c; i < projects; i += clients) {
        const std::string code = "B" + std::to_string(i);
        const char* values[] = {code.c_str()};
        PQclear(PQexec(db, "BEGIN"));
        PGresult* a = PQexecPrepared(db, "ins", 1, values, nullptr, nullptr, 0);
        PGresult* b = PQexecPrepared(db, "upd", 1, values, nullptr, nullptr, 0);
        if (PQresultStatus(a) != PGRES_COMMAND_OK || PQresultStatus(b) != PGRES_COMMAND_OK) {
          std::fprintf(stderr, "raw: %s", PQerrorMessage(db));
          std::exit(1);
        }
        PQclear(a);
        PQclear(b);
        PQclear(PQexec(db, "COMMIT"));
      }
      PQfinish(db);
    });
  for (auto& t : threads) t.join();
  return projects / Seconds(std::chrono::steady_clock::now() - start).count();
}

// A generated city of `projects` at `location`, ticked today; then the
// next day's tick: its seconds.
double next_day_tick(const std::string& location, int projects) {
  ManualClock clock{*parse_local("2026-06-30T10:00")};
  {
    auto engine = bench::create_engine(location, clock);
    bench::generate_city(*engine, projects, clock.today());
    check(engine->tick(nullptr, false).status(), "first tick");
  }
  clock.set(*parse_local("2026-07-01T10:00"));
  auto engine = Engine::open(location, clock);
  check(engine.status(), "open");
  return bench::seconds([&] { check((*engine)->tick(nullptr, false).status(), "tick"); });
}

// `export` (the sheet written as CSV) of a generated city of `projects` on
// PostgreSQL at `base` and on SQLite in `dir`: both times and their ratio.
void export_line(const std::string& base, const std::string& dir, int projects) {
  auto seconds = [&](const std::string& location) {
    ManualClock clock{*parse_local("2026-06-30T10:00")};
    auto engine = bench::create_engine(location, clock);
    bench::generate_city(*engine, projects, clock.today());
    std::size_t bytes = 0;
    const double s = bench::seconds([&] {
      auto sheet = export_projects(*engine, {});
      check(sheet.status(), "export");
      check(render_csv(*sheet,
                       [&](std::string_view t) {
                         bytes += t.size();
                         return true;
                       }),
            "csv");
    });
    if (bytes == 0) std::exit(1);
    return s;
  };
  Scratch pg(base, "export");
  const std::string file = dir + "/luodi-bench-export-" + std::to_string(::getpid()) + ".db";
  const double on_pg = seconds(pg.uri), on_sqlite = seconds(file);
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(file + ext);
  std::printf("export %d: PostgreSQL %.2f s, SQLite %.2f s, ratio %.2f (goal <= 1.5)\n", projects,
              on_pg, on_sqlite, on_pg / on_sqlite);
}

}  // namespace

int main(int argc, char** argv) {
  std::string base =
      std::getenv("LUODI_TEST_POSTGRES") ? std::getenv("LUODI_TEST_POSTGRES") : "postgresql://";
  int projects = 2000, tick_projects = 100000;
  std::string dir = std::filesystem::temp_directory_path().string();
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--uri")) base = argv[i + 1];
    if (!std::strcmp(argv[i], "--projects")) projects = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--tick-projects")) tick_projects = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  std::printf("durable transitions on PostgreSQL, %d a run, one transaction each\n", projects);
  for (int clients : {1, 2}) {
    Scratch ours(base, "luodi"), raw(base, "raw");
    seed(ours.uri, projects);
    seed(raw.uri, projects);  // the same tables, indexes and triggers
    const double r = raw_rate(raw.uri, projects, clients);
    const double l = luodi_rate(ours.uri, projects, clients);
    std::printf("%d instance%s: luodi %8.0f/s   raw libpq %8.0f/s   ratio %.2f  (goal >= 0.70)\n",
                clients, clients == 1 ? " " : "s", l, r, l / r);
  }
  if (tick_projects > 0) {
    Scratch pg(base, "tick");
    const std::string file = dir + "/luodi-bench-tick-" + std::to_string(::getpid()) + ".db";
    const double on_pg = next_day_tick(pg.uri, tick_projects);
    const double on_sqlite = next_day_tick(file, tick_projects);
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(file + ext);
    std::printf("next-day tick over %d projects: PostgreSQL %.2f s   SQLite %.2f s   ratio %.2f\n",
                tick_projects, on_pg, on_sqlite, on_pg / on_sqlite);
  }
  export_line(base, dir, 50000);
  return 0;
}
