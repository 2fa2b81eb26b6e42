// The outbox: one row per (key, recipient), its delivery state.
#include <array>

#include "store/area.h"

namespace luodi {

namespace {

constexpr const char* kRowColumns =
    "SELECT key, recipient, project, role, rule, due, message, catch_up, channel, state, "
    "attempts, last_error, created_at, format, next_attempt_at, permanent FROM outbox";

// The row a statement over kRowColumns is on.
template <typename St>
Notification row_at(St& st) {
  Notification n;
  n.key = st.text(0);
  n.recipient = st.text(1);
  n.project = st.text(2);
  n.role = parse_role(st.text(3)).value_or(Role::kUnit);
  n.rule = st.text(4);
  n.due = date_of(st.text(5));
  n.message = st.text(6);
  n.catch_up = st.integer(7) != 0;
  n.channel = st.text(8);
  n.state = st.text(9);
  n.attempts = static_cast<int>(st.integer(10));
  n.last_error = st.text(11);
  n.created_at = parse_local(st.text(12).substr(0, 19)).value_or(Timestamp{});
  n.format = st.text(13);
  if (!st.is_null(14)) n.next_attempt_at = parse_utc(st.text(14));
  n.permanent = st.integer(15) != 0;
  return n;
}

template <typename Db>
class Outbox final : public OutboxStore, Area<Db> {
 public:
  using Area<Db>::Area;
  LUODI_AREA_OVER_CONNECTION

  Result<bool> add_notification(const Notification& n) override {
    auto& st = cached(add_notification_,
                      "INSERT INTO outbox (key, recipient, project, role, rule, due, message, "
                      "catch_up, channel, state, attempts, last_error, created_at, format) VALUES "
                      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key, recipient) DO NOTHING");
    st.bind(1, n.key).bind(2, n.recipient).bind(3, n.project).bind(4, to_string(n.role));
    st.bind(5, n.rule).bind(6, n.due.str()).bind(7, n.message).bind(8, std::int64_t{n.catch_up});
    st.bind(9, n.channel).bind(10, n.state).bind(11, std::int64_t{n.attempts});
    st.bind(12, n.last_error).bind(13, format_local(n.created_at)).bind(14, n.format);
    LUODI_RETURN_IF_ERROR(st.run());
    return changes() > 0;
  }

  Result<std::vector<std::string>> notification_keys(const std::string& project) override {
    auto& st = cached(notification_keys_, "SELECT key FROM outbox WHERE project = ?");
    st.bind_ref(1, project);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    LUODI_RETURN_IF_ERROR(st.done());
    return out;
  }

  Status set_notification_state(const std::string& key, const std::string& recipient,
                                const std::string& state, int attempts,
                                const std::string& last_error,
                                std::optional<Timestamp> next_attempt_at, bool permanent,
                                std::optional<Timestamp> sent_at,
                                const std::string& claim_token) override {
    Statement st = db_.prepare(
        "UPDATE outbox SET state = ?1, attempts = ?2, last_error = ?3, next_attempt_at = ?4, "
        "permanent = ?5, "
        "sent_at = ?8, claim_token = NULL, claimed_until = NULL WHERE key = ?6 AND recipient = ?7" +
        std::string(claim_token.empty() ? "" : " AND claim_token = ?9"));
    if (!claim_token.empty()) st.bind(9, claim_token);
    st.bind(1, state).bind(2, std::int64_t{attempts}).bind(3, last_error);
    if (next_attempt_at) {
      st.bind(4, format_utc(*next_attempt_at));
    } else {
      st.bind_null(4);
    }
    if (sent_at) {
      st.bind(8, format_utc(*sent_at));
    } else {
      st.bind_null(8);
    }
    LUODI_RETURN_IF_ERROR(
        st.bind(5, std::int64_t{permanent}).bind(6, key).bind(7, recipient).run());
    if (!claim_token.empty() && changes() == 0)
      return Status::Refused(
          "the claim on notification " + key + " for " + recipient +
          " lapsed and another delivery holds it: its outcome is not recorded here");
    return Status::Ok();
  }

  Result<std::vector<std::pair<std::string, std::string>>> claim(
      const std::vector<std::pair<std::string, std::string>>& rows, const std::string& token,
      std::chrono::milliseconds hold) override {
    std::vector<std::pair<std::string, std::string>> out;
    if (rows.empty()) return out;
    const std::string now = Db::kNowMs;
    std::string wanted;
    for (std::size_t i = 0; i < rows.size(); ++i)
      wanted +=
          (i ? ",(?" : "(?") + std::to_string(3 + 2 * i) + ",?" + std::to_string(4 + 2 * i) + ")";
    Statement st =
        db_.prepare("UPDATE outbox SET claim_token = ?1, claimed_until = " + now +
                    " + ?2 WHERE (key, recipient) IN "
                    "(SELECT key, recipient FROM outbox WHERE (key, recipient) IN (VALUES " +
                    wanted +
                    ") AND state = 'pending' "
                    "AND (claimed_until IS NULL OR claimed_until <= " +
                    now + ")" + Db::kSkipLocked + ") RETURNING key, recipient");
    st.bind(1, token).bind(2, static_cast<std::int64_t>(hold.count()));
    for (std::size_t i = 0; i < rows.size(); ++i)
      st.bind(static_cast<int>(3 + 2 * i), rows[i].first)
          .bind(static_cast<int>(4 + 2 * i), rows[i].second);
    while (st.step()) out.emplace_back(st.text(0), st.text(1));
    return finish(st, std::move(out));
  }

