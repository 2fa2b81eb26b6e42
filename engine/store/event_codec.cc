#include "store/event_codec.h"

#include <boost/json.hpp>

#include "model/attribute_json.h"

namespace luodi::codec {

namespace json = boost::json;

namespace {

void put_amount(json::object& o, std::string_view key, const std::optional<double>& v) {
  if (v) o[key] = *v;
}

std::optional<double> get_amount(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  return it->value().to_number<double>();
}

std::string get_text(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

void set_attribute(ProjectAttributes& a, const AttributeField& f, const json::value& v) {
  if (f.text) {
    a.*f.text = v.is_string() ? std::string(v.as_string()) : "";
  } else {
    a.*f.amount = v.is_number() ? std::optional<double>(v.to_number<double>()) : std::nullopt;
  }
}

}  // namespace

std::string encode_evidence(const Event& e) {
  if (e.evidence.empty()) return "{}";
  json::object o;
  for (const auto& [k, v] : e.evidence) o[k] = v;
  return json::serialize(o);
}

std::string encode_data(const Event& e) {
  if (e.kind != EventKind::kCreated && e.kind != EventKind::kBlocked &&
      e.kind != EventKind::kPlanned && e.kind != EventKind::kInstructed &&
      e.kind != EventKind::kInvested && e.kind != EventKind::kInstructionDone &&
      e.kind != EventKind::kUpdated)
    return "{}";
  json::object o;
  if (e.kind == EventKind::kCreated && e.attributes) {
    const auto& a = *e.attributes;
    for (const AttributeField& f : attribute_fields()) {
      if (f.text) {
        o[f.name] = a.*f.text;
      } else {
        put_amount(o, f.name, a.*f.amount);
      }
    }
    o["key"] = e.key;
  }
  if (e.kind == EventKind::kBlocked && e.blocker) {
    o["category"] = e.blocker->category;
    o["reason"] = e.blocker->reason;
    o["owner"] = e.blocker->owner;
  }
  if ((e.kind == EventKind::kPlanned || e.kind == EventKind::kInstructed) && e.due)
    o["due"] = e.due->str();
  if (e.kind == EventKind::kInstructionDone && e.instruction) o["id"] = e.instruction->id;
  if (e.kind == EventKind::kUpdated && e.changes) o["changes"] = luodi::changes_json(*e.changes);
  if (e.kind == EventKind::kInstructed && e.instruction) {
    o["id"] = e.instruction->id;
    o["text"] = e.instruction->text;
    o["assignee"] = e.instruction->assignee;
  }
  if (e.kind == EventKind::kInvested && e.progress) {
    o["fixed_asset_wan"] = e.progress->fixed_asset_wan;
    put_amount(o, "foreign_arrived_usd_wan", e.progress->foreign_arrived_usd_wan);
  }
  if (e.correction) o["correction"] = true;
  return json::serialize(o);
}

void as_stored(Event& e) {
  auto stored = [](std::optional<double>& v) {
    if (v) v = json::parse(json::serialize(json::value(*v))).to_number<double>();
  };
  if (e.kind == EventKind::kUpdated && e.changes)
    for (const AttributeField& f : attribute_fields())
      if (!f.text) stored(e.changes->to.*f.amount);
  if (e.kind == EventKind::kCreated && e.attributes)
    for (const AttributeField& f : attribute_fields())
      if (!f.text) stored((*e.attributes).*f.amount);
  if (e.kind == EventKind::kInvested && e.progress) {
    std::optional<double> fixed = e.progress->fixed_asset_wan;
    stored(fixed);
    e.progress->fixed_asset_wan = *fixed;
    stored(e.progress->foreign_arrived_usd_wan);
  }
}

Status decode(Event& e, const std::string& evidence_json, const std::string& data_json) {
  try {
    const json::value evidence = json::parse(evidence_json);
    for (const auto& [k, v] : evidence.as_object())
      e.evidence[std::string(k)] = std::string(v.as_string());
    const json::value parsed = json::parse(data_json);
    const json::object& data = parsed.as_object();
    if (e.kind == EventKind::kCreated) {
      ProjectAttributes a;
      for (const AttributeField& f : attribute_fields()) {
        if (f.text) {
          a.*f.text = get_text(data, f.name);
        } else {
          a.*f.amount = get_amount(data, f.name);
        }
      }
      e.attributes = a;
      auto key = data.find("key");
      e.key = key == data.end() || !key->value().is_bool() || key->value().as_bool();
    }
    if (e.kind == EventKind::kBlocked) {
      if (!e.blocker) e.blocker = Blocker{};
      e.blocker->category = get_text(data, "category");
      e.blocker->reason = get_text(data, "reason");
      e.blocker->owner = get_text(data, "owner");
      e.blocker->since = e.on;
    }
    if (e.kind == EventKind::kPlanned || e.kind == EventKind::kInstructed)
      e.due = Date::parse(get_text(data, "due"));
    if (e.kind == EventKind::kInstructed)
      e.instruction = Instruction{data.contains("id") ? data.at("id").to_number<std::int64_t>() : 0,
                                  get_text(data, "text"),
                                  get_text(data, "assignee"),
                                  e.due,
                                  e.on,
                                  e.actor,
                                  std::nullopt,
                                  ""};
    if (e.kind == EventKind::kInstructionDone) {
      e.instruction = Instruction{};
      e.instruction->id = data.contains("id") ? data.at("id").to_number<std::int64_t>() : 0;
    }
    if (e.kind == EventKind::kUpdated) {
      AttributeChanges c;
      if (auto it = data.find("changes"); it != data.end()) {
        for (const AttributeField& f : attribute_fields()) {  // in their order
          auto change = it->value().as_object().find(f.name);
          if (change == it->value().as_object().end()) continue;
          c.fields.emplace_back(f.name);
          set_attribute(c.from, f, change->value().as_object().at("from"));
          set_attribute(c.to, f, change->value().as_object().at("to"));
        }
      }
      e.changes = std::move(c);
    }
    if (e.kind == EventKind::kInvested)
      e.progress = Progress{e.on, get_amount(data, "fixed_asset_wan").value_or(0),
                            get_amount(data, "foreign_arrived_usd_wan")};
    if (auto it = data.find("correction"); it != data.end()) e.correction = it->value().as_bool();
  } catch (const std::exception& ex) {
    return Status::Internal("event " + std::to_string(e.seq) +
                            " has unreadable data: " + ex.what());
  }
  return Status::Ok();
}

}  // namespace luodi::codec
