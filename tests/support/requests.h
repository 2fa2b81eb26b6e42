// Test shorthand for building write requests (luodi/write.h).
#pragma once

#include <string>

#include "luodi/write.h"

namespace luodi {

// `r` naming project `code`.
template <typename R>
R at(std::string code, R r) {
  r.code = std::move(code);
  return r;
}

// `p` recorded by `by`.
inline NewProject added(NewProject p, std::string by) {
  p.by = std::move(by);
  return p;
}

// The move R recorded as `r` says.
template <typename R>
R as(const Recorded& r) {
  R out;
  static_cast<Recorded&>(out) = r;
  return out;
}

// A move that needs only "when, who, why", on `on` by "t".
template <typename R>
R moved(std::optional<Date> on, std::string note = "") {
  R r;
  r.on = on;
  r.by = "t";
  r.note = std::move(note);
  return r;
}

// Takes the plan away, recorded as `r` says.
inline PlanRequest cleared_plan(const Recorded& r = {}) {
  PlanRequest p = as<PlanRequest>(r);
  p.clear = true;
  return p;
}

// Closes instruction `id`, recorded as `r` says.
inline InstructionDoneRequest instruction_done(std::int64_t id, const Recorded& r) {
  InstructionDoneRequest d = as<InstructionDoneRequest>(r);
  d.instruction = id;
  return d;
}

}  // namespace luodi
