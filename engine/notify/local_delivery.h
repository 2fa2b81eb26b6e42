// Delivery through the channels a process can reach by itself: its stdout (or
// log), and files (one JSON line per notification, with its key so readers
// can drop repeats).
#pragma once

#include <ostream>

#include "luodi/engine.h"

namespace luodi {

class LocalDelivery final : public Delivery {
 public:
  LocalDelivery(std::ostream& out, bool print_stdout) : out_(out), print_stdout_(print_stdout) {}
  bool handles(const std::string& channel) const override;
  Status deliver(const Notification& n) override;

 private:
  std::ostream& out_;
  bool print_stdout_;
};

}  // namespace luodi
