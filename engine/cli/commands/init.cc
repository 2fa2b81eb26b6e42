#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "cli/command.h"
#include "cli/output.h"

namespace luodi::cli {

namespace {

Result<Source> read_source(const std::string& path) {
  LUODI_ASSIGN_OR_RETURN(std::string text, read_input_file(path));
  return Source{std::move(text), path};
}

}  // namespace

Status create_city(Invocation& inv, const std::string& city, const std::string& name) {
  const std::string dir = workflows_dir();
  LUODI_ASSIGN_OR_RETURN(Source wf,
                         read_source(inv.get("workflow").value_or(dir + "/key-project.yaml")));
  LUODI_ASSIGN_OR_RETURN(Source cal,
                         read_source(inv.get("calendar").value_or(dir + "/calendars/cn.yaml")));
  // Collect the campaigns first: a bad file must not leave a half-made database.
  std::vector<Source> campaigns;
  const std::filesystem::path campaign_dir = inv.get("campaigns").value_or(dir + "/campaigns");
  if (std::filesystem::is_directory(campaign_dir)) {
    std::vector<std::filesystem::path> files;
    for (const auto& f : std::filesystem::directory_iterator(campaign_dir))
      if (f.path().extension() == ".yaml") files.push_back(f.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      LUODI_ASSIGN_OR_RETURN(Source c, read_source(f.string()));
      campaigns.push_back(std::move(c));
    }
  }
  LUODI_ASSIGN_OR_RETURN(auto engine, Engine::create(inv.db_path, wf, cal, inv.clock, city, name));
  for (const auto& c : campaigns) {
    Status s = engine->add_campaign(c);
    if (!s.ok()) {  // a bad campaign: nothing of the city is left
      if (std::string(engine->store_kind()) == "sqlite") {
        engine.reset();
        for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(inv.db_path + ext);
      } else if (Status dropped = engine->discard_city(); !dropped.ok()) {
        return Status::Internal(s.message() + " (and the half-made city could not be dropped: " +
                                dropped.message() + ")");
      }
      return s;
    }
  }
  const auto& w = engine->workflow();
  inv.out << "created " << (city.empty() ? inv.db_path : "city " + city) << " with workflow "
          << w.id << " v" << w.version << " (" << w.stages.size() << " stages), calendar "
          << engine->calendar().id;
  for (const auto& c : engine->campaigns()) inv.out << ", campaign " << c.id;
  inv.out << "\n";
  return Status::Ok();
}

namespace {

// The city is named at once with --name (else it shows by its id until
// `luodi city rename`).
Status run(Invocation& inv) {
  const auto name = inv.get("name");
  if (name && name->empty()) return Status::BadInput(Message("error_city_name_blank"));
  return create_city(inv, inv.city, name.value_or(""));
}

}  // namespace

Command init_command() {
  return {"init",
          "init [--name N] [--workflow FILE] [--calendar FILE] [--campaigns DIR]",
          "create the database with a workflow, a working-day calendar and the campaigns found; "
          "--name: what people call the city",
          {{"name"}, {"workflow"}, {"calendar"}, {"campaigns"}},
          0,
          0,
          run};
}

}  // namespace luodi::cli
