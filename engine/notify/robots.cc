#include "notify/robots.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <boost/json.hpp>

#include "common/json_text.h"
#include "common/url.h"

namespace luodi {

namespace json = boost::json;

namespace {

std::string base64_hmac_sha256(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  std::string out(4 * ((length + 2) / 3), '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), mac, static_cast<int>(length));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::string line_markdown(const RobotLine& l) {
  std::string out = "- **" + l.code + " " + l.name + "**（" + l.unit + "）" + l.stage;
  if (!l.light.empty()) out += " · " + l.light;
  if (l.due) out += " · 应于 " + l.due->str();
  if (l.days_overdue > 0) out += " · 逾期 " + std::to_string(l.days_overdue) + " 天";
  if (!l.link.empty()) out += " · [查看](" + l.link + ")";
  return out;
}

// A robot's own code in its answer: errcode (DingTalk, WeCom), code or
// StatusCode (Feishu); none when the body is not such JSON.
struct RobotAnswer {
  std::optional<std::int64_t> code;
  std::string message;
};

RobotAnswer answer_of(std::string_view body) {
  RobotAnswer out;
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return out;
  const json::object& o = v.get_object();
  for (const char* name : {"errcode", "code", "StatusCode"}) {
    const json::value* c = o.if_contains(name);
    if (c && c->is_int64()) {
      out.code = c->get_int64();
      break;
    }
    if (c && c->is_uint64()) {
      out.code = static_cast<std::int64_t>(c->get_uint64());
      break;
    }
  }
  for (const char* name : {"errmsg", "msg", "StatusMessage"})
    if (const json::value* m = o.if_contains(name); m && m->is_string()) {
      out.message = std::string(m->get_string());
      break;
    }
  return out;
}

// The title with its part's number, "逾期 (1/3)".
std::string part_title(const RobotMessage& m) {
  if (m.parts < 2) return m.title;
  return m.title + " (" + std::to_string(m.part) + "/" + std::to_string(m.parts) + ")";
}

// The longest prefix of `s` of at most `n` bytes that ends between UTF-8 characters.
std::size_t utf8_prefix(std::string_view s, std::size_t n) {
  if (n >= s.size()) return s.size();
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

bool mentions_any(std::string_view text, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (text.find(w) != std::string_view::npos) return true;
  return false;
}

}  // namespace

bool is_robot_format(std::string_view format) {
  return format == "dingtalk" || format == "wecom" || format == "feishu";
}

int default_robot_rate(std::string_view format) { return is_robot_format(format) ? 19 : 0; }

std::chrono::milliseconds robot_throttle_pause(std::string_view format) {
  if (format == "dingtalk") return std::chrono::minutes(10);
  return std::chrono::seconds(60);  // WeCom, Feishu: their minute
}

std::optional<std::chrono::milliseconds> parse_robot_duration(std::string_view text) {
  auto strip = [&](std::string_view suffix) {
    if (text.size() <= suffix.size() || text.substr(text.size() - suffix.size()) != suffix)
      return false;
    text.remove_suffix(suffix.size());
    return true;
  };
  std::int64_t scale = 1000;  // a bare number: seconds
  if (strip("ms"))
    scale = 1;
  else if (strip("min") || strip("m"))
    scale = 60000;
  else
    strip("s");
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  auto digits = [](std::string_view d) {
    return d.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (whole.empty() || whole.size() > 8 || !digits(whole) || fraction.size() > 3 ||
      !digits(fraction) || (dot != std::string_view::npos && fraction.empty()))
    return std::nullopt;
  std::int64_t thousandths = std::stoll(std::string(whole)) * 1000;
  for (std::size_t i = 0; i < 3; ++i)
    thousandths += (i < fraction.size() ? fraction[i] - '0' : 0) * (i == 0 ? 100 : i == 1 ? 10 : 1);
  const std::int64_t ms = thousandths * scale / 1000;
  if (ms < 1000 || ms > 24 * 3600 * 1000) return std::nullopt;
  return std::chrono::milliseconds(ms);
}

std::optional<int> parse_robot_rate(std::string_view text) {
  if (text.size() > 4 && text.substr(text.size() - 4) == "/min") text.remove_suffix(4);
  if (text.empty() || text.size() > 3 ||
      text.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  const int n = std::stoi(std::string(text));
  if (n < 1 || n > 600) return std::nullopt;
  return n;
}

std::string robot_settings_problem(const Contact& c) {
  if (c.format != "json" && !is_robot_format(c.format))
    return "format '" + c.format + "' is not json, dingtalk, wecom or feishu";
  if (!c.secret.empty() && c.format != "dingtalk" && c.format != "feishu")
    return "a secret signs the calls of DingTalk and Feishu robots (format dingtalk or feishu), "
           "not " +
           c.format;
  if (!c.mentions.empty() && c.format != "dingtalk" && c.format != "wecom")
    return "--at mentions a mobile on DingTalk and WeCom robots (format dingtalk or wecom), not " +
           c.format;
  for (const auto& m : c.mentions)
    if (m.empty() || m.size() > 20 || m.find_first_not_of("+0123456789-") != std::string::npos)
      return "'" + m + "' is not a mobile number to mention";
  if (c.secret.size() > 200 || c.secret.find_first_of("\r\n") != std::string::npos)
    return "a robot's secret is one line of at most 200 characters";
  if (c.rate_per_min < 0 || c.rate_per_min > 600) return "a robot's rate is 1 to 600 a minute";
  if (c.rate_window_ms != 0 && (c.rate_window_ms < 1000 || c.rate_window_ms > 24 * 3600 * 1000))
    return "a robot's window is 1 s to 24 h";
  if (c.throttle_pause_ms != 0 &&
      (c.throttle_pause_ms < 1000 || c.throttle_pause_ms > 24 * 3600 * 1000))
    return "a robot's throttle pause is 1 s to 24 h";
  return "";
}

std::string robot_title(std::string_view text) {
  std::string title;
  constexpr std::string_view open = "【", close = "】";
  while (text.substr(0, open.size()) == open) {
    const auto end = text.find(close);
    if (end == std::string_view::npos) break;
    if (!title.empty()) title += " · ";
    title += text.substr(open.size(), end - open.size());
    text.remove_prefix(end + close.size());
  }
  return title.empty() ? "落地提醒" : title;
}

std::string robot_markdown(const RobotMessage& m) {
  std::string out = "### " + part_title(m) + "\n";
  for (const auto& t : m.texts) out += "\n" + t + "\n";
  if (!m.lines.empty()) out += "\n";
  for (const auto& l : m.lines) out += line_markdown(l) + "\n";
  return out;
}

std::string bundle_key(std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  std::string text;
  for (const auto& r : rows) text += r + "\n";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "bundle-";
  for (unsigned int i = 0; i < 16 && i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

std::string dingtalk_signature(const std::string& secret, std::int64_t timestamp_ms) {
  return base64_hmac_sha256(secret, std::to_string(timestamp_ms) + "\n" + secret);
}

std::string feishu_signature(const std::string& secret, std::int64_t timestamp_s) {
  return base64_hmac_sha256(std::to_string(timestamp_s) + "\n" + secret, "");
}

RobotCall robot_call(const Contact& robot, const std::string& url, const RobotMessage& m,
                     Timestamp now) {
  const std::int64_t seconds = now.time_since_epoch().count();
  std::string text = robot_markdown(m);
  RobotCall call{url, ""};
  if (robot.format == "dingtalk") {
    json::array mobiles;
    if (!robot.mentions.empty()) text += "\n";
    for (const auto& mobile : robot.mentions) {
      text += "@" + mobile + " ";
      mobiles.emplace_back(mobile);
    }
    call.body = to_json_text(json::object{{"msgtype", "markdown"},
                                          {"markdown", {{"title", part_title(m)}, {"text", text}}},
                                          {"at", {{"atMobiles", mobiles}, {"isAtAll", false}}}},
                             false);
    if (!robot.secret.empty()) {
      const std::int64_t ms = seconds * 1000;
      call.url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("timestamp=") +
                  std::to_string(ms) + "&sign=" + url_encode(dingtalk_signature(robot.secret, ms));
    }
  } else if (robot.format == "wecom") {
    if (robot.mentions.empty()) {
      call.body = to_json_text(
          json::object{{"msgtype", "markdown"}, {"markdown", {{"content", text}}}}, false);
    } else {  // WeCom mentions by mobile only in a text message
      json::array mobiles;
      for (const auto& mobile : robot.mentions) mobiles.emplace_back(mobile);
      call.body = to_json_text(
          json::object{{"msgtype", "text"},
                       {"text", {{"content", text}, {"mentioned_mobile_list", mobiles}}}},
          false);
    }
  } else {  // feishu: a card with a markdown element
    json::object body{
        {"msg_type", "interactive"},
        {"card",
         {{"header", {{"title", {{"tag", "plain_text"}, {"content", part_title(m)}}}}},
          {"elements", json::array{json::object{{"tag", "markdown"}, {"content", text}}}}}}};
    if (!robot.secret.empty()) {
      body["timestamp"] = std::to_string(seconds);
      body["sign"] = feishu_signature(robot.secret, seconds);
    }
    call.body = to_json_text(body, false);
  }
  return call;
}

bool robot_message_fits(const Contact& robot, const RobotMessage& m) {
  if (robot.format == "wecom")
    return robot_markdown(m).size() <=
           (robot.mentions.empty() ? kWeComMarkdownLimit : kWeComTextLimit);
  if (robot.format != "dingtalk" && robot.format != "feishu") return true;
  // Measured as sent: the JSON body, with a signature's time at its longest.
  const RobotCall call = robot_call(robot, "", m, Timestamp{std::chrono::seconds(9999999999)});
  return call.body.size() <= (robot.format == "dingtalk" ? kDingTalkBodyLimit : kFeishuBodyLimit);
}

std::vector<RobotMessage> robot_parts(const Contact& robot, const RobotMessage& m) {
  RobotMessage whole = m;
  whole.part = whole.parts = 0;
  if (robot_message_fits(robot, whole)) return {whole};
  // Parts are measured with the longest number they may carry.
  RobotMessage empty;
  empty.title = m.title;
  empty.part = empty.parts = 999;
  auto fits = [&](const RobotMessage& part) { return robot_message_fits(robot, part); };
  // A reminder's words or a project's line is the unit; one too long for a
  // message alone becomes words cut between characters.
  struct Item {
    std::optional<RobotLine> line;
    std::string text;
  };
  std::vector<Item> items;
  auto add_text = [&](std::string_view text) {
    while (!text.empty()) {
      RobotMessage probe = empty;
      probe.texts = {std::string(text)};
      if (fits(probe)) {
        items.push_back({std::nullopt, std::string(text)});
        return;
      }
      std::size_t lo = 0, hi = text.size();  // the longest prefix that fits: in [lo, hi)
      while (hi - lo > 1) {
        const std::size_t mid = (lo + hi) / 2;
        probe.texts = {std::string(text.substr(0, utf8_prefix(text, mid)))};
        (fits(probe) ? lo : hi) = mid;
      }
      std::size_t cut = utf8_prefix(text, lo);
      if (cut == 0) {  // not even one character fits beside the title: one goes anyway
        cut = 1;
        while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
      }
      items.push_back({std::nullopt, std::string(text.substr(0, cut))});
      text.remove_prefix(cut);
    }
  };
  for (const auto& t : m.texts) add_text(t);
  for (const auto& l : m.lines) {
    RobotMessage probe = empty;
    probe.lines = {l};
    if (fits(probe))
      items.push_back({l, ""});
    else
      add_text(line_markdown(l));
  }
  std::vector<RobotMessage> parts;
  RobotMessage current = empty;
  bool open = false;
  for (const auto& item : items) {
    RobotMessage next = current;
    if (item.line)
      next.lines.push_back(*item.line);
    else
      next.texts.push_back(item.text);
    if (open && !fits(next)) {
      parts.push_back(std::move(current));
      current = empty;
      next = current;
      if (item.line)
        next.lines.push_back(*item.line);
      else
        next.texts.push_back(item.text);
    }
    current = std::move(next);
    open = true;
  }
  if (open) parts.push_back(std::move(current));
  for (std::size_t i = 0; i < parts.size(); ++i) {
    parts[i].part = static_cast<int>(i + 1);
    parts[i].parts = static_cast<int>(parts.size());
  }
  return parts;
}

RobotVerdict robot_verdict(std::string_view format, unsigned http_status, std::string_view body) {
  RobotVerdict v;
  const bool ok_status = http_status >= 200 && http_status < 300;
  const std::string words(body.substr(0, 300));
  if (!ok_status) {
    v.error = "HTTP " + std::to_string(http_status) + " " + words;
    v.permanent = http_status == 404 || http_status == 410;  // no such receiver
    return v;
  }
  if (!is_robot_format(format)) {
    v.accepted = true;
    return v;
  }
  const RobotAnswer a = answer_of(body);
  if (!a.code) {
    v.error = "the robot's answer has no code: " + words;
    return v;
  }
  if (*a.code == 0) {
    v.accepted = true;
    return v;
  }
  v.error = std::string(format) + " robot refused (" + std::to_string(*a.code) +
            "): " + (a.message.empty() ? words : a.message);
  const std::string& m = a.message;
  switch (*a.code) {
    case 310000:  // DingTalk: the signature or its time; else a keyword or an address it refuses
      v.signature_refused = mentions_any(m, {"sign", "timestamp", "签名", "时间戳"});
      v.permanent = !v.signature_refused;
      break;
    case 19021:  // Feishu: the signature or its time
      v.signature_refused = true;
      break;
    case 130101:  // DingTalk: send too fast (then silent for 10 minutes)
    case 45009:   // WeCom: api freq out of limit
    case 11232:   // Feishu: frequency limited
      v.throttled = true;
      break;
    case 300001:  // DingTalk: token is not exist
    case 300005:  // DingTalk: token is not exist (another form)
    case 93000:   // WeCom: invalid webhook url (the key)
    case 19001:   // Feishu: param invalid (the hook's token)
    case 19024:   // Feishu: key words not found
    case 19022:   // Feishu: ip not allowed
      v.permanent = true;
      break;
    default:  // the rest: try again later
      break;
  }
  return v;
}

}  // namespace luodi
