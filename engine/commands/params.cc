#include "commands/params.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "common/json_text.h"
#include "importer/field_values.h"
#include "model/input_names.h"

namespace luodi::commands {

namespace json = boost::json;

namespace {

// A value as a message shows it: text as typed, anything else as JSON.
std::string shown(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : to_json_text(v, false);
}

// `zh`, `en`: what the value must be, in each language.
Status unreadable(std::string_view name, const char* zh, const char* en, const json::value& v) {
  return Status::BadInput(
      Message("error_unreadable", {input_field(name), arg("what", zh, en), arg("got", shown(v))}));
}

bool empty_text(const json::value& v) {
  return v.is_string() && field::trim(v.as_string()).empty();
}

}  // namespace

std::string quoted(std::string_view name) { return "'" + std::string(name) + "'"; }

Status required(std::string_view name) {
  return Status::BadInput(Message("error_required", {input_field(name)}));
}

const json::value* Params::find(std::string_view name) const {
  auto it = fields_.find(name);
  if (it == fields_.end() || it->value().is_null() || empty_text(it->value())) return nullptr;
  return &it->value();
}

Result<std::optional<std::string>> Params::text(std::string_view name) const {
  const json::value* v = find(name);
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) return unreadable(name, "文字", "text", *v);
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<std::optional<double>> Params::amount(std::string_view name) const {
  const json::value* v = find(name);
  if (!v) return std::optional<double>();
  std::optional<double> amount;
  if (v->is_number()) {
    const double d = v->to_number<double>();
    if (std::isfinite(d) && d >= 0) amount = d;
  } else if (v->is_string()) {
    amount = field::amount(v->as_string());
  }
  if (!amount) return unreadable(name, "不小于 0 的数", "a non-negative number", *v);
  return amount;
}

Result<std::optional<Date>> Params::date(std::string_view name) const {
  const json::value* v = find(name);
  if (!v) return std::optional<Date>();
  std::optional<Date> d;
  if (v->is_string()) d = field::date(v->as_string());
  if (!d) return unreadable(name, "1900-01-01 至 2200-12-31 之间的日期（年-月-日）", kDateForm, *v);
  return d;
}

Result<std::optional<std::int64_t>> Params::id(std::string_view name) const {
  const json::value* v = find(name);
  if (!v) return std::optional<std::int64_t>();
  std::int64_t id = 0;
  if (v->is_int64()) {
    id = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    id = static_cast<std::int64_t>(v->as_uint64());
  } else if (v->is_string()) {
    const std::string text = field::trim(v->as_string());
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size()) id = 0;
  }
  if (id <= 0) return unreadable(name, "正整数", "a positive whole number", *v);
  return std::optional<std::int64_t>(id);
}

Result<std::optional<bool>> Params::yes_no(std::string_view name) const {
  const json::value* v = find(name);
  if (!v) return std::optional<bool>();
  std::optional<bool> b;
  if (v->is_bool()) b = v->as_bool();
  if (v->is_string()) b = field::yes_no(v->as_string());
  if (!b) return unreadable(name, "是或否", "yes or no", *v);
  return b;
}

Result<std::map<std::string, std::string>> Params::map(std::string_view name) const {
  std::map<std::string, std::string> out;
  const json::value* v = find(name);
  if (!v) return out;
  if (!v->is_object()) return unreadable(name, "“键: 文字”的对象", "an object of KEY: text", *v);
  for (const auto& kv : v->as_object()) {
    if (kv.key().empty()) return Status::BadInput(quoted(name) + " has an empty key");
    if (!kv.value().is_string())
      return Status::BadInput(quoted(name) + ": " + quoted(kv.key()) + " must be text (got " +
                              shown(kv.value()) + ")");
    out[std::string(kv.key())] = std::string(kv.value().as_string());
  }
  return out;
}

namespace {

template <typename T>
Result<T> present(Result<std::optional<T>> r, std::string_view name) {
  if (!r.ok()) return r.status();
  if (!*r) return required(name);
  return **r;
}

}  // namespace

Result<std::string> Params::required_text(std::string_view name) const {
  return present(text(name), name);
}
Result<double> Params::required_amount(std::string_view name) const {
  return present(amount(name), name);
}
Result<Date> Params::required_date(std::string_view name) const {
  return present(date(name), name);
}
Result<std::int64_t> Params::required_id(std::string_view name) const {
  return present(id(name), name);
}

}  // namespace luodi::commands
