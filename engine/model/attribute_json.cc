#include "model/attribute_json.h"

#include <boost/json.hpp>

namespace luodi {

boost::json::value attribute_json(const ProjectAttributes& a, const AttributeField& f) {
  if (f.text) return boost::json::value(a.*f.text);
  return a.*f.amount ? boost::json::value(*(a.*f.amount)) : boost::json::value(nullptr);
}

boost::json::object changes_json(const AttributeChanges& c) {
  boost::json::object o;
  for (const auto& name : c.fields)
    if (const AttributeField* f = find_attribute(name))
      o[name] = boost::json::object{{"from", attribute_json(c.from, *f)},
                                    {"to", attribute_json(c.to, *f)}};
  return o;
}

}  // namespace luodi
