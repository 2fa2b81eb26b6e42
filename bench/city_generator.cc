#include "city_generator.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace luodi::bench {

double generate_city(Engine& engine, int projects, Date today, const char* stage) {
  static const char* units[] = {"游埠镇", "女埠街道", "兰江街道", "上华街道", "永昌街道",
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

}  // namespace luodi::bench
