// The dashboard's words (its headings, buttons, field names), served to the
// page at GET /api/catalogue.
#include "catalogue/tables.h"

namespace luodi::catalogue {

const Table& page_table() {
  static const Table w = {};
  return w;
}

}  // namespace luodi::catalogue
