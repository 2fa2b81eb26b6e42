#include "luodi/report.h"

namespace luodi {

Result<Report> report_of(Engine& engine, Date as_of, const std::string& targets_file,
                         const std::string& targets_dir, Lang lang) {
  LUODI_ASSIGN_OR_RETURN(auto targets, load_targets(targets_file, targets_dir, as_of.year()));
  LUODI_ASSIGN_OR_RETURN(Snapshot snap, engine.snapshot(as_of));
  return build_report(engine.workflow(), snap, targets, lang);
}

}  // namespace luodi
