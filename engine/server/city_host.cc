#include "server/city_host.h"

#include "luodi/report.h"

namespace luodi::server {

CityHost::CityHost(std::unique_ptr<Engine> engine, std::unique_ptr<Engine> lease_engine,
                   boost::asio::io_context& writer, boost::asio::io_context& leasing,
                   const Clock& clock, const ServerOptions& options, const ApiOptions& api_options,
                   boost::asio::ssl::context& tls, Metrics& metrics, LeaseBoard& leases,
                   const std::string& instance, std::ostream& log, LogLimiter& limited_log)
    : engine_(std::move(engine)),
      options_(options),
      clock_(clock),
      delivery_(
          log, true,
          [engine = engine_.get(), dir = options.targets_dir](Date as_of) -> Result<std::string> {
            LUODI_ASSIGN_OR_RETURN(
                Report r,
                report_of(*engine, as_of, "", targets_dir_of_city(dir, engine->city()), Lang::kZh));
            return rendered(r, "html");
          }),
      webhooks_(writer, *engine_, clock, options.webhooks, tls, options.public_url, log,
                [&metrics](bool ok) { metrics.delivery(ok); }),
      scheduler_(writer, *engine_, delivery_, clock, options.send_at, log,
                 [this] { webhooks_.kick(); }),
      lease_keeper_(leasing, std::move(lease_engine), writer, *engine_, instance, options.lease,
                    leases, limited_log,
                    [this] {
                      scheduler_.start();
                      webhooks_.kick();
                    }),
      changes_(writer, log, [this] { scheduler_.poke(); }),
      api_(
          *engine_, &metrics, [this] { scheduler_.poke(); }, api_options) {
  // Scheduled work goes on only while the lease is held and not past its
  // time, as the lease thread last renewed it.
  engine_->link_to(options.public_url);
  auto holds = [&leases, city = engine_->city()] { return leases.holds(city); };
  webhooks_.work_while(holds, limited_log);
  scheduler_.work_while(holds, limited_log);
  webhooks_.on_round([&metrics, city = engine_->city()] { metrics.round(city, "deliveries"); });
  scheduler_.on_round([&metrics, city = engine_->city()] { metrics.round(city, "scheduler"); });
}

void CityHost::start() {
  lease_keeper_.start();
  if (!options_.database.empty()) changes_.start(options_.database, engine_->city(), clock_);
}

void CityHost::stop() {
  scheduler_.stop();
  webhooks_.stop();
  lease_keeper_.stop();
  changes_.stop();
}

}  // namespace luodi::server
