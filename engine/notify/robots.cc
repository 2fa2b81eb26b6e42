#include "notify/robots.h"

#include <boost/json.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "common/json_text.h"
#include "common/url.h"

namespace luodi {

namespace json = boost::json;

namespace {

std::string base64_hmac_sha256(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &length);
  std::string out(4 * ((length + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), mac, static_cast<int>(length));
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

bool mentions_any(std::string_view text, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (text.find(w) != std::string_view::npos) return true;
  return false;
}

}  // namespace

bool is_robot_format(std::string_view format) {
  return format == "dingtalk" || format == "wecom" || format == "feishu";
}

int default_robot_rate(std::string_view format) { return is_robot_format(format) ? 20 : 0; }

std::optional<int> parse_robot_rate(std::string_view text) {
  if (text.size() > 4 && text.substr(text.size() - 4) == "/min") text.remove_suffix(4);
  if (text.empty() || text.size() > 3 || text.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  const int n = std::stoi(std::string(text));
  if (n < 1 || n > 600) return std::nullopt;
  return n;
}

std::string robot_settings_problem(const Contact& c) {
  if (c.format != "json" && !is_robot_format(c.format))
    return "format '" + c.format + "' is not json, dingtalk, wecom or feishu";
  if (!c.secret.empty() && c.format != "dingtalk" && c.format != "feishu")
    return "a secret signs the calls of DingTalk and Feishu robots (format dingtalk or feishu), not " + c.format;
  if (!c.mentions.empty() && c.format != "dingtalk" && c.format != "wecom")
    return "--at mentions a mobile on DingTalk and WeCom robots (format dingtalk or wecom), not " + c.format;
  for (const auto& m : c.mentions)
    if (m.empty() || m.size() > 20 || m.find_first_not_of("+0123456789-") != std::string::npos)
      return "'" + m + "' is not a mobile number to mention";
  if (c.secret.size() > 200 || c.secret.find_first_of("\r\n") != std::string::npos)
    return "a robot's secret is one line of at most 200 characters";
  if (c.rate_per_min < 0 || c.rate_per_min > 600) return "a robot's rate is 1 to 600 a minute";
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
  std::string out = "### " + m.title + "\n";
  for (const auto& t : m.texts) out += "\n" + t + "\n";
  if (!m.lines.empty()) out += "\n";
  for (const auto& l : m.lines) out += line_markdown(l) + "\n";
  return out;
}

std::string dingtalk_signature(const std::string& secret, std::int64_t timestamp_ms) {
  return base64_hmac_sha256(secret, std::to_string(timestamp_ms) + "\n" + secret);
}

std::string feishu_signature(const std::string& secret, std::int64_t timestamp_s) {
  return base64_hmac_sha256(std::to_string(timestamp_s) + "\n" + secret, "");
}

RobotCall robot_call(const Contact& robot, const std::string& url, const RobotMessage& m, Timestamp now) {
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
                                          {"markdown", {{"title", m.title}, {"text", text}}},
                                          {"at", {{"atMobiles", mobiles}, {"isAtAll", false}}}},
                             false);
    if (!robot.secret.empty()) {
      const std::int64_t ms = seconds * 1000;
      call.url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("timestamp=") + std::to_string(ms) +
                  "&sign=" + url_encode(dingtalk_signature(robot.secret, ms));
    }
  } else if (robot.format == "wecom") {
    if (robot.mentions.empty()) {
      call.body = to_json_text(json::object{{"msgtype", "markdown"}, {"markdown", {{"content", text}}}}, false);
    } else {  // WeCom mentions by mobile only in a text message
      json::array mobiles;
      for (const auto& mobile : robot.mentions) mobiles.emplace_back(mobile);
      call.body = to_json_text(
          json::object{{"msgtype", "text"}, {"text", {{"content", text}, {"mentioned_mobile_list", mobiles}}}}, false);
    }
  } else {  // feishu: a card with a markdown element
    json::object body{{"msg_type", "interactive"},
                      {"card",
                       {{"header", {{"title", {{"tag", "plain_text"}, {"content", m.title}}}}},
                        {"elements", json::array{json::object{{"tag", "markdown"}, {"content", text}}}}}}};
    if (!robot.secret.empty()) {
      body["timestamp"] = std::to_string(seconds);
      body["sign"] = feishu_signature(robot.secret, seconds);
    }
    call.body = to_json_text(body, false);
  }
  return call;
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
  v.error = std::string(format) + " robot refused (" + std::to_string(*a.code) + "): " +
            (a.message.empty() ? words : a.message);
  const std::string& m = a.message;
  switch (*a.code) {
    case 310000:  // DingTalk: the signature or its time; else a keyword or an address it refuses
      v.signature_refused = mentions_any(m, {"sign", "timestamp", "签名", "时间戳"});
      v.permanent = !v.signature_refused;
      break;
    case 19021:  // Feishu: the signature or its time
      v.signature_refused = true;
      break;
    case 300001:  // DingTalk: token is not exist
    case 300005:  // DingTalk: token is not exist (another form)
    case 93000:   // WeCom: invalid webhook url (the key)
    case 19001:   // Feishu: param invalid (the hook's token)
    case 19024:   // Feishu: key words not found
    case 19022:   // Feishu: ip not allowed
      v.permanent = true;
      break;
    default:  // too many messages (130101, 45009, 9499, 11232) and the rest: try again later
      break;
  }
  return v;
}

}  // namespace luodi
