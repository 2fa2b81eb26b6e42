// The router of a server of several cities, while its set of cities changes:
// a city added is appended (the first stays first), the last city is never
// removed, a request without a token goes to the first city, and the wall
// chart's data goes to the city of its ?city= (and only that route does).
#include "server/city_router.h"

#include <gtest/gtest.h>

#include <thread>

namespace luodi::server {
namespace {

Request get(const std::string& target, const std::string& token = "") {
  Request req{http::verb::get, target, 11};
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  return req;
}

// No engine: a token is known to no city.
const std::function<Engine*(const std::string&)> kNoEngine = [](const std::string&) -> Engine* {
  return nullptr;
};

TEST(CityRouter, CitiesComeAndGoTheFirstStaysFirstAndTheLastStays) {
  CityRouter router({"default", "suzhou"});
  EXPECT_EQ(router.cities(), (std::vector<std::string>{"default", "suzhou"}));
  router.add("anqing");
  router.add("suzhou");  // served already: nothing
  EXPECT_EQ(router.cities(), (std::vector<std::string>{"default", "suzhou", "anqing"}));
  EXPECT_TRUE(router.serves("anqing"));
  EXPECT_TRUE(router.remove("default"));
  EXPECT_FALSE(router.serves("default"));
  EXPECT_FALSE(router.remove("default")) << "not served";
  EXPECT_EQ(router.city_of(get("/healthz"), kNoEngine), "suzhou") << "the first city now";
  EXPECT_TRUE(router.remove("suzhou"));
  EXPECT_FALSE(router.remove("anqing")) << "the only city left stays";
  EXPECT_EQ(router.cities(), std::vector<std::string>{"anqing"});
}

TEST(CityRouter, TheWallChartGoesToTheCityItNames) {
  CityRouter router({"default", "suzhou"});
  EXPECT_EQ(router.city_of(get("/api/wall"), kNoEngine), "default");
  EXPECT_EQ(router.city_of(get("/api/wall?city=suzhou"), kNoEngine), "suzhou");
  EXPECT_EQ(router.city_of(get("/api/wall?refresh=5&city=su%7Ahou"), kNoEngine), "suzhou");
  EXPECT_EQ(router.city_of(get("/api/wall?city=nowhere"), kNoEngine), "default")
      << "a city not served: the first city answers it (404)";
  EXPECT_EQ(router.city_of(get("/api/wall?city=suzhou", std::string(64, 'f')), kNoEngine), "suzhou")
      << "the city named, whatever the token";
  EXPECT_EQ(router.city_of(get("/api/province/report?city=suzhou"), kNoEngine), "default")
      << "the province's ?city= is a drill-down, answered in the token's city";
  EXPECT_EQ(router.city_of(get("/api/projects", std::string(64, 'f')), kNoEngine), "default")
      << "a token no city knows";
}

// Routed while cities come and go on another thread (run under a sanitizer
// to see a race; here: every answer is a city served at some point).
TEST(CityRouter, AnswersWhileCitiesChange) {
  CityRouter router({"default"});
  std::thread changing([&] {
    for (int i = 0; i < 2000; ++i) {
      router.add("c" + std::to_string(i % 7));
      router.remove("c" + std::to_string((i + 3) % 7));
    }
  });
  for (int i = 0; i < 2000; ++i) {
    const std::string city =
        router.city_of(get("/api/wall?city=c" + std::to_string(i % 7)), kNoEngine);
    EXPECT_TRUE(city == "default" || city.rfind('c', 0) == 0) << city;
  }
  changing.join();
  EXPECT_TRUE(router.serves("default"));
}

}  // namespace
}  // namespace luodi::server
