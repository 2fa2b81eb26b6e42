#include "cli/parse_args.h"

#include <algorithm>
#include <cstdlib>

namespace luodi::cli {

namespace {

// One word of the command line: a plain word, or a flag with the value given
// as --flag=value (a value in the next word is taken once the command, and so
// whether the flag takes a value, is known).
struct Token {
  bool is_flag = false;
  std::string text;  // the word, or the flag's name without dashes
  std::optional<std::string> value;
};

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

Token tokenize(const std::string& word) {
  if (word == "-h") return {true, "help", std::nullopt};
  if (word == "-o") return {true, "output", std::nullopt};
  if (word.size() <= 2 || word.compare(0, 2, "--") != 0) return {false, word, std::nullopt};
  std::string name = word.substr(2);
  if (auto eq = name.find('='); eq != std::string::npos)
    return {true, name.substr(0, eq), name.substr(eq + 1)};
  return {true, name, std::nullopt};
}

}  // namespace

Result<ParsedArgs> parse_args(const std::vector<std::string>& argv,
                              const std::vector<Command>& commands) {
  ParsedArgs out;
  if (const char* db = std::getenv("LUODI_DB"); db && *db) out.db_path = db;
  if (const char* city = std::getenv("LUODI_CITY"); city && *city) out.city = city;
  std::optional<std::string> now_text, lang_text;
  if (const char* lang = std::getenv("LUODI_LANG"); lang && *lang) lang_text = lang;
  if (const char* now = std::getenv("LUODI_NOW"); now && *now) now_text = now;

  std::vector<Token> tokens;
  for (const auto& word : argv) tokens.push_back(tokenize(word));

  // Global options first, wherever they stand; then the verb: the first plain word.
  std::vector<Token> rest;
  bool want_help = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    Token& t = tokens[i];
    if (t.is_flag && (t.text == "db" || t.text == "now" || t.text == "city" || t.text == "lang")) {
      if (!t.value) {
        if (i + 1 >= tokens.size()) return Status::BadInput("--" + t.text + " needs a value");
        t.value = argv[++i];
      }
      (t.text == "db"     ? out.db_path
       : t.text == "city" ? out.city
       : t.text == "lang" ? lang_text.emplace()
                          : now_text.emplace()) = *t.value;
      continue;
    }
    if (t.is_flag && t.text == "version") {
      out.version = true;
      continue;
    }
    if (t.is_flag && t.text == "help") {
      want_help = true;
      continue;
    }
    rest.push_back(std::move(t));
  }
  if (out.db_path.empty()) out.db_path = "luodi.db";
  if (lang_text) {
    const auto lang = parse_lang(*lang_text);
    if (!lang) return Status::BadInput("--lang must be zh or en, not '" + *lang_text + "'");
    out.lang = *lang;
  }
  if (!out.city.empty()) LUODI_RETURN_IF_ERROR(check_city_id(out.city));
  if (out.version) return out;
  if (now_text) {
    out.now = parse_local(*now_text);
    if (!out.now)
      return Status::BadInput("--now '" + *now_text + "' is not YYYY-MM-DD[THH:MM] (" + kDateForm +
                              ")");
  }

  auto verb = std::find_if(rest.begin(), rest.end(), [](const Token& t) { return !t.is_flag; });
  if (verb == rest.end()) {
    out.command = find_command(commands, "help");
    return out;
  }
  out.command = find_command(commands, verb->text);
  if (!out.command)
    return Status::BadInput("unknown command '" + verb->text + "' (see 'luodi help')");
  if (want_help) {
    out.args = {out.command->name};
    out.command = find_command(commands, "help");
    return out;
  }
  const Command& cmd = *out.command;
  const std::string usage = "; usage: luodi " + cmd.usage;
  rest.erase(verb);
  for (size_t i = 0; i < rest.size(); ++i) {
    Token& t = rest[i];
    if (!t.is_flag) {
      out.args.push_back(t.text);
      continue;
    }
    const Flag* f = find_flag(cmd, t.text);
    if (!f) return Status::BadInput("'" + cmd.name + "' has no option --" + t.text + usage);
    if (f->takes_value && !t.value) {
      if (i + 1 >= rest.size() || rest[i + 1].is_flag)
        return Status::BadInput("--" + t.text + " needs a value" + usage);
      t.value = rest[++i].text;
    }
    if (!f->takes_value && t.value) return Status::BadInput("--" + t.text + " takes no value");
    if (!f->repeatable && out.options.count(t.text))
      return Status::BadInput("--" + t.text + " given twice");
    out.options.emplace(t.text, t.value.value_or(""));
  }
  if (out.args.size() < cmd.min_args || out.args.size() > cmd.max_args)
    return Status::BadInput("usage: luodi " + cmd.usage);
  return out;
}

}  // namespace luodi::cli
