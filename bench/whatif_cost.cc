// The cost of a what-if against its size: scenarios of 2,000, 4,000 and
// 8,000 events on a city of PROJECTS signed projects (each event on one of
// SPREAD projects: advanced to pre-review, then planned and invested in turn,
// a day apart), weighed by Engine::what_if (linear) and by
// Engine::what_if_reference (the way before issue 25: each write committed
// on its own and its project's standing worked out again after it), in the
// same run; each must give the same answer.
//   build/bench/whatif_cost [PROJECTS] [SPREAD]     (default 10000, 500)
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "bench_support.h"
#include "city_generator.h"
#include "commands/scenario.h"
#include "common/json_text.h"
#include "views/json_views.h"

namespace {

// The scenario's writes decoded by their commands, as the CLI and the API do.
luodi::DecodedScenario decoded(const luodi::Scenario& s) {
  auto d = luodi::commands::decode_scenario(s);
  if (!d.ok()) throw std::runtime_error(d.status().message());
  return std::move(d).value();
}

using namespace luodi;

Scenario scenario_of(int n, int spread) {
  Scenario s;
  for (int i = 0; i < n; ++i) {
    const int round = i / spread;
    const Date on = *Date::parse("2026-07-01") + round;
    boost::json::object f{{"code", "G" + std::to_string(i % spread)}, {"on", on.str()}};
    std::string kind;
    if (round == 0) {
      kind = "advance";
      f["to"] = "pre_review";
    } else if (round % 2) {
      kind = "plan";
      f["due"] = (on + 180).str();
    } else {
      kind = "invest";
      f["fixed_asset_wan"] = std::to_string(100 + round);
    }
    s.writes.push_back({kind, std::move(f), "events[" + std::to_string(i) + "]"});
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const int projects = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int spread = argc > 2 ? std::atoi(argv[2]) : 500;
  ManualClock clock(*parse_local("2026-06-30T10:00"));
  const std::string db = (std::filesystem::temp_directory_path() / "luodi-whatif-cost.db").string();
  auto engine = bench::create_engine(db, clock);
  bench::generate_city(*engine, projects, clock.today(), "signed");
  std::printf("what-if on %d projects, each event on one of %d\n", projects, spread);
  std::printf("  events   linear (s)   per event (ms)   before (s)   before / linear\n");
  double first = 0;
  for (int n : {2000, 4000, 8000}) {
    const Scenario s = scenario_of(n, spread);
    Result<WhatIf> linear = Status::Internal("not run"), before = Status::Internal("not run");
    const double a = bench::seconds([&] { linear = engine->what_if(decoded(s)); });
    const double b = bench::seconds([&] { before = engine->what_if_reference(decoded(s)); });
    bench::check(linear.status(), "what_if");
    bench::check(before.status(), "what_if_reference");
    if (to_json_text(views::what_if_json(engine->workflow(), *linear), false) !=
        to_json_text(views::what_if_json(engine->workflow(), *before), false)) {
      std::fprintf(stderr, "the two answers differ at %d events\n", n);
      return 1;
    }
    if (!first) first = a;
    std::printf("  %6d   %10.2f   %14.3f   %10.2f   %14.1f×   (linear %d / 2000: %.2f×)\n", n, a,
                a * 1000 / n, b, b / a, n, a / first);
  }
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db + ext);
  return 0;
}
