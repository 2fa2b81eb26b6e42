#include "cli/parse_args.h"

#include <algorithm>
#include <cstdlib>

namespace luodi::cli {

namespace {

const Command* find_command(const std::vector<Command>& commands, const std::string& name) {
  for (const auto& c : commands)
    if (c.name == name) return &c;
  return nullptr;
}

const Flag* find_flag(const Command& c, const std::string& name) {
  for (const auto& f : c.flags)
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace

Result<ParsedArgs> parse_args(const std::vector<std::string>& argv,
                              const std::vector<Command>& commands) {
  ParsedArgs out;
  std::optional<std::string> now_text;
  if (const char* db = std::getenv("LUODI_DB"); db && *db) out.db_path = db;
  if (const char* now = std::getenv("LUODI_NOW"); now && *now) now_text = now;
  std::vector<std::pair<std::string, std::optional<std::string>>> flags;  // in order
  std::vector<std::string> words;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-h" || a == "--help") {
      flags.emplace_back("help", std::nullopt);
      continue;
    }
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      std::string name = a.substr(2);
      std::optional<std::string> value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      if (name == "db" || name == "now") {
        if (!value) {
          if (i + 1 >= argv.size()) return Status::BadInput("--" + name + " needs a value");
          value = argv[++i];
        }
        if (name == "db") {
          out.db_path = *value;
        } else {
          now_text = *value;
        }
        continue;
      }
      // Whether the flag takes a value depends on the command, known only once
      // the verb is found: keep its place among the words and resolve below.
      flags.emplace_back(name, value);
      words.push_back("\x01" + std::to_string(flags.size() - 1));
      continue;
    }
    words.push_back(a);
  }
  if (out.db_path.empty()) out.db_path = "luodi.db";
  if (now_text) {
    out.now = parse_local(*now_text);
    if (!out.now) return Status::BadInput("--now '" + *now_text + "' is not YYYY-MM-DD[THH:MM]");
  }

  // The verb is the first plain word.
  size_t verb_at = 0;
  while (verb_at < words.size() && words[verb_at][0] == '\x01') ++verb_at;
  const bool want_help = std::any_of(flags.begin(), flags.end(),
                                     [](const auto& f) { return f.first == "help"; });
  if (verb_at == words.size()) {
    out.command = find_command(commands, "help");
    return out;
  }
  out.command = find_command(commands, words[verb_at]);
  if (!out.command) return Status::BadInput("unknown command '" + words[verb_at] + "' (see 'luodi help')");
  if (want_help) {
    out.args = {out.command->name};
    out.command = find_command(commands, "help");
    return out;
  }
  const Command& cmd = *out.command;
  for (size_t w = 0; w < words.size(); ++w) {
    if (w == verb_at) continue;
    if (words[w][0] != '\x01') {
      out.args.push_back(words[w]);
      continue;
    }
    auto& [name, value] = flags[std::stoul(words[w].substr(1))];
    const Flag* f = find_flag(cmd, name);
    if (!f) return Status::BadInput("'" + cmd.name + "' has no option --" + name + "; usage: luodi " + cmd.usage);
    if (f->takes_value && !value) {
      if (w + 1 >= words.size() || words[w + 1][0] == '\x01')
        return Status::BadInput("--" + name + " needs a value; usage: luodi " + cmd.usage);
      value = words[++w];
    }
    if (!f->takes_value && value) return Status::BadInput("--" + name + " takes no value");
    if (!f->repeatable && out.options.count(name))
      return Status::BadInput("--" + name + " given twice");
    out.options.emplace(name, value.value_or(""));
  }
  if (out.args.size() < cmd.min_args || out.args.size() > cmd.max_args)
    return Status::BadInput("usage: luodi " + cmd.usage);
  return out;
}

}  // namespace luodi::cli
