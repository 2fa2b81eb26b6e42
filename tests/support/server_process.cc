#include "support/server_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/test_support.h"

namespace luodi::testing {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

ServerProcess::ServerProcess(const std::string& db, const std::vector<std::string>& extra,
                             const std::map<std::string, std::string>& env) {
  log_path_ = db + ".serve.log";
  if (db.find("://") != std::string::npos) {  // a PostgreSQL URI: the log goes to a file of its own
    char path[] = "/tmp/luodi-serve-XXXXXX.log";
    const int fd = mkstemps(path, 4);
    if (fd < 0) throw std::runtime_error("mkstemps");
    close(fd);
    log_path_ = path;
    temporary_log_ = true;
  }
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    FILE* log = std::fopen(log_path_.c_str(), "w");
    if (log) dup2(fileno(log), STDERR_FILENO);
    unsetenv("LUODI_DB");
    unsetenv("LUODI_NOW");
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<std::string> args = {LUODI_BINARY, "--db", db, "serve", "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(LUODI_BINARY, argv.data());
    _exit(127);
  }
  close(out[1]);
  // The first line says where it listens.
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);
  auto colon = line.rfind(':');
  if (line.rfind("listening on", 0) != 0 || colon == std::string::npos)
    throw std::runtime_error("luodi serve did not start: '" + line + "' " + read_file(log_path_));
  port_ = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (temporary_log_) std::remove(log_path_.c_str());
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 200; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return -1;
}

void ServerProcess::kill_now() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string ServerProcess::log() const { return read_file(log_path_); }

HttpReply http_request(unsigned short port, const std::string& method, const std::string& target,
                       const std::string& body, const std::string& token,
                       const std::map<std::string, std::string>& headers) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  for (const auto& [name, value] : headers) req.set(name, value);
  if (!body.empty() || method == "POST") {
    req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.prepare_payload();
  // A server may answer (413) and close before a large body is all sent: the
  // answer is read even when writing failed.
  beast::error_code write_error;
  http::write(stream, req, write_error);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  http::read(stream, buffer, parser);
  const auto& res = parser.get();
  HttpReply out{res.result_int(), res.body(), {}};
  for (const auto& h : res) out.headers[std::string(h.name_string())] = std::string(h.value());
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return out;
}

double metric(unsigned short port, const std::string& series) {
  const std::string text = http_request(port, "GET", "/metrics").body;
  for (std::size_t at = text.find(series); at != std::string::npos;
       at = text.find(series, at + 1)) {
    if (at > 0 && text[at - 1] != '\n') continue;
    if (text.compare(at + series.size(), 1, " ") != 0) continue;
    return std::stod(text.substr(at + series.size() + 1));
  }
  return 0;
}

bool rounds_done(unsigned short port, const std::string& loop, double n, const std::string& city,
                 int seconds) {
  const std::string series = "luodi_rounds_total{city=\"" + city + "\",loop=\"" + loop + "\"}";
  for (int i = 0; i < seconds * 50; ++i) {
    if (metric(port, series) >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace luodi::testing
