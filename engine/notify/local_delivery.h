// Delivery through the channels a process can reach by itself: its stdout (or
// log), and files (one JSON line per notification, with its key so readers
// can drop repeats).
#pragma once

#include <functional>
#include <ostream>

#include "luodi/notify.h"

namespace luodi {

// The HTML report as of a date: what a digest delivered to a file leaves beside it.
using ReportHtml = std::function<Result<std::string>(Date)>;

class LocalDelivery final : public Delivery {
 public:
  LocalDelivery(std::ostream& out, bool print_stdout, ReportHtml report_html = nullptr)
      : out_(out), print_stdout_(print_stdout), report_html_(std::move(report_html)) {}
  bool handles(const std::string& channel) const override;
  Status deliver(const Notification& n) override;

 private:
  std::ostream& out_;
  bool print_stdout_;
  ReportHtml report_html_;
};

}  // namespace luodi
