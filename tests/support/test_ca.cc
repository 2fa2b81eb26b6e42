#include "support/test_ca.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace luodi::testing {

TestCa make_test_ca(const std::string& dir) {
  std::filesystem::create_directories(dir);
  const std::string d = dir + "/";
  {
    std::ofstream ext(d + "server.ext");
    ext << "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
           "extendedKeyUsage=serverAuth\n";
  }
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  const std::string quiet = " >/dev/null 2>&1";
  const std::string commands[] = {
      "openssl req -x509" + ec + " -keyout '" + d + "ca.key' -out '" + d +
          "ca.pem' -days 2 -subj '/CN=luodi test CA'",
      "openssl req" + ec + " -keyout '" + d + "server.key' -out '" + d +
          "server.csr' -subj '/CN=localhost'",
      "openssl x509 -req -in '" + d + "server.csr' -CA '" + d + "ca.pem' -CAkey '" + d +
          "ca.key' -CAcreateserial -out '" + d + "server.pem' -days 2 -extfile '" + d +
          "server.ext'",
  };
  for (const auto& command : commands) {
    const int rc = std::system((command + quiet).c_str());
    if (rc != 0) ADD_FAILURE() << "failed (" << rc << "): " << command;
  }
  return {d + "ca.pem", d + "server.pem", d + "server.key"};
}

}  // namespace luodi::testing
