// A Delivery that keeps what it is given, as a webhook receiver would.
#pragma once

#include <vector>

#include "luodi/engine.h"

namespace luodi::testing {

class RecordingDelivery : public Delivery {
 public:
  bool handles(const std::string&) const override { return true; }
  Status deliver(const Notification& n) override {
    delivered.push_back(n);
    return Status::Ok();
  }
  std::vector<Notification> delivered;
};

}  // namespace luodi::testing
