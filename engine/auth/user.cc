#include "luodi/user.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace luodi {

std::string_view to_string(Role r) {
  switch (r) {
    case Role::kUnit:
      return "unit";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kLeader:
      return "leader";
    case Role::kProvince:
      return "province";
  }
  return "unit";
}

std::optional<Role> parse_role(std::string_view s) {
  for (auto r : {Role::kUnit, Role::kSupervisor, Role::kLeader, Role::kProvince})
    if (to_string(r) == s) return r;
  return std::nullopt;
}

bool may_write(const User& u) { return u.role != Role::kProvince; }

bool may_write_project(const User& u, const std::string& project_unit) {
  return u.role == Role::kSupervisor || (u.role == Role::kUnit && u.unit == project_unit);
}

bool may_instruct(const User& u) { return u.role == Role::kLeader || u.role == Role::kSupervisor; }

bool may_create_project(const User& u, const std::string& unit) {
  return may_write_project(u, unit);
}

namespace {

std::string hex(const unsigned char* bytes, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string new_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for a token");
  return hex(bytes, sizeof bytes);
}

std::string token_hash(const std::string& token) {
  // A server hashes the token of each request it has not seen under the
  // data stamp (Api::answer): the digest is fetched once, not at each call.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!sha256 || EVP_Digest(token.data(), token.size(), digest, &len, sha256, nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return hex(digest, len);
}

}  // namespace luodi
