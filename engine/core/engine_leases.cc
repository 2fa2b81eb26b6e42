// The city's lease on its scheduled work: taken, renewed and given up; every
// scheduled write fenced by it.
#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

// Scheduled work gives no hint: the lease holder does it, and would only
// wake itself.
Status Engine::scheduled(const std::function<Status()>& body) {
  return transaction(
      [&]() -> Status {
        if (lease_) LUODI_RETURN_IF_ERROR(store_->leases().check(*lease_));
        return body();
      },
      true, false);
}

Result<bool> Engine::acquire_lease(const std::string& owner, std::chrono::milliseconds ttl) {
  std::optional<std::int64_t> epoch;
  LUODI_RETURN_IF_ERROR(transaction(
      [&]() -> Status {
        LUODI_ASSIGN_OR_RETURN(epoch, store_->leases().acquire(owner, ttl));
        return Status::Ok();
      },
      true, false));
  if (epoch) {
    lease_ = LeaseFence{owner, *epoch};
  } else {
    lease_.reset();
  }
  return epoch.has_value();
}

Status Engine::release_lease() {
  if (!lease_) return Status::Ok();
  const std::string owner = lease_->owner;
  lease_.reset();
  return transaction([&] { return store_->leases().release(owner); }, true, false);
}

}  // namespace luodi
