#include "common/status_table.h"

namespace luodi {

const std::vector<StatusMapping>& status_table() {
  static const std::vector<StatusMapping> table = {
      {ErrorCode::kOk, 0, 200, "ok"},
      {ErrorCode::kBadInput, 2, 400, "bad_input"},
      {ErrorCode::kNotFound, 2, 404, "not_found"},
      {ErrorCode::kRefused, 3, 409, "refused"},
      {ErrorCode::kConflict, 2, 409, "conflict"},
      {ErrorCode::kForbidden, 3, 403, "forbidden"},
      {ErrorCode::kInternal, 1, 500, "internal"},
  };
  return table;
}

const StatusMapping& status_mapping(ErrorCode code) {
  for (const auto& m : status_table())
    if (m.code == code) return m;
  return status_table().back();  // kInternal
}

int exit_code(const Status& s) { return status_mapping(s.code()).exit_code; }

}  // namespace luodi
