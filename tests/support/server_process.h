// Starts the real `luodi serve` on an ephemeral port for a test, and a small
// Beast client to talk to it.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace luodi::testing {

class ServerProcess {
 public:
  // Runs `luodi --db DB serve --listen 127.0.0.1:0 EXTRA…` with `env`, and
  // waits for its "listening on" line.
  ServerProcess(const std::string& db, const std::vector<std::string>& extra = {},
                const std::map<std::string, std::string>& env = {});
  ~ServerProcess();  // SIGKILL if still running
  unsigned short port() const { return port_; }
  // SIGTERM, then the exit code (-1 when killed by a signal or timed out).
  int stop();
  // SIGKILL, as a crash or a power cut would stop it, and waits for it.
  void kill_now();
  // What it wrote to stderr (its log) so far (beside a SQLite database; in
  // /tmp for a PostgreSQL one).
  std::string log() const;

 private:
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::string log_path_;
  bool temporary_log_ = false;  // a PostgreSQL server's log, in /tmp: removed with it
};

struct HttpReply {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
};

// The value of one series of the server's /metrics, named with its labels
// as printed (`luodi_rounds_total{city="default",loop="scheduler"}`); 0
// when it is not there (yet).
double metric(unsigned short port, const std::string& series);

// Waits until the server at `port` has done `n` rounds of `loop`
// ("scheduler": a look at what is due; "deliveries": a look at the outbox)
// of `city`, as /metrics counts them: what it was going to do by then is
// done (the observable event before checking that nothing more happened;
// a server's first rounds run as it starts). False after `seconds`.
bool rounds_done(unsigned short port, const std::string& loop, double n,
                 const std::string& city = "default", int seconds = 20);

// One HTTP/1.1 request on a new connection.
// `headers`: more request headers (Accept-Language …).
HttpReply http_request(unsigned short port, const std::string& method, const std::string& target,
                       const std::string& body = "", const std::string& token = "",
                       const std::map<std::string, std::string>& headers = {});

}  // namespace luodi::testing
