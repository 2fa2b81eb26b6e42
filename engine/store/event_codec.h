// How an event's kind-specific parts are kept in text columns (JSON), shared
// by every store backend so they read each other's data.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "luodi/project.h"
#include "luodi/status.h"

namespace luodi::codec {

std::string encode_evidence(const Event& e);
std::string encode_data(const Event& e);
// Fills e.evidence and the kind-specific fields of e from the two texts.
// The amounts of `e` as they read back once stored (a figure typed as
// 195.92000000000002 reads back as 195.92): what a write applies to the row,
// so that the row and the answer are the replay's.
void as_stored(Event& e);
Status decode(Event& e, const std::string& evidence_json, const std::string& data_json);

}  // namespace luodi::codec
