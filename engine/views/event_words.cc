#include "views/event_words.h"

#include "catalogue/catalogue.h"
#include "common/number_text.h"

namespace luodi::views {

namespace {

MessageArg stage_arg(const Workflow& wf, const std::string& name, const std::string& id) {
  for (const StageDef& s : wf.stages)
    if (s.id == id) return arg(name, s.label.zh, s.id);
  return arg(name, id);
}

// An attribute's value before or after: its text, its amount, or 空.
MessageArg value_arg(const std::string& name, const AttributeField& f, const ProjectAttributes& a) {
  if (f.text && !(a.*f.text).empty()) return arg(name, a.*f.text);
  if (f.amount && (a.*f.amount)) return arg(name, number_text(*(a.*f.amount)));
  return arg(name, catalogue::text("empty_value", Lang::kZh),
             catalogue::text("empty_value", Lang::kEn));
}

// "已落实用地指标（亩） 0 → 10；…" / "land secured 0 → 10; …", in both languages.
MessageArg changes_arg(const AttributeChanges& c) {
  MessageArg out{"changes", "", ""};
  for (const std::string& name : c.fields) {
    const AttributeField* f = find_attribute(name);
    if (!f) continue;
    const Message change("event_change",
                         {arg("field", std::string(f->header_zh),
                              std::string(f->show_label.empty() ? f->name : f->show_label)),
                          value_arg("from", *f, c.from), value_arg("to", *f, c.to)});
    out.zh += (out.zh.empty() ? "" : "；") + catalogue::render(change, Lang::kZh);
    out.en += (out.en.empty() ? "" : "; ") + catalogue::render(change, Lang::kEn);
  }
  return out;
}

const BlockerCategory* category_of(const Workflow& wf, const Event& e) {
  return e.blocker ? wf.find_category(e.blocker->category) : nullptr;
}

MessageArg category_arg(const Workflow& wf, const Event& e) {
  if (const BlockerCategory* c = category_of(wf, e)) return arg("category", c->label.zh, c->id);
  return arg("category", e.blocker ? e.blocker->category : e.from);
}

Message plain_event_message(const Workflow& wf, const Event& e);

}  // namespace

// A correction reads as one in the timeline: "更正：…".
Message event_message(const Workflow& wf, const Event& e) {
  Message m = plain_event_message(wf, e);
  if (!e.correction) return m;
  return Message("event_corrected",
                 {arg("what", catalogue::render(m, Lang::kZh), catalogue::render(m, Lang::kEn))});
}

namespace {

Message plain_event_message(const Workflow& wf, const Event& e) {
  switch (e.kind) {
    case EventKind::kCreated:
      return Message("event_created", {stage_arg(wf, "stage", e.to)});
    case EventKind::kAdvanced:
      return Message("event_advanced", {stage_arg(wf, "from", e.from), stage_arg(wf, "to", e.to)});
    case EventKind::kBlocked:
      return Message("event_blocked",
                     {category_arg(wf, e), arg("reason", e.blocker ? e.blocker->reason : e.note)});
    case EventKind::kUnblocked:
      return Message("event_unblocked", {category_arg(wf, e)});
    case EventKind::kCancelled:
      return Message("event_cancelled");
    case EventKind::kDropped:
      return Message("event_dropped");
    case EventKind::kReinstated:
      return Message("event_reinstated");
    case EventKind::kPromoted:
      return Message("event_promoted");
    case EventKind::kPlanned:
      return Message("event_planned",
                     {arg("due", e.due ? e.due->str() : std::string()), stage_arg(wf, "to", e.to)});
    case EventKind::kPlanCleared:
      return Message("event_plan_cleared");
    case EventKind::kInstructed: {
      const std::string assignee = e.instruction ? e.instruction->assignee : std::string();
      const std::string text = e.instruction ? e.instruction->text : e.note;
      if (e.due)
        return Message("event_instructed_due",
                       {arg("assignee", assignee), arg("due", e.due->str()), arg("text", text)});
      return Message("event_instructed", {arg("assignee", assignee), arg("text", text)});
    }
    case EventKind::kInvested: {
      if (!e.progress) return Message("event_invested", {arg("fixed", "")});
      const MessageArg fixed = arg("fixed", number_text(e.progress->fixed_asset_wan));
      if (e.progress->foreign_arrived_usd_wan)
        return Message("event_invested_foreign",
                       {fixed, arg("foreign", number_text(*e.progress->foreign_arrived_usd_wan))});
      return Message("event_invested", {fixed});
    }
    case EventKind::kInstructionDone:
      return Message("event_instruction_done", {arg("note", e.note)});
    case EventKind::kUpdated:
      return Message("event_updated",
                     {e.changes ? changes_arg(*e.changes) : MessageArg{"changes", "", ""}});
  }
  return Message(std::string(to_string(e.kind)));
}

}  // namespace

}  // namespace luodi::views
