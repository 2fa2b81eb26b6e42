#include "notify/messages.h"

namespace luodi {

std::string reminder_message(const Workflow& wf, const ProjectState& p, const Reminder& r,
                             const std::optional<Deadline>& d, bool catch_up, Date today) {
  const std::string who = p.code + " " + p.attributes.name + "（" + p.attributes.unit + "）";
  const std::string target = d ? wf.stages[d->stage].label.zh : "";
  std::string text;
  if (r.rule.rfind("instruction-", 0) == 0) {
    std::string what;
    for (const auto& b : p.blockers)
      for (const auto& in : b.instructions)
        if (r.rule.rfind("instruction-" + std::to_string(in.id) + "-", 0) == 0)
          what = "“" + in.text + "”（" + in.by + " 批示）";
    const int left = r.due - today;
    text = "【批示落实】" + who + " " + what +
           (left > 0 ? " 须于 " + r.due.str() + " 前落实，还剩 " + std::to_string(left) + " 天。"
            : left == 0
                ? " 今日到期。"
                : " 已逾期 " + std::to_string(-left) + " 天（应于 " + r.due.str() + " 落实）。");
  } else if (r.rule == "stale") {
    text = "【久未更新】" + who + " 自 " + r.due.str() + " 起无进展记录，请及时报送。";
  } else if (r.rule.rfind("before-", 0) == 0) {
    text = "【到期提醒】" + who + " 须于 " + r.due.str() + " 前达到“" + target + "”，还剩 " +
           std::to_string(r.due - today) + " 天。";
  } else if (r.rule == "due") {
    text = "【今日到期】" + who + " 今日（" + r.due.str() + "）须达到“" + target + "”。";
  } else {
    const std::string late = "已逾期 " + std::to_string(today - r.due) + " 天（应于 " +
                             r.due.str() + " 达到“" + target + "”）";
    if (r.role == Role::kLeader) {
      text = "【督办·报联系领导】" + who + " " + late + "，请领导协调推进。";
    } else if (r.role == Role::kSupervisor) {
      text = "【督办】" + who + " " + late + "，请督查跟进。";
    } else {
      text = "【逾期】" + who + " " + late + "。";
    }
  }
  return catch_up ? "【补发】" + text : text;
}

}  // namespace luodi
