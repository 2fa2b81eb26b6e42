#include "model/input_names.h"

#include <string>

#include "catalogue/catalogue.h"
#include "luodi/project.h"

namespace luodi {

MessageArg input_field(std::string_view name) {
  const std::string id = "field_" + std::string(name);
  if (catalogue::entries().count(id))
    return arg("field", catalogue::text(id, Lang::kZh), std::string(name));
  if (const AttributeField* f = find_attribute(name))
    return arg("field", std::string(f->header_zh), std::string(name));
  return arg("field", std::string(name));
}

}  // namespace luodi
