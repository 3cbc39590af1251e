// Configuration: environment defaults, key checks, http policy, redaction.
#include <gtest/gtest.h>

#include <map>

#include "config.hpp"
#include "fake_env.hpp"
#include "log.hpp"

using namespace devin::core;

namespace {
EnvFn env(std::map<std::string, std::string> vars) {
  return test_support::fake_env(std::move(vars));
}
}  // namespace

TEST(Config, ReadsTheEnvironment) {
  ClientOptions o;
  auto c = resolve_config(o, env({{"DEVIN_API_KEY", "cog_abc"},
                                  {"DEVIN_ORG_ID", "org-1"},
                                  {"DEVIN_BASE_URL", "http://127.0.0.1:9/"}}));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->api_key, "cog_abc");
  EXPECT_EQ(c->org_id, "org-1");
  EXPECT_EQ(c->base.text, "http://127.0.0.1:9");
  EXPECT_EQ(c->max_retries, 2);
  EXPECT_DOUBLE_EQ(c->timeout, kDefaultTimeout);
  EXPECT_NE(c->user_agent.find("libdevin/"), std::string::npos);
}

TEST(Config, OptionsWinOverTheEnvironment) {
  ClientOptions o;
  o.api_key = "cog_explicit";
  o.base_url = "https://example.test";
  o.max_retries = 0;
  auto c = resolve_config(o, env({{"DEVIN_API_KEY", "cog_env"}}));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->api_key, "cog_explicit");
  EXPECT_EQ(c->max_retries, 0);
  EXPECT_EQ(c->base.text, "https://example.test");
}

TEST(Config, DefaultsToTheRealApi) {
  ClientOptions o;
  o.api_key = "cog_x";
  auto c = resolve_config(o, env({}));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->base.text, "https://api.devin.ai");
}

TEST(Config, RefusesMissingAndLegacyKeys) {
  ClientOptions o;
  auto missing = resolve_config(o, env({}));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::Authentication);
  o.api_key = "apk_user_secret123";
  auto legacy = resolve_config(o, env({}));
  ASSERT_FALSE(legacy);
  EXPECT_EQ(legacy.error().kind, ErrorKind::Authentication);
  EXPECT_NE(legacy.error().message.find("apk_"), std::string::npos);
  EXPECT_EQ(legacy.error().message.find("secret123"), std::string::npos);
  o.api_key = "cog_a\r\nX-Evil: 1";
  EXPECT_FALSE(resolve_config(o, env({})));
}

TEST(Config, PlainHttpOnlyToLoopbackUnlessAllowed) {
  ClientOptions o;
  o.api_key = "cog_x";
  o.base_url = "http://api.example.com";
  auto c = resolve_config(o, env({}));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ErrorKind::InvalidArgument);
  o.allow_insecure_http = true;
  EXPECT_TRUE(resolve_config(o, env({})));
  o.allow_insecure_http = false;
  o.base_url = "http://localhost:8080";
  EXPECT_TRUE(resolve_config(o, env({})));
}

TEST(Config, ValidatesDefaultHeaders) {
  ClientOptions o;
  o.api_key = "cog_x";
  o.default_headers = {"X-Team: core"};
  auto c = resolve_config(o, env({}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->default_headers.size(), 1u);
  EXPECT_EQ(c->default_headers[0].first, "x-team");
  o.default_headers = {"Authorization: Bearer other"};
  EXPECT_FALSE(resolve_config(o, env({})));
  o.default_headers = {"X-A: b\r\nX-B: c"};
  EXPECT_FALSE(resolve_config(o, env({})));
}

TEST(Config, ProxyFromTheEnvironment) {
  ClientOptions o;
  o.api_key = "cog_x";
  auto c = resolve_config(o, env({{"HTTPS_PROXY", "http://proxy:3128"},
                                  {"NO_PROXY", "localhost"}}));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->proxy, "http://proxy:3128");
  EXPECT_EQ(c->no_proxy, "localhost");
  o.base_url = "http://127.0.0.1:9";
  auto plain = resolve_config(o, env({{"HTTPS_PROXY", "http://proxy:3128"}}));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->proxy, "");  // https proxy variables do not apply to http
  o.proxy = "http://explicit:1";
  auto expl = resolve_config(o, env({{"http_proxy", "http://other:2"}}));
  EXPECT_EQ(expl->proxy, "http://explicit:1");
}

TEST(Config, LogLevelFromEnvironment) {
  EXPECT_EQ(parse_log_level("debug"), 10);
  EXPECT_EQ(parse_log_level("warn"), 30);
  EXPECT_EQ(parse_log_level("loud"), -1);
}

TEST(Redaction, HidesKeysAndSecretValues) {
  std::string line = "sent cog_supersecret to server";
  redact_in_place(line, "cog_supersecret");
  EXPECT_EQ(line, "sent [redacted] to server");
  std::string body = redact_body(
      R"({"prompt":"p","session_secrets":[{"key":"K","value":"hunter2"}],"value":"v","token":null})");
  EXPECT_EQ(body.find("hunter2"), std::string::npos);
  EXPECT_NE(body.find("\"prompt\":\"p\""), std::string::npos);
  EXPECT_NE(body.find("[redacted]"), std::string::npos);
  EXPECT_EQ(redact_body("not json"), "<8 bytes>");
}
