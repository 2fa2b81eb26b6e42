// The problems of an import, each one line in both languages: plain ones
// ("FILE:SHEET!B12: unit is empty", the same in both) and catalogued ones.
// Together one bad-input status: its message() is the English lines, its
// text(Lang::kZh) the Chinese.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "catalogue/catalogue.h"
#include "luodi/status.h"

namespace luodi {

// A place in both languages: "Sheet1!C4 (merged C3:C5)" / "Sheet1!C4（合并单元格 C3:C5）".
struct Where {
  std::string zh, en;
};

class Problems {
 public:
  void add(const Where& where, const std::string& plain) {
    lines_.push_back({where.zh + ": " + plain, where.en + ": " + plain});
  }
  void add(const Where& where, const Message& m) {
    lines_.push_back({where.zh + "：" + catalogue::render(m, Lang::kZh),
                      where.en + ": " + catalogue::render(m, Lang::kEn)});
  }
  // A whole line (its place in it).
  void add_line(const std::string& plain) { lines_.push_back({plain, plain}); }
  size_t size() const { return lines_.size(); }
  bool empty() const { return lines_.empty(); }

  // All lines as one status (Ok when there are none); `tail` ends them.
  Status status(const std::string& tail = "") const {
    if (lines_.empty()) return Status::Ok();
    std::string zh, en;
    bool bilingual = false;
    for (const auto& [z, e] : lines_) {
      zh += (zh.empty() ? "" : "\n") + z;
      en += (en.empty() ? "" : "\n") + e;
      bilingual = bilingual || z != e;
    }
    if (!tail.empty()) zh += "\n" + tail, en += "\n" + tail;
    if (!bilingual) return Status::BadInput(en);
    return Status::BadInput(Message("import_problems", {arg("problems", zh, en)}));
  }

 private:
  std::vector<std::pair<std::string, std::string>> lines_;  // (zh, en)
};

}  // namespace luodi
