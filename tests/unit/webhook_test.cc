// Webhook URLs: what a contact's channel may name, and where a call goes.
#include <gtest/gtest.h>

#include "luodi/notify.h"

namespace luodi {
namespace {

TEST(WebhookUrl, HttpAndHttpsWithTheirPortsPathsAndQueries) {
  auto dingtalk = parse_webhook_url("https://oapi.dingtalk.com/robot/send?access_token=abc");
  ASSERT_TRUE(dingtalk);
  EXPECT_TRUE(dingtalk->tls);
  EXPECT_EQ(dingtalk->host, "oapi.dingtalk.com");
  EXPECT_EQ(dingtalk->port, "443");
  EXPECT_EQ(dingtalk->target, "/robot/send?access_token=abc");

  auto local = parse_webhook_url("http://127.0.0.1:8081/hook");
  ASSERT_TRUE(local);
  EXPECT_FALSE(local->tls);
  EXPECT_EQ(local->host, "127.0.0.1");
  EXPECT_EQ(local->port, "8081");
  EXPECT_EQ(local->target, "/hook");

  auto bare = parse_webhook_url("https://example.cn?key=1#frag");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->target, "/?key=1");
  EXPECT_EQ(parse_webhook_url("http://example.cn")->target, "/");

  auto v6 = parse_webhook_url("https://[::1]:8443/x");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, "8443");
}

TEST(WebhookUrl, AnythingElseIsRefused) {
  for (const char* url : {"ftp://example.cn/x", "example.cn/x", "https://", "https:///x", "http://host:/x",
                          "http://host:0/x", "http://host:65536/x", "http://host:8a/x", "http://user:pw@host/x",
                          "http://::1/x", "http://host/a b", "http://host/a\nb"})
    EXPECT_FALSE(parse_webhook_url(url)) << url;
}

}  // namespace
}  // namespace luodi
