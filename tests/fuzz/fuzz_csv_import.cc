// libFuzzer target: the project import (CSV bytes, any encoding) on an engine
// over a scratch database, as a dry run (adds or updates): every row checked,
// nothing written.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "fuzz_engine.h"
#include "importer/project_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  luodi::Engine& engine = luodi::fuzz::scratch_engine();
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  // Half the inputs as updates of the scratch projects (A1, B2, C3).
  luodi::ImportOptions options;
  options.dry_run = true;
  options.update = size > 0 && (data[0] & 1);
  (void)luodi::import_projects(engine, bytes, "fuzz.csv", "fuzz", options);
  return 0;
}
