// A user-visible message as data: an id in the catalogue and its arguments.
// Pure logic (lights, refusals) says what it means with these; the views
// render them in the reader's language (catalogue::render), so a reason is
// never English text that a Chinese page has to show.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace luodi {

// One argument: a value written the same in both languages (a date, a
// number), or a word with its two forms (a blocker category's label).
struct MessageArg {
  std::string name;
  std::string zh;
  std::string en;
  bool operator==(const MessageArg&) const = default;
};

struct Message {
  std::string id;
  std::vector<MessageArg> args;

  Message() = default;
  explicit Message(std::string message_id, std::vector<MessageArg> message_args = {})
      : id(std::move(message_id)), args(std::move(message_args)) {}
  bool empty() const { return id.empty(); }
  bool operator==(const Message&) const = default;
};

// A value that reads the same in Chinese and English.
inline MessageArg arg(std::string name, std::string value) {
  return {std::move(name), value, value};
}
// A word with its two forms.
inline MessageArg arg(std::string name, std::string zh, std::string en) {
  return {std::move(name), std::move(zh), std::move(en)};
}

// Several messages read as one ("overdue by 3 days; investment 12.00 points
// behind schedule"): the light's reason, joined by "；" / "; ".
using Messages = std::vector<Message>;

}  // namespace luodi
