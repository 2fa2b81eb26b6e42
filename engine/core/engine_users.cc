// Users of the server: tokens shown once, kept as hashes.
#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

Result<std::string> Engine::add_user(const User& u) {
  if (u.name.empty()) return Status::BadInput("a user needs a name");
  if (u.role == Role::kUnit && u.unit.empty())
    return Status::BadInput("a unit user needs --unit (the unit whose projects it may write)");
  if (u.role != Role::kUnit && !u.unit.empty())
    return Status::BadInput("--unit is for unit users only");
  User stored = u;
  stored.created_at = clock_.now();
  const std::string token = new_token();
  LUODI_RETURN_IF_ERROR(
      in_transaction([&] { return store_->users().add_user(stored, token_hash(token)); }));
  return token;
}

Result<User> Engine::authenticate(const std::string& token) {
  if (token.empty()) return Status::NotFound("no token");
  LUODI_ASSIGN_OR_RETURN(auto user, store_->users().user_by_token_hash(token_hash(token)));
  if (!user) return Status::NotFound("unknown or revoked token");
  return *std::move(user);
}

Result<std::vector<std::pair<User, bool>>> Engine::users() { return store_->users().all(); }

Status Engine::revoke_user(const std::string& name) {
  bool revoked = false;
  LUODI_RETURN_IF_ERROR(in_transaction([&]() -> Status {
    LUODI_ASSIGN_OR_RETURN(revoked, store_->users().revoke_user(name, clock_.now()));
    return Status::Ok();
  }));
  if (!revoked) return Status::NotFound("no active user named " + name);
  return Status::Ok();
}

}  // namespace luodi
