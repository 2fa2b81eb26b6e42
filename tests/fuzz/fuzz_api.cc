// libFuzzer target: the HTTP API handler. The input is a raw HTTP request
// (method, target, headers, body), parsed as the server parses it; most get a
// supervisor's token so that they reach the handlers behind it. Every request
// must get an answer: no crash, no exception, no hang.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>

#include "fuzz_engine.h"
#include "server/api.h"

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static luodi::server::Api api(luodi::fuzz::scratch_engine(), nullptr, [] {});
  http::request_parser<http::string_body> parser;
  parser.body_limit(1 << 20);
  parser.eager(true);
  boost::beast::error_code ec;
  const bool with_token = data[0] & 1;
  parser.put(boost::asio::buffer(data + 1, size - 1), ec);
  if (ec || !parser.is_done()) return 0;
  luodi::server::Request req = parser.release();
  if (with_token) req.set(http::field::authorization, "Bearer " + luodi::fuzz::supervisor_token());
  std::string route, user;
  auto res = api.handle(req, route, user);
  if (res.result_int() < 100 || res.result_int() > 599) __builtin_trap();
  return 0;
}
