// Durable transitions per second through the engine, beside raw SQLite doing
// the same row writes (one event row appended, one projection row updated with
// the lifecycle and deadline columns) in the same run, on the same schema and
// settings (WAL, synchronous=FULL, 64 MiB page cache).
//
//   build/bench/transitions_bench [--projects N] [--single N] [--dir DIR]
//
// Goals (issue 29): one transition per transaction at >= 0.8 of the raw
// INSERT+UPDATE ceiling, batches of 1,000 at >= 0.5 of raw.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "bench_support.h"
#include "luodi/engine.h"

namespace {

using namespace luodi;
using Seconds = std::chrono::duration<double>;
using bench::check;

struct Setup {
  std::string path;
  ManualClock clock{*parse_local("2026-06-30T10:00")};
  std::unique_ptr<Engine> engine;
};

// A fresh database holding `projects` signed projects.
std::unique_ptr<Setup> make_db(const std::string& path, int projects) {
  auto s = std::make_unique<Setup>();
  s->path = path;
  s->engine = bench::create_engine(path, s->clock);
  bench::add_signed_projects(*s->engine, projects);
  return s;
}

const char* kStages[] = {"pre_review", "site_entry", "construction", "completion"};

// The i-th transition: project i % n moves to its next stage.
struct Move {
  std::string code;
  const char* to;
  const char* from;
};
Move move_of(int i, int n) {
  int round = i / n;
  return {"B" + std::to_string(i % n), kStages[round], round == 0 ? "signed" : kStages[round - 1]};
}

double run_engine(Engine& engine, int count, int projects, int batch) {
  auto start = std::chrono::steady_clock::now();
  auto one = [&](int i) {
    Move m = move_of(i, projects);
    AdvanceRequest r;
    r.code = m.code;
    r.to = m.to;
    r.by = "bench";
    r.on = Date::parse("2026-06-30");
    r.evidence["permit"] = "P";
    return engine.execute(r).status();
  };
  for (int i = 0; i < count; i += batch) {
    if (batch == 1) {
      check(one(i), "advance");
      continue;
    }
    check(engine.batch([&]() -> Status {
      for (int k = i; k < i + batch && k < count; ++k) LUODI_RETURN_IF_ERROR(one(k));
      return Status::Ok();
    }),
          "batch");
  }
  return count / Seconds(std::chrono::steady_clock::now() - start).count();
}

double run_raw(const std::string& path, int count, int projects, int batch) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;",
               nullptr, nullptr, nullptr);
  sqlite3_stmt *ins = nullptr, *upd = nullptr;
  sqlite3_prepare_v2(
      db,
      "INSERT INTO events (project, kind, on_date, recorded_at, actor, from_state, "
      "to_state, note, evidence, data, blocker_id) VALUES (?,?,?,?,?,?,?,?,?,?,NULL)",
      -1, &ins, nullptr);
  sqlite3_prepare_v2(db,
                     // The projection columns the engine writes on a move: the
                     // lifecycle and the deadline it implies.
                     "UPDATE projects SET stage = ?1, stage_since = ?2, status = ?3, key = 1, "
                     "last_event_on = ?4, open_blockers = 0, plan_due = NULL, plan_stage = NULL, "
                     "plan_note = '', paused_days = 0, paused_since = NULL, due_on = ?6, "
                     "next_check_on = ?4 WHERE code = ?5",
                     -1, &upd, nullptr);
  auto one = [&](int i) {
    Move m = move_of(i, projects);
    const char* texts[] = {
        m.code.c_str(), "advanced", "2026-06-30", "2026-06-30T10:00:00+08:00", "bench",
        m.from,         m.to,       "",           "{\"permit\":\"P\"}",        "{}"};
    for (int k = 0; k < 10; ++k) sqlite3_bind_text(ins, k + 1, texts[k], -1, SQLITE_STATIC);
    if (sqlite3_step(ins) != SQLITE_DONE) std::abort();
    sqlite3_reset(ins);
    sqlite3_bind_int(upd, 1, i / projects + 1);
    sqlite3_bind_text(upd, 2, "2026-06-30", -1, SQLITE_STATIC);
    sqlite3_bind_text(upd, 3, "active", -1, SQLITE_STATIC);
    sqlite3_bind_text(upd, 4, "2026-06-30", -1, SQLITE_STATIC);
    sqlite3_bind_text(upd, 5, m.code.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(upd, 6, "2026-08-30", -1, SQLITE_STATIC);
    if (sqlite3_step(upd) != SQLITE_DONE) std::abort();
    sqlite3_reset(upd);
  };
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; i += batch) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (int k = i; k < i + batch && k < count; ++k) one(k);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  double rate = count / Seconds(std::chrono::steady_clock::now() - start).count();
  sqlite3_finalize(ins);
  sqlite3_finalize(upd);
  sqlite3_close(db);
  return rate;
}

// The goals of issue 29: one per transaction at 0.8 of the raw INSERT+UPDATE
// ceiling (both wait for the disk), batches of 1,000 at 0.5 of raw.
void report(int batch, double engine, double raw) {
  if (batch == 1) {
    std::printf(
        "one per transaction: engine %.0f/s, raw INSERT+UPDATE ceiling %.0f/s, ratio %.2f "
        "(goal >= 0.80)\n",
        engine, raw, engine / raw);
  } else {
    std::printf(
        "batches of 1,000: engine %.0f/s, raw INSERT+UPDATE %.0f/s, ratio %.2f "
        "(goal >= 0.50)\n",
        engine, raw, engine / raw);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int projects = 10000, single = 400;
  std::string dir = std::filesystem::temp_directory_path().string();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--projects") projects = std::atoi(argv[i + 1]);
    if (flag == "--single") single = std::atoi(argv[i + 1]);
    if (flag == "--dir") dir = argv[i + 1];
  }
  const int batched = projects * 4;  // every project through four stages
  std::printf("transitions: %d one per transaction, %d in batches of 1,000, over %d projects\n",
              single, batched, projects);
  // Best of three runs of each, alternating, on fresh databases each time, so
  // that neither side is favoured by the disk's mood or the page cache.
  for (int batch : {1, 1000}) {
    const std::string size = std::to_string(batch);
    const int count = batch == 1 ? single : batched;
    double best_engine = 0, best_raw = 0;
    for (int rep = 0; rep < 3; ++rep) {
      auto e = make_db(dir + "/bench-engine-" + size + ".db", projects);
      auto r = make_db(dir + "/bench-raw-" + size + ".db", projects);
      r->engine.reset();
      const double raw = run_raw(r->path, count, projects, batch);
      const double eng = run_engine(*e->engine, count, projects, batch);
      std::printf("  run %d, %s: engine %.0f/s, raw %.0f/s\n", rep + 1, size.c_str(), eng, raw);
      best_engine = std::max(best_engine, eng);
      best_raw = std::max(best_raw, raw);
    }
    report(batch, best_engine, best_raw);
  }
  for (const char* name : {"engine-1", "raw-1", "engine-1000", "raw-1000"})
    for (const char* ext : {".db", ".db-wal", ".db-shm"})
      std::filesystem::remove(dir + "/bench-" + name + ext);
  return 0;
}
