// The inputs an error may be about (a write's field, a flag's value), named
// for the reader.
#pragma once

#include <optional>
#include <string_view>

#include "luodi/date.h"
#include "luodi/message.h"

namespace luodi {

// The argument `field` naming the input `name`: in Chinese its catalogue
// words (field_NAME), else an attribute's spreadsheet header, else the name;
// in English the name itself (the API error's `field`).
MessageArg input_field(std::string_view name);

// The land ledger's refusal: more quota secured than the project needs.
Message land_over(double secured_mu, double need_mu);

// A cumulative figure (`field`) lower than the one before it (reported on
// `before_on`, or the one on record): both named.
Message cumulative_lowered(std::string_view field, double before, std::optional<Date> before_on,
                           double after);

}  // namespace luodi
