// A project attribute's value, and a change of attributes, as JSON: the one
// form the store keeps in an update event and every face shows (history,
// import previews, the API).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "luodi/project.h"

namespace luodi {

// Its text, its amount, or null for an amount not given.
boost::json::value attribute_json(const ProjectAttributes& a, const AttributeField& f);
// A change of attributes as {field: {from, to}}, in the order of c.fields.
boost::json::object changes_json(const AttributeChanges& c);

}  // namespace luodi
