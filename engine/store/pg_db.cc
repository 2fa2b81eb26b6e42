#include "store/pg_db.h"

#include <charconv>
#include <cstdlib>
#include <utility>

namespace luodi::pg {

std::string dollar_placeholders(std::string_view sql, std::vector<bool>* used) {
  std::string out;
  out.reserve(sql.size() + 16);
  used->clear();
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      int n = 0;
      std::size_t j = i + 1;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
      // A plain `?` is one more than the largest number given so far (SQLite's rule).
      if (j == i + 1) n = static_cast<int>(used->size()) + 1;
      i = j - 1;
      if (static_cast<int>(used->size()) < n) used->resize(n);
      (*used)[n - 1] = true;
      out += '$' + std::to_string(n);
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

// A failed result as a Status: a unique violation is a Conflict, anything
// else Internal, with the server's message.
Status error_of(const PGresult* r, PGconn* conn) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = r ? PQresultErrorMessage(r) : "";
  if (message.empty()) message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (state && std::string_view(state) == "23505")
    return Status::Conflict("postgresql: " + message);
  return Status::Internal("postgresql: " + message);
}

}  // namespace

Database::~Database() {
  if (streaming_) {  // a statement outliving its connection reads nothing more
    streaming_->streaming_ = false;
    streaming_->db_ = nullptr;
  }
  PQfinish(conn_);
}

Status Database::open(const std::string& uri) {
  conn_ = PQconnectdb(uri.c_str());
  if (!conn_) return Status::Internal("postgresql: out of memory connecting");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return Status::Internal("cannot connect to PostgreSQL: " + message);
  }
  // Notices ("schema … exists, skipping") are not for the user's terminal.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  return exec("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
}

Status Database::exec(std::string_view sql) {
  release();
  ResultPtr r(PQexec(conn_, std::string(sql).c_str()));
  const auto st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::Ok();
  return error_of(r.get(), conn_);
}

Result<std::string> Database::prepared(const std::string& sql, const std::vector<bool>& used) {
  if (auto it = prepared_.find(sql); it != prepared_.end()) return it->second;
  std::string name = "luodi_" + std::to_string(prepared_.size() + 1);
  constexpr Oid kText = 25, kInferred = 0;
  std::vector<Oid> types;
  for (bool u : used) types.push_back(u ? kInferred : kText);
  ResultPtr r(
      PQprepare(conn_, name.c_str(), sql.c_str(), static_cast<int>(types.size()), types.data()));
  if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) return error_of(r.get(), conn_);
  prepared_.emplace(sql, name);
  return name;
}

std::string Database::identifier(std::string_view name) {
  char* quoted = PQescapeIdentifier(conn_, name.data(), name.size());
  std::string out = quoted ? quoted : "\"\"";
  PQfreemem(quoted);
  return out;
}

Statement::Statement(Database* db, std::string_view sql) : db_(db) {
  sql_ = dollar_placeholders(sql, &used_);
  param_count_ = static_cast<int>(used_.size());
  params_.resize(param_count_);
}

Statement& Statement::bind(int i, std::string_view v) {
  if (i >= 1 && i <= param_count_) params_[i - 1] = std::string(v);
  return *this;
}
Statement& Statement::bind(int i, std::int64_t v) {
  return bind(i, std::string_view(std::to_string(v)));
}
Statement& Statement::bind(int i, double v) {
  char buf[32];
  auto [end, ec] =
      std::to_chars(buf, buf + sizeof buf, v);  // the shortest text that reads back exactly
  return bind(i, std::string_view(buf, ec == std::errc() ? end - buf : 0));
}
Statement& Statement::bind(int i, const std::optional<double>& v) {
  return v ? bind(i, *v) : bind_null(i);
}
Statement& Statement::bind_null(int i) {
  if (i >= 1 && i <= param_count_) params_[i - 1].reset();
  return *this;
}

Statement::~Statement() { reset(); }

Statement::Statement(Statement&& other) noexcept { move_from(other); }

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    reset();
    move_from(other);
  }
  return *this;
}

void Statement::move_from(Statement& other) noexcept {
  db_ = std::exchange(other.db_, nullptr);
  sql_ = std::move(other.sql_);
  param_count_ = std::exchange(other.param_count_, 0);
  used_ = std::move(other.used_);
  params_ = std::move(other.params_);
  result_ = std::move(other.result_);
  row_ = std::exchange(other.row_, -1);
  kept_ = std::move(other.kept_);
  one_at_a_time_ = other.one_at_a_time_;
  streaming_ = std::exchange(other.streaming_, false);
  status_ = std::move(other.status_);
  error_ = std::move(other.error_);
  ran_ = std::exchange(other.ran_, false);
  if (streaming_ && db_) db_->streaming_ = this;
}

