// The fields of a write request as they arrive from either face: the CLI's
// flags and positionals (text), or an HTTP request's path and JSON body
// (typed). One set of readers turns them into values, with one wording of
// every mistake, so `luodi advance` and `POST …/advance` say the same thing.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "luodi/date.h"
#include "luodi/status.h"

namespace luodi::commands {

class Params {
 public:
  explicit Params(boost::json::object fields) : fields_(std::move(fields)) {}

  // Present, null or not (null: "no value", which clears an attribute).
  bool given(std::string_view name) const { return fields_.contains(name); }
  const boost::json::object& fields() const { return fields_; }

  // Each reader: nullopt when the field is absent, null or empty text;
  // BadInput naming the field ('name') when its value cannot be read.
  Result<std::optional<std::string>> text(std::string_view name) const;
  // A non-negative amount: a number, or text such as "12,000".
  Result<std::optional<double>> amount(std::string_view name) const;
  // A date: "2026-03-01", "2026/3/1", "2026年3月1日".
  Result<std::optional<Date>> date(std::string_view name) const;
  // A positive whole number (an id), or its text.
  Result<std::optional<std::int64_t>> id(std::string_view name) const;
  // true/false, or yes|no, 是/否 as text.
  Result<std::optional<bool>> yes_no(std::string_view name) const;
  // An object of text values ({"permit": "…"}).
  Result<std::map<std::string, std::string>> map(std::string_view name) const;

  // The same, for a field that must be there: BadInput "'to' is required".
  Result<std::string> required_text(std::string_view name) const;
  Result<double> required_amount(std::string_view name) const;
  Result<Date> required_date(std::string_view name) const;
  Result<std::int64_t> required_id(std::string_view name) const;

 private:
  const boost::json::value* find(std::string_view name) const;
  boost::json::object fields_;
};

// 'name': how every message names a field.
std::string quoted(std::string_view name);
Status required(std::string_view name);

}  // namespace luodi::commands
