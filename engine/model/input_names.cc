#include "model/input_names.h"

#include <string>

#include "catalogue/catalogue.h"
#include "common/number_text.h"
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

Message land_over(double secured_mu, double need_mu) {
  return Message("error_land_over",
                 {arg("secured", number_text(secured_mu)), arg("need", number_text(need_mu)),
                  input_field("land_secured_mu")});
}

Message cumulative_lowered(std::string_view field, double before, std::optional<Date> before_on,
                           double after) {
  std::vector<MessageArg> args = {input_field(field), arg("before", number_text(before)),
                                  arg("after", number_text(after))};
  if (!before_on) return Message("error_cumulative_lowered", std::move(args));
  args.push_back(arg("before_on", before_on->str()));
  return Message("error_cumulative_lowered_on", std::move(args));
}

}  // namespace luodi
