#include "server/health.h"

namespace luodi::server {

Health health_of(const LeaseBoard& board, std::chrono::milliseconds lease_time,
                 LeaseBoard::Clock::time_point now) {
  Health h;
  for (const auto& [city, term] : board.terms()) {
    if (term.held && now < term.expires) {
      h.leases.emplace_back(city);
      h.held.push_back(boost::json::object{
          {"city", city}, {"epoch", term.epoch}, {"expires_at", format_local(term.expires_at)}});
    }
    if (now - term.last_contact > lease_time) {
      h.ok = false;
      const auto silent =
          std::chrono::duration_cast<std::chrono::milliseconds>(now - term.last_contact).count();
      h.problems.push_back(boost::json::object{
          {"city", city},
          {"problem", "the lease has not been renewed or looked at for " + std::to_string(silent) +
                          " ms" + (term.problem.empty() ? std::string() : ": " + term.problem)}});
    }
  }
  return h;
}

}  // namespace luodi::server
