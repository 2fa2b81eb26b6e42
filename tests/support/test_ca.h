// A certificate authority made at test time (with the openssl tool), and a
// server certificate it signs for the name "localhost" only: what an https
// receiver in a test presents, and what the client under test must trust.
#pragma once

#include <string>

namespace luodi::testing {

struct TestCa {
  std::string ca_file;      // the CA's certificate (PEM): what --ca-file names
  std::string server_cert;  // the server's certificate (PEM), for DNS:localhost
  std::string server_key;   // … and its private key
};

// Makes a fresh CA and server certificate in `dir`; aborts the test on failure.
TestCa make_test_ca(const std::string& dir);

}  // namespace luodi::testing
