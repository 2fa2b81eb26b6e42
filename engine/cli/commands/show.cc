#include <algorithm>
#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "luodi/project.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

namespace json = boost::json;

std::string text_of(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_double()) return amount_text(v.as_double());
  if (v.is_bool()) return v.as_bool() ? "yes" : "no";
  return "";
}

// How a deadline was met: on time, late (a deadline met late stays late), or
// not yet and already past due.
std::string late_text(const json::object& dl) {
  const std::string days = dl.contains("days_late") ? text_of(dl.at("days_late")) : "0";
  const bool late = dl.contains("late") && dl.at("late").as_bool();
  if (dl.at("met").as_bool())
    return late ? ", met late by " + days + " days on " + text_of(dl.at("met_on")) : ", met";
  return late ? ", late by " + days + " days" : "";
}

// The text face of the view model `--json` prints, so the two cannot differ.
void print_text(std::ostream& out, const json::object& o) {
  auto field = [&](const char* key) -> const json::value& {
    static const json::value null;
    auto it = o.find(key);
    return it == o.end() ? null : it->value();
  };
  auto line = [&](const char* label, const std::string& value) {
    if (!value.empty()) out << label << value << "\n";
  };
  auto amount = [&](const json::value& v, const char* unit) {
    return v.is_null() ? std::string() : text_of(v) + " " + unit;
  };
  out << text_of(field("code")) << "  " << text_of(field("name")) << "\n";
  line("  stage:        ", text_of(field("stage")) + " (" + text_of(field("stage_label").at("zh")) +
                               ") since " + text_of(field("stage_since")));
  line("  status:       ",
       text_of(field("status")) + (field("key").as_bool() ? "" : ", not on the key list"));
  for (const AttributeField& f : attribute_fields()) {
    if (f.show_label.empty()) continue;
    std::string label = "  " + std::string(f.show_label) + ":";
    label.resize(std::max<std::size_t>(label.size() + 1, 16), ' ');
    const json::value& v = field(std::string(f.name).c_str());
    line(label.c_str(), f.text ? text_of(v) : amount(v, std::string(f.show_unit).c_str()));
  }
  if (field("land_need_unknown").as_bool())
    line("  land need:    ", "unknown (quota secured, no need recorded)");
  if (const auto& p = field("progress"); p.is_object()) {
    line("  completed:    ",
         amount(p.at("fixed_asset_wan"), "万元 fixed assets") +
             (p.at("foreign_arrived_usd_wan").is_null()
                  ? ""
                  : ", " + amount(p.at("foreign_arrived_usd_wan"), "万美元 foreign arrived")) +
             " (reported " + text_of(p.at("on")) + ")");
  }
  if (!field("due").is_null()) {
    line("  due:          ",
         text_of(field("due")) + " to reach " + text_of(field("due_stage")) + " (" +
             text_of(field("due_source")) + "), " + text_of(field("days_left")) + " days left" +
             (field("provisional").as_bool() ? ", provisional" : "") +
             (field("escalation").is_null() ? "" : ", chased by " + text_of(field("escalation"))));
  }
  if (field("paused").as_bool())
    line("  paused:       ", "yes (a blocker that stops the clock is open)");
  for (const auto& d : field("deadlines").as_array()) {
    const auto& dl = d.as_object();
    std::string what = text_of(dl.at("source"));
    if (!dl.at("stage").is_null()) what += " " + text_of(dl.at("stage"));
    if (dl.contains("campaign")) what += " (" + text_of(dl.at("campaign")) + ")";
    if (dl.contains("instruction"))
      what += " " + text_of(dl.at("instruction")) + " → " + text_of(dl.at("assignee"));
    out << "  deadline:     " << text_of(dl.at("date"))
        << (dl.at("provisional").as_bool() ? "?" : "") << "  " << what << late_text(dl)
        << (dl.at("paused_days").as_int64()
                ? ", moved " + text_of(dl.at("paused_days")) + " paused days"
                : "")
        << "\n";
  }
  line(
      "  light:        ",
      text_of(field("light")) + " — " + text_of(field("light_reason")) +
          (field("light_since").is_null() ? "" : " (since " + text_of(field("light_since")) + ")"));
  for (const auto& bv : field("blockers").as_array()) {
    const auto& b = bv.as_object();
    out << "  blocker " << text_of(b.at("id")) << ": " << text_of(b.at("category")) << " since "
        << text_of(b.at("since")) << " — " << text_of(b.at("reason"))
        << (text_of(b.at("owner")).empty() ? "" : " (owner: " + text_of(b.at("owner")) + ")")
        << "\n";
    for (const auto& iv : b.at("instructions").as_array()) {
      const auto& in = iv.as_object();
      out << "    instruction " << text_of(in.at("id")) << " by " << text_of(in.at("by")) << " on "
          << text_of(in.at("on")) << ": " << text_of(in.at("text"))
          << (in.at("due").is_null() ? "" : ", due " + text_of(in.at("due")))
          << (in.at("done_on").is_null() ? "" : ", done " + text_of(in.at("done_on")))
          << (in.contains("late") && in.at("late").as_bool()
                  ? (in.at("done_on").is_null() ? ", overdue by " : ", late by ") +
                        text_of(in.at("days_late")) + " days"
                  : "")
          << "\n";
    }
  }
}

// The text face of the read `show` (--json prints its answer).
Status print(Invocation& inv, Engine& engine, const commands::ReadArgs& args) {
  LUODI_ASSIGN_OR_RETURN(json::value v, commands::read_command("show").answer(engine, args));
  print_text(inv.out, v.as_object());
  return Status::Ok();
}

}  // namespace

Command show_command() { return read_verb("show", print); }

}  // namespace luodi::cli
