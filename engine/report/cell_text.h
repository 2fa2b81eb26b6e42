// How a report cell reads as text: numbers as written (589200, 69.39).
#pragma once

#include <string>
#include <string_view>

#include "luodi/report.h"

namespace luodi::report_text {

std::string cell(const Cell& c);

// A text cell as a spreadsheet must show it: one that Excel or WPS would take
// for a formula (it begins with =, +, -, @, a tab or a carriage return) gets a
// leading apostrophe, which they show as text (the OWASP "CSV injection"
// rule); luodi's import takes the apostrophe off again.
std::string spreadsheet_text(const std::string& s);

// Text for a sink, handed over in pieces of about 64 KiB.
class Pieces {
 public:
  explicit Pieces(const TextSink& sink) : sink_(sink) {}
  Pieces& operator<<(std::string_view s);
  // Ok, or an error once the sink would take no more (its reader went away).
  Status status() const;
  // Hands over what is left.
  Status finish();

 private:
  void flush();
  const TextSink& sink_;
  std::string buf_;
  bool taken_ = true;
};

}  // namespace luodi::report_text
