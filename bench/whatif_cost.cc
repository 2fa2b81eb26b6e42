// The cost of a what-if against its size: scenarios of 100 … 8,000 events on
// a city of PROJECTS signed projects (each event on one of SPREAD projects:
// advanced to pre-review, then planned and invested in turn, a day apart),
// weighed by Engine::what_if, each size in a process of its own (so its peak
// resident is its own): cold (a freshly opened engine, the city's counts not
// cached yet) and warm (the same engine again: only the touched projects are
// copied and weighed). Both must give the same answer; with --check the
// 100-event answer is also compared with Engine::what_if_reference (the whole
// city copied, each write committed on its own).
//   build/bench/whatif_cost [PROJECTS] [SPREAD] [--check]   (default 50000, 500)
//   build/bench/whatif_cost --city DB --events N [--spread S] [--check]
//     (one size on an existing city: prints "cold S warm S peak MB")
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
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

double peak_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

std::string text_of(const Engine& e, const WhatIf& w) {
  return to_json_text(views::what_if_json(e.workflow(), w), false);
}

// One size on the city at `db`: cold, then warm; exits 1 when they differ.
int one_size(const std::string& db, int n, int spread, bool check) {
  ManualClock clock(*parse_local("2026-06-30T10:00"));
  auto opened = Engine::open(db, clock);
  bench::check(opened.status(), "open");
  Engine& engine = **opened;
  const Scenario s = scenario_of(n, spread);
  Result<WhatIf> cold = Status::Internal("not run"), warm = Status::Internal("not run");
  const double a = bench::seconds([&] { cold = engine.what_if(decoded(s)); });
  bench::check(cold.status(), "what_if (cold)");
  const double peak = peak_mb();
  const double b = bench::seconds([&] { warm = engine.what_if(decoded(s)); });
  bench::check(warm.status(), "what_if (warm)");
  if (text_of(engine, *cold) != text_of(engine, *warm)) {
    std::fprintf(stderr, "the cold and the warm answers differ at %d events\n", n);
    return 1;
  }
  if (check) {
    auto reference = engine.what_if_reference(decoded(s));
    bench::check(reference.status(), "what_if_reference");
    if (text_of(engine, *reference) != text_of(engine, *cold)) {
      std::fprintf(stderr, "what_if and what_if_reference differ at %d events\n", n);
      return 1;
    }
  }
  std::printf("cold %.3f warm %.3f peak %.1f\n", a, b, peak);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string city;
  int events = 0, spread = 500, projects = 50000;
  bool check = false;
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--city" && i + 1 < argc) {
      city = argv[++i];
    } else if (a == "--events" && i + 1 < argc) {
      events = std::atoi(argv[++i]);
    } else if (a == "--spread" && i + 1 < argc) {
      spread = std::atoi(argv[++i]);
    } else if (a == "--check") {
      check = true;
    } else if (positional == 0) {
      projects = std::atoi(argv[i]), ++positional;
    } else {
      spread = std::atoi(argv[i]), ++positional;
    }
  }
  if (!city.empty()) return one_size(city, events, spread, check);

  ManualClock clock(*parse_local("2026-06-30T10:00"));
  const std::string db = (std::filesystem::temp_directory_path() / "luodi-whatif-cost.db").string();
  {
    auto engine = bench::create_engine(db, clock);
    bench::generate_city(*engine, projects, clock.today(), "signed");
  }
  std::printf("what-if on %d projects, each event on one of %d (each size in its own process)\n",
              projects, spread);
  std::printf("  events   cold (s)   per event (ms)   warm (s)   per event (ms)   peak (MB)\n");
  double cold100 = 0, warm100 = 0, cold2k = 0, warm2k = 0, peak100 = 0;
  int status = 0;
  for (int n : {100, 500, 1000, 2000, 4000, 8000}) {
    const std::string command = "\"" + std::string(argv[0]) + "\" --city \"" + db + "\" --events " +
                                std::to_string(n) + " --spread " + std::to_string(spread) +
                                (check && n == 100 ? " --check" : "");
    FILE* p = popen(command.c_str(), "r");
    double cold = 0, warm = 0, peak = 0;
    if (!p || std::fscanf(p, "cold %lf warm %lf peak %lf", &cold, &warm, &peak) != 3) {
      std::fprintf(stderr, "%d events: the run failed\n", n);
      status = 1;
    }
    if (p && pclose(p) != 0) status = 1;
    if (status) break;
    std::printf("  %6d   %8.3f   %14.3f   %8.3f   %14.3f   %9.1f\n", n, cold, cold * 1000 / n, warm,
                warm * 1000 / n, peak);
    if (n == 100) cold100 = cold, warm100 = warm, peak100 = peak;
    if (n == 2000) cold2k = cold, warm2k = warm;
  }
  if (!status) {
    std::printf("  100 events: cold %.3f s, warm %.3f s, peak %.1f MB (goal ≤ 0.5 s, ≤ 50 MB)\n",
                cold100, warm100, peak100);
    std::printf(
        "  2,000 events: cold %.2f s, warm %.2f s (goal ≤ 20 s); t(2k)/t(100) warm %.1f "
        "(linear: 20)\n",
        cold2k, warm2k, warm2k / warm100);
  }
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db + ext);
  return status;
}