void Statement::execute() {
  ran_ = true;
  db_->release();
  auto name = db_->prepared(sql_, used_);
  if (name.ok()) {
    std::vector<const char*> values;
    values.reserve(params_.size());
    for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
    if (!one_at_a_time_) {  // the whole result now
      ResultPtr r(PQexecPrepared(db_->handle(), name->c_str(), param_count_, values.data(), nullptr,
                                 nullptr, 0));
      const auto st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
      if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        const char* n = PQcmdTuples(r.get());
        db_->changes_ = n && *n ? static_cast<int>(std::strtol(n, nullptr, 10)) : 0;
        result_ = std::move(r);
        return;
      }
      status_ = error_of(r.get(), db_->handle());
    } else if (PQsendQueryPrepared(db_->handle(), name->c_str(), param_count_, values.data(),
                                   nullptr, nullptr, 0)) {
      PQsetSingleRowMode(db_->handle());
      streaming_ = true;
      db_->streaming_ = this;
      return;
    } else {
      status_ = error_of(nullptr, db_->handle());
    }
  } else {
    status_ = name.status();
  }
  // Without the prefix: finish() and done() add it, as for SQLite.
  error_ = status_.message().substr(std::string_view(kErrorPrefix).size());
}

ResultPtr Statement::take() {
  if (!kept_.empty()) {
    ResultPtr r = std::move(kept_.front());
    kept_.pop_front();
    return r;
  }
  return next_from_connection();
}

ResultPtr Statement::next_from_connection() {
  if (!streaming_) return nullptr;
  ResultPtr r(PQgetResult(db_->handle()));
  if (!r) {
    streaming_ = false;
    if (db_->streaming_ == this) db_->streaming_ = nullptr;
  }
  return r;
}

void Statement::keep_rest() {
  while (ResultPtr r = next_from_connection()) kept_.push_back(std::move(r));
}

void Statement::drop_rest() {
  while (next_from_connection()) {
  }
  kept_.clear();
}

bool Statement::step() {
  if (!ran_) execute();
  if (result_ && row_ + 1 < PQntuples(result_.get())) {
    ++row_;
    return true;
  }
  result_.reset();
  row_ = -1;
  while (ResultPtr r = take()) {
    switch (PQresultStatus(r.get())) {
      case PGRES_SINGLE_TUPLE:
        result_ = std::move(r);
        row_ = 0;
        return true;
      case PGRES_TUPLES_OK:
      case PGRES_COMMAND_OK: {  // the end of the rows, with the command's count
        const char* n = PQcmdTuples(r.get());
        db_->changes_ = n && *n ? static_cast<int>(std::strtol(n, nullptr, 10)) : 0;
        break;
      }
      default:  // an error (the results go on to their end)
        if (status_.ok()) {
          status_ = error_of(r.get(), db_->handle());
          error_ = status_.message().substr(std::string_view(kErrorPrefix).size());
        }
    }
  }
  return false;
}

Status Statement::run() {
  while (step()) {
  }
  Status s = status_;
  reset();
  return s;
}

Status Statement::done() {
  drop_rest();  // an error may come after the rows read
  Status s = status_;
  reset();
  return s;
}

void Statement::reset() {
  if (db_) drop_rest();
  kept_.clear();
  result_.reset();
  row_ = -1;
  status_ = Status::Ok();
  error_.clear();
  ran_ = false;
  for (auto& p : params_) p.reset();
}

void Database::release() {
  if (streaming_) streaming_->keep_rest();
}

std::string Statement::text(int col) const {
  return std::string(PQgetvalue(result_.get(), row_, col), PQgetlength(result_.get(), row_, col));
}

std::int64_t Statement::integer(int col) const {
  const char* v = PQgetvalue(result_.get(), row_, col);
  if (*v == 't') return 1;  // a boolean
  if (*v == 'f') return 0;
  return std::strtoll(v, nullptr, 10);
}

ColumnValue Statement::value(int col) const {
  if (is_null(col)) return std::monostate{};
  constexpr Oid kInt8 = 20, kInt4 = 23, kFloat8 = 701, kNumeric = 1700;
  switch (PQftype(result_.get(), col)) {
    case kInt8:
    case kInt4:
      return integer(col);
    case kFloat8:
    case kNumeric:
      return *real(col);
    default:
      return text(col);
  }
}

std::optional<double> Statement::real(int col) const {
  if (is_null(col)) return std::nullopt;
  return std::strtod(PQgetvalue(result_.get(), row_, col), nullptr);
}

}  // namespace luodi::pg
