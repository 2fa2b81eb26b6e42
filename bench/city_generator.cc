#include "city_generator.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <tuple>
#include <utility>

namespace luodi::bench {

double generate_city(Engine& engine, int projects, Date today, const char* stage,
                     std::optional<double> due_share) {
  static const char* units[] = {"游埠镇",   "女埠街道", "兰江街道", "上华街道", "永昌街道",
                                "赤溪街道", "云山街道", "香溪镇",   "马涧镇",   "经济开发区"};
  static const char* stages[] = {"signed", "pre_review", "site_entry", "construction"};
  std::mt19937 rng(20260630);
  auto start = std::chrono::steady_clock::now();
  for (int from = 0; from < projects; from += 10000) {
    Status s = engine.batch([&]() -> Status {
      for (int i = from; i < std::min(projects, from + 10000); ++i) {
        NewProject p;
        p.by = "bench";
        p.code = "G" + std::to_string(i);
        p.attributes.name = "项目" + std::to_string(i);
        p.attributes.unit = units[rng() % 10];
        p.attributes.leader = "领导" + std::to_string(rng() % 20);
        p.attributes.investment_wan = 5000 + rng() % 100000;
        p.stage = stage ? stage : stages[rng() % 4];
        p.on = today - static_cast<int>(rng() % 365);
        if (due_share) {
          // Due the next day: the i-th project when the share's running
          // count steps up at it (exactly round(share × projects) of them).
          const bool due =
              static_cast<long>((i + 1) * *due_share) > static_cast<long>(i * *due_share);
          p.on = today;
          if (due) {
            // A stage with a limit in calendar days, and a deadline whose
            // reminders fire the next day: a week before, on the day, or an
            // overdue repeat (every 3 days after it).
            static const std::pair<const char*, int> limited[] = {
                {"signed", 60}, {"site_entry", 90}, {"construction", 540}};
            auto [at, limit] = limited[rng() % 3];
            if (stage) {  // its own limit (a stage counted in working days: signed over the year)
              limit = -1;
              for (const auto& [id, days] : limited)
                if (std::string(id) == stage) std::tie(at, limit) = std::pair(id, days);
            }
            const Date next = today + 1;
            const int pick = static_cast<int>(rng() % 10);
            const Date deadline = pick == 0   ? next + 7
                                  : pick == 1 ? next
                                              : next - 3 * static_cast<int>(1 + rng() % 20);
            p.stage = at;
            p.on = limit < 0 ? today - static_cast<int>(rng() % 365) : deadline - limit;
          }
        }
        p.evidence["permit"] = "330781" + std::to_string(i);  // kept where the stage asks for it
        LUODI_RETURN_IF_ERROR(engine.execute(p).status());
      }
      return Status::Ok();
    });
    if (!s.ok()) {
      std::fprintf(stderr, "generate: %s\n", s.message().c_str());
      std::exit(1);
    }
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double generate_city_with_history(Engine& engine, int projects, Date today, unsigned seed) {
  static const char* units[] = {"游埠镇",   "女埠街道", "兰江街道", "上华街道", "永昌街道",
                                "赤溪街道", "云山街道", "香溪镇",   "马涧镇",   "经济开发区"};
  static const char* stages[] = {"signed",       "pre_review", "site_entry",
                                 "construction", "completion", "production"};
  // Typical days in each stage before the next (signed … completion).
  static const double typical[] = {45, 50, 70, 400, 120};
  std::mt19937 rng(seed);
  std::lognormal_distribution<double> spread(0.0, 0.45);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<>(lo, hi)(rng); };
  const Date first = Date::from_ymd(2025, 1, 1);
  auto start = std::chrono::steady_clock::now();
  Status s = engine.batch([&]() -> Status {
    for (int i = 0; i < projects; ++i) {
      const std::string code = "H" + std::to_string(i);
      const Date signed_on = first + uniform(0, 545);
      if (signed_on > today) continue;
      NewProject p;
      p.by = "bench";
      p.code = code;
      p.on = signed_on;
      p.attributes.name = "项目" + std::to_string(i);
      p.attributes.unit = units[rng() % 10];
      p.attributes.leader = "领导" + std::to_string(rng() % 20);
      p.attributes.investment_wan = 5000 + rng() % 100000;
      LUODI_RETURN_IF_ERROR(engine.execute(p).status());
      const bool slow = uniform(0, 4) == 0;
      const bool dropped = uniform(0, 19) == 0;
      const Date dropped_on = dropped ? signed_on + uniform(30, 400) : Date::from_ymd(2200, 1, 1);
      // A land quota, in signing or pre-review (a dropped project is dropped instead).
      const int blocked_stage = !dropped && uniform(0, 3) == 0 ? uniform(0, 1) : -1;
      Date on = signed_on;
      for (int stage = 0; stage < 5; ++stage) {
        int days = std::max(3, static_cast<int>(typical[stage] * spread(rng) * (slow ? 2 : 1)));
        if (stage == blocked_stage) {
          const Date from = on + days / 3;
          const int held = uniform(20, 150);
          if (from > today) break;
          BlockRequest b;
          b.by = "bench";
          b.on = from;
          b.category = "land";
          b.reason = "用地指标未落实";
          b.code = code;
          LUODI_RETURN_IF_ERROR(engine.execute(b).status());
          if (from + held > today) break;
          UnblockRequest u;
          u.by = "bench";
          u.on = from + held;
          u.code = code;
          LUODI_RETURN_IF_ERROR(engine.execute(u).status());
          days += held;
        }
        const Date next = on + days;
        if (next > today) break;
        if (next > dropped_on) {
          DropRequest d;
          d.by = "bench";
          d.on = dropped_on;
          d.note = "企业投资意向变化";
          d.code = code;
          LUODI_RETURN_IF_ERROR(engine.execute(d).status());
          break;
        }
        AdvanceRequest a;
        a.by = "bench";
        a.on = next;
        a.to = stages[stage + 1];
        a.evidence["permit"] = "330781" + std::to_string(i);
        a.code = code;
        LUODI_RETURN_IF_ERROR(engine.execute(a).status());
        on = next;
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) {
    std::fprintf(stderr, "generate: %s\n", s.message().c_str());
    std::exit(1);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace luodi::bench
