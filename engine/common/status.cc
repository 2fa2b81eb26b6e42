#include "luodi/status.h"

namespace luodi {

int exit_code(const Status& s) {
  switch (s.code()) {
    case ErrorCode::kOk: return 0;
    case ErrorCode::kBadInput:
    case ErrorCode::kNotFound:
    case ErrorCode::kConflict: return 2;
    case ErrorCode::kRefused:
    case ErrorCode::kForbidden: return 3;
    case ErrorCode::kInternal: return 1;
  }
  return 1;
}

}  // namespace luodi
