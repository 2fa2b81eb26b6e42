// Errors as values. Every engine boundary returns Status or Result<T>; library
// exceptions (yaml-cpp, SQLite, Boost) are caught at the edge and turned into
// one of these. One table (exit_code) maps them to process exit codes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "luodi/lang.h"
#include "luodi/message.h"

namespace luodi {

enum class ErrorCode {
  kOk = 0,
  kBadInput,   // usage, malformed file, unknown project/stage, missing evidence
  kNotFound,   // unknown project or object (a kind of bad input for the CLI)
  kRefused,    // the workflow refuses the move
  kConflict,   // already exists
  kForbidden,  // the user's role may not do this (HTTP 403)
  kInternal,   // storage or anything unexpected
};

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status BadInput(std::string m) { return {ErrorCode::kBadInput, std::move(m)}; }
  static Status NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
  static Status Refused(std::string m) { return {ErrorCode::kRefused, std::move(m)}; }
  static Status Conflict(std::string m) { return {ErrorCode::kConflict, std::move(m)}; }
  static Status Forbidden(std::string m) { return {ErrorCode::kForbidden, std::move(m)}; }
  static Status Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }
  // The same from a catalogued message: its words follow the reader's
  // language (text()); message() is its English form.
  static Status BadInput(Message m) { return {ErrorCode::kBadInput, std::move(m)}; }
  static Status NotFound(Message m) { return {ErrorCode::kNotFound, std::move(m)}; }
  static Status Refused(Message m) { return {ErrorCode::kRefused, std::move(m)}; }
  static Status Forbidden(Message m) { return {ErrorCode::kForbidden, std::move(m)}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The message in `lang`: a catalogued one in that language (after its
  // prefix), any other as written (engine/catalogue/status_text.cc).
  std::string text(Lang lang) const;
  // The catalogued message, if it is one (its `field` argument names the
  // input it is about, for a form to show the error beside it).
  const Message& words() const { return words_; }
  // The same error, its message led by `where` ("events[2]: …").
  Status prefixed(const std::string& where) const {
    Status s = *this;
    s.message_ = where + message_;
    s.prefix_ = where + prefix_;
    return s;
  }

 private:
  Status(ErrorCode c, std::string m) : code_(c), message_(std::move(m)) {}
  Status(ErrorCode c, Message m);
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  Message words_;       // empty: the message is plain text
  std::string prefix_;  // where, before the words ("events[2]: ")
};

// Process exit code for a status: 0 done, 2 bad input (not found, conflict),
// 3 refused (by the workflow, or forbidden to the user's role), 1 otherwise.
int exit_code(const Status& s);

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace luodi

// Early return on error. Use inside functions returning Status or Result<T>.
#define LUODI_RETURN_IF_ERROR(expr)      \
  do {                                   \
    ::luodi::Status luodi_s_ = (expr);   \
    if (!luodi_s_.ok()) return luodi_s_; \
  } while (0)

#define LUODI_CONCAT_INNER(a, b) a##b
#define LUODI_CONCAT(a, b) LUODI_CONCAT_INNER(a, b)
#define LUODI_ASSIGN_OR_RETURN(lhs, expr) \
  LUODI_ASSIGN_OR_RETURN_IMPL(LUODI_CONCAT(luodi_r_, __LINE__), lhs, expr)
#define LUODI_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
