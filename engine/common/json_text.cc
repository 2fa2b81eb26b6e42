#include "common/json_text.h"

#include "common/json_writer.h"

namespace luodi {

std::string to_json_text(const boost::json::value& v, bool pretty) {
  return to_json_text(v, pretty, 0);
}

std::string to_json_text(const boost::json::value& v, bool pretty, int depth) {
  std::string out;
  JsonWriter(out, pretty, depth).value(v);
  return out;
}

}  // namespace luodi
