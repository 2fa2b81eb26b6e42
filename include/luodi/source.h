// A YAML document as luodi reads it: its text and the name its errors are
// reported under (file:line:col).
#pragma once

#include <string>

namespace luodi {

// A YAML document and the name to report its errors under.
struct Source {
  std::string text;
  std::string name;
};

}  // namespace luodi
