// The catalogue's tables, one per subject; catalogue.cc joins them into one
// lookup (an id in two tables is a defect, caught by catalogue_test).
#pragma once

#include <utility>
#include <vector>

#include "catalogue/catalogue.h"

namespace luodi::catalogue {

using Table = std::vector<std::pair<std::string_view, Words>>;

const Table& report_table();   // the report's and the export's labels (labels.cc)
const Table& message_table();  // reasons, statuses, event kinds, roles, errors (messages.cc)
const Table& page_table();     // the dashboard's words (page.cc)

}  // namespace luodi::catalogue
