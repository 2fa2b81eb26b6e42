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

// One HTTP/1.1 request on a new connection.
HttpReply http_request(unsigned short port, const std::string& method, const std::string& target,
                       const std::string& body = "", const std::string& token = "");

}  // namespace luodi::testing
