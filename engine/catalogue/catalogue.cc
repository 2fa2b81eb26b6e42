#include "catalogue/catalogue.h"

#include "catalogue/tables.h"

namespace luodi::catalogue {

namespace {

std::string fill(std::string s, const std::vector<MessageArg>& args, Lang lang) {
  for (const MessageArg& a : args) {
    const std::string key = "{" + a.name + "}";
    const std::string& value = lang == Lang::kEn ? a.en : a.zh;
    for (auto at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size()))
      s.replace(at, key.size(), value);
  }
  return s;
}

bool ends_with_colon(const std::string& s) {
  return (!s.empty() && s.back() == ':') ||
         (s.size() >= 3 && s.compare(s.size() - 3, 3, "：") == 0);
}

}  // namespace

const std::map<std::string_view, Words>& entries() {
  static const std::map<std::string_view, Words> all = [] {
    std::map<std::string_view, Words> m;
    for (const Table* t : {&report_table(), &message_table(), &page_table()})
      for (const auto& [id, w] : *t) m.emplace(id, w);
    return m;
  }();
  return all;
}

std::string text(std::string_view id, Lang lang) {
  const auto& all = entries();
  auto it = all.find(id);
  if (it == all.end()) return std::string(id);
  return lang == Lang::kEn ? it->second.en : it->second.zh;
}

std::string text(std::string_view id, Lang lang, const std::vector<MessageArg>& args) {
  return fill(text(id, lang), args, lang);
}

std::string render(const Message& m, Lang lang) { return text(m.id, lang, m.args); }

std::string render_list(const Messages& ms, Lang lang) {
  std::string out;
  for (const Message& m : ms)
    out += (out.empty() ? "" : lang == Lang::kEn ? ", " : "、") + render(m, lang);
  return out;
}

std::string render(const Messages& ms, Lang lang) {
  std::string out;
  for (const Message& m : ms) {
    if (m.empty()) continue;
    if (!out.empty() && !ends_with_colon(out))
      out += lang == Lang::kEn ? "; " : "；";
    else if (!out.empty() && lang == Lang::kEn)
      out += " ";
    out += render(m, lang);
  }
  return out;
}

}  // namespace luodi::catalogue