  Result<std::vector<std::pair<std::string, Timestamp>>> sent_since(Timestamp since) override {
    Statement st =
        db_.prepare("SELECT channel, sent_at FROM outbox WHERE sent_at > ? ORDER BY sent_at");
    st.bind(1, format_utc(since));
    std::vector<std::pair<std::string, Timestamp>> out;
    while (st.step()) out.emplace_back(st.text(0), parse_utc(st.text(1)));
    return finish(st, std::move(out));
  }

  Result<std::vector<Notification>> rows(const std::optional<std::string>& state) override {
    Statement st = db_.prepare(std::string(kRowColumns) + (state ? " WHERE state = ?" : "") +
                               " ORDER BY created_at, project, key, recipient");
    if (state) st.bind(1, *state);
    std::vector<Notification> out;
    while (st.step()) out.push_back(row_at(st));
    return finish(st, std::move(out));
  }

  Result<RowsPage> rows(const std::optional<std::string>& state,
                        const std::optional<std::string>& after, std::size_t limit) override {
    // A position is the row's sort key: created_at (as stored), project,
    // key, recipient, separated by \x1f (the key is the part between the
    // second separator and the last).
    std::array<std::string, 4> from;
    if (after) {
      const auto first = after->find('\x1f');
      const auto second = first == std::string::npos ? first : after->find('\x1f', first + 1);
      const auto last = after->rfind('\x1f');
      if (second == std::string::npos || last <= second)
        return Status::BadInput("cursor is not one luodi gave (use the 'next' of a page)");
      from = {after->substr(0, first), after->substr(first + 1, second - first - 1),
              after->substr(second + 1, last - second - 1), after->substr(last + 1)};
    }
    auto& st =
        cached(page_[(state ? 1 : 0) | (after ? 2 : 0)],
               std::string(kRowColumns) + " WHERE " +
                   (after ? "(created_at, project, key, recipient) > (?, ?, ?, ?)" : "TRUE") +
                   (state ? " AND state = ?" : "") +
                   " ORDER BY created_at, project, key, recipient LIMIT ?");
    int i = 0;  // the placeholders in order (each backend numbers them so)
    if (after)
      for (const auto& part : from) st.bind_ref(++i, part);
    if (state) st.bind_ref(++i, *state);
    st.bind(++i, static_cast<std::int64_t>(limit + 1));  // one more: is there a next page?
    RowsPage page;
    std::string position;
    while (st.step()) {
      if (page.rows.size() == limit) {
        page.next = position;
        break;
      }
      page.rows.push_back(row_at(st));
      const Notification& n = page.rows.back();
      position = st.text(12) + '\x1f' + n.project + '\x1f' + n.key + '\x1f' + n.recipient;
    }
    LUODI_RETURN_IF_ERROR(st.done());
    return page;
  }

  Result<std::map<std::string, long>> outbox_counts() override {
    std::map<std::string, long> out;
    auto& st = cached(outbox_counts_,
                      "SELECT state, sum(n) FROM outbox_counts GROUP BY state HAVING sum(n) > 0");
    while (st.step()) out[st.text(0)] = static_cast<long>(st.integer(1));
    LUODI_RETURN_IF_ERROR(st.done());
    return out;
  }

  Status obsolete_pending(const std::string& project, const std::optional<Date>& current) override {
    // Moves are frequent and pending rows rare: look before writing, as an
    // UPDATE that may touch several rows costs a statement journal.
    auto& any = cached(any_pending_,
                       "SELECT 1 FROM outbox WHERE project = ? AND state = 'pending' LIMIT 1");
    any.bind_ref(1, project);
    const bool found = any.step();
    LUODI_RETURN_IF_ERROR(any.done());
    if (!found) return Status::Ok();
    auto& st =
        cached(obsolete_pending_,
               "UPDATE outbox SET state = 'obsolete' WHERE project = ? AND state = 'pending' "
               "AND rule <> 'stale' AND rule NOT LIKE 'instruction-%' AND (CAST(?2 AS TEXT) IS "
               "NULL OR due <> ?2)");
    st.bind_ref(1, project);
    bind_date(st, 2, current);
    return st.run();
  }

 private:
  Statement add_notification_, notification_keys_, any_pending_, obsolete_pending_, outbox_counts_;
  std::array<Statement, 4> page_;  // by (state given, after given)
};

}  // namespace

std::unique_ptr<OutboxStore> outbox_area(sqlite::Database& db) {
  return std::make_unique<Outbox<sqlite::Database>>(db);
}
std::unique_ptr<OutboxStore> outbox_area(pg::Database& db) {
  return std::make_unique<Outbox<pg::Database>>(db);
}

}  // namespace luodi
