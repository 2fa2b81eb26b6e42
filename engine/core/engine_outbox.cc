// The outbox: notifications delivered, their attempts recorded, claimed by
// one delivery at a time, deferred while a robot is throttled.
#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

namespace {
// The outbox rows read at a time by a walk over it.
constexpr std::size_t kOutboxPage = 1000;
}  // namespace

Result<std::size_t> Engine::deliver_pending(Delivery& delivery) {
  std::size_t delivered = 0;
  const Timestamp now = clock_.now();
  // Page by page in creation order; a row delivered leaves the state asked
  // for, and the next page starts after the last row read either way.
  for (std::optional<std::string> after;;) {
    LUODI_ASSIGN_OR_RETURN(auto page,
                           store_->outbox().rows(std::string("pending"), after, kOutboxPage));
    for (auto& n : page.rows) {
      if (!delivery.handles(n.channel) || (n.next_attempt_at && *n.next_attempt_at > now)) continue;
      Status s = delivery.deliver(n);
      LUODI_RETURN_IF_ERROR(record_attempt(n, s, std::nullopt));
      ++delivered;
    }
    if (!page.next) return delivered;
    after = std::move(page.next);
  }
}

Status Engine::record_attempt(const Notification& n, const Status& result,
                              std::optional<Timestamp> retry_at, bool permanent) {
  return record_attempts({{&n, retry_at}}, result, permanent);
}

Status Engine::record_attempts(const std::vector<Attempt>& rows, const Status& result,
                               bool permanent, const std::string& claim_token) {
  const std::optional<Timestamp> sent_at =
      result.ok() ? std::optional<Timestamp>(clock_.now()) : std::nullopt;
  // A claimed delivery's outcome is fenced by its claim, not by the lease:
  // what went out is recorded even when the lease lapsed meanwhile, unless
  // another delivery has claimed the rows since (then it is theirs to say).
  const auto fenced = [&](const std::function<Status()>& body) {
    return claim_token.empty() ? scheduled(body) : transaction(body, true, false);
  };
  return fenced([&]() -> Status {
    for (const auto& [n, asked_retry] : rows) {
      const std::optional<Timestamp> retry_at =
          result.ok() || permanent ? std::nullopt : asked_retry;
      const std::string state = result.ok() ? "sent" : retry_at ? "pending" : "failed";
      LUODI_RETURN_IF_ERROR(store_->outbox().set_notification_state(
          n->key, n->recipient, state, n->attempts + 1, result.ok() ? "" : result.message(),
          retry_at, !result.ok() && permanent, sent_at, claim_token));
    }
    return Status::Ok();
  });
}

Result<std::vector<std::pair<std::string, std::string>>> Engine::claim_deliveries(
    const std::vector<std::pair<std::string, std::string>>& rows, const std::string& token,
    std::chrono::milliseconds hold) {
  std::vector<std::pair<std::string, std::string>> claimed;
  LUODI_RETURN_IF_ERROR(scheduled([&]() -> Status {
    LUODI_ASSIGN_OR_RETURN(claimed, store_->outbox().claim(rows, token, hold));
    return Status::Ok();
  }));
  return claimed;
}

Status Engine::defer_deliveries(const std::vector<const Notification*>& rows, Timestamp until,
                                const std::string& note, const std::string& claim_token) {
  // Fenced by the claim, as record_attempts is.
  const auto fenced = [&](const std::function<Status()>& body) {
    return claim_token.empty() ? scheduled(body) : transaction(body, true, false);
  };
  return fenced([&]() -> Status {
    for (const Notification* n : rows)
      LUODI_RETURN_IF_ERROR(store_->outbox().set_notification_state(n->key, n->recipient, "pending",
                                                                    n->attempts, note, until, false,
                                                                    std::nullopt, claim_token));
    return Status::Ok();
  });
}

Result<std::vector<std::pair<std::string, Timestamp>>> Engine::sent_since(Timestamp since) {
  return store_->outbox().sent_since(since);
}

Result<std::vector<Notification>> Engine::outbox(const std::optional<std::string>& state) {
  return store_->outbox().rows(state);
}

Result<std::map<std::string, long>> Engine::outbox_counts() {
  return store_->outbox().outbox_counts();
}

Result<Page<Notification>> Engine::outbox(const std::optional<std::string>& state,
                                          const PageRequest& page) {
  LUODI_RETURN_IF_ERROR(check_page(page));
  // Read in SQL after the cursor's row (its position in the outbox's order):
  // a page costs its rows, not the whole outbox.
  std::optional<std::string> after;
  if (page.cursor) after = key_of_cursor(*page.cursor);
  Page<Notification> out;
  while (true) {
    const std::size_t want = page.limit ? *page.limit - out.items.size() : kOutboxPage;
    LUODI_ASSIGN_OR_RETURN(auto read, store_->outbox().rows(state, after, want));
    for (auto& n : read.rows) out.items.push_back(std::move(n));
    if (!read.next) return out;
    if (page.limit) {  // full, and more to come
      out.next = cursor_of(*read.next);
      return out;
    }
    after = std::move(read.next);
  }
}

}  // namespace luodi
