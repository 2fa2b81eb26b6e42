// What an event did, in words: the timeline's line, with its amounts and its
// old → new values (rendered in the reader's language by the catalogue).
#pragma once

#include "luodi/message.h"
#include "luodi/project.h"
#include "luodi/workflow.h"

namespace luodi::views {

Message event_message(const Workflow& wf, const Event& e);

}  // namespace luodi::views
