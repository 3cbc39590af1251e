// C ABI contract tests that need no server: versions, options, handles,
// NULL safety, local validation, the operation table. Includes only devin.h.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "devin.h"

namespace {

devin_client *make_client(const char *base = "http://127.0.0.1:1") {
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  o.api_key = "cog_capi_test_key";
  o.org_id = "org-test";
  o.base_url = base;
  o.max_retries = 0;
  devin_client *c = nullptr;
  devin_error *err = nullptr;
  EXPECT_EQ(devin_client_new(&c, &o, &err), DEVIN_OK)
      << (err ? devin_error_message(err) : "");
  devin_error_free(err);
  return c;
}

}  // namespace

TEST(Version, ReportsVersionAndAbi) {
  EXPECT_EQ(devin_abi_version(), DEVIN_ABI_VERSION);
  EXPECT_STRNE(devin_version(), "");
}

TEST(Status, NamesAreStable) {
  EXPECT_STREQ(devin_status_name(DEVIN_OK), "ok");
  EXPECT_STREQ(devin_status_name(DEVIN_E_BAD_REQUEST), "bad_request");
  EXPECT_STREQ(devin_status_name(DEVIN_E_RATE_LIMITED), "rate_limited");
  EXPECT_STREQ(devin_status_name(DEVIN_E_DECODE), "decode");
  EXPECT_STREQ(devin_status_name(DEVIN_E_DONE), "done");
  int out_of_range = 77;
  EXPECT_STREQ(devin_status_name(static_cast<devin_status>(out_of_range)),
               "unknown");
}

TEST(Options, InitFunctionsMatchTheMacros) {
  devin_client_options a = DEVIN_CLIENT_OPTIONS_INIT, b;
  std::memset(&b, 0xff, sizeof b);
  ASSERT_EQ(devin_client_options_init(&b, DEVIN_CLIENT_OPTIONS_VERSION),
            DEVIN_OK);
  EXPECT_EQ(b.version, a.version);
  EXPECT_EQ(b.api_key, nullptr);
  EXPECT_EQ(b.max_retries, -1);
  EXPECT_EQ(devin_client_options_init(&b, 99), DEVIN_E_INVALID_ARGUMENT);
  devin_call_options co;
  EXPECT_EQ(devin_call_options_init(&co, DEVIN_CALL_OPTIONS_VERSION), DEVIN_OK);
  EXPECT_LT(co.timeout, 0);
  devin_wait_options wo;
  EXPECT_EQ(devin_wait_options_init(&wo, DEVIN_WAIT_OPTIONS_VERSION), DEVIN_OK);
  EXPECT_EQ(wo.until, DEVIN_WAIT_IDLE);
}

TEST(Client, RefusesAnUnknownOptionsVersion) {
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  o.version = 42;
  o.api_key = "cog_x";
  devin_client *c = nullptr;
  devin_error *err = nullptr;
  EXPECT_EQ(devin_client_new(&c, &o, &err), DEVIN_E_INVALID_ARGUMENT);
  EXPECT_EQ(c, nullptr);
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(devin_error_code(err), DEVIN_E_INVALID_ARGUMENT);
  devin_error_free(err);
}

TEST(Client, RefusesLegacyKeysWithoutLeakingThem) {
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  o.api_key = "apk_user_TOPSECRET";
  devin_client *c = nullptr;
  devin_error *err = nullptr;
  EXPECT_EQ(devin_client_new(&c, &o, &err), DEVIN_E_AUTHENTICATION);
  EXPECT_EQ(std::string(devin_error_message(err)).find("TOPSECRET"),
            std::string::npos);
  devin_error_free(err);
}

TEST(Client, RefusesPlainHttpToRemoteHosts) {
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  o.api_key = "cog_x";
  o.base_url = "http://api.example.com";
  devin_client *c = nullptr;
  devin_error *err = nullptr;
  EXPECT_EQ(devin_client_new(&c, &o, &err), DEVIN_E_INVALID_ARGUMENT);
  devin_error_free(err);
  o.allow_insecure_http = 1;
  ASSERT_EQ(devin_client_new(&c, &o, nullptr), DEVIN_OK);
  char *base = devin_client_base_url(c);
  EXPECT_STREQ(base, "http://api.example.com");
  devin_string_free(base);
  devin_client_free(c);
}

TEST(Client, ErrorOutputIsOptional) {
  devin_client *c = nullptr;
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  o.api_key = "apk_legacy";
  EXPECT_EQ(devin_client_new(&c, &o, nullptr), DEVIN_E_AUTHENTICATION);
  EXPECT_EQ(devin_client_new(nullptr, &o, nullptr), DEVIN_E_INVALID_ARGUMENT);
}

TEST(Handles, FreeingNullIsANoOp) {
  devin_client_free(nullptr);
  devin_response_free(nullptr);
  devin_error_free(nullptr);
  devin_pager_free(nullptr);
  devin_cancel_free(nullptr);
  devin_string_free(nullptr);
  EXPECT_EQ(devin_client_close(nullptr, nullptr), DEVIN_OK);
}

TEST(Handles, AccessorsTolerateNull) {
  EXPECT_EQ(devin_value_type_of(nullptr), DEVIN_VALUE_NULL);
  EXPECT_TRUE(devin_value_is_null(nullptr));
  EXPECT_EQ(devin_value_size(nullptr), 0u);
  EXPECT_EQ(devin_value_at(nullptr, 0), nullptr);
  EXPECT_EQ(devin_value_get(nullptr, "a", 1), nullptr);
  size_t len = 9;
  EXPECT_EQ(devin_value_string(nullptr, &len), nullptr);
  EXPECT_EQ(len, 0u);
  EXPECT_EQ(devin_response_status(nullptr), 0);
  EXPECT_EQ(devin_response_items(nullptr), nullptr);
  EXPECT_EQ(devin_error_http_status(nullptr), 0);
  EXPECT_EQ(devin_error_problem_field(nullptr, "title"), nullptr);
  EXPECT_FALSE(devin_session_is_done(nullptr, DEVIN_WAIT_IDLE));
}

TEST(Calls, LocalValidationNeedsNoServer) {
  devin_client *c = make_client();
  devin_response *r = nullptr;
  devin_error *err = nullptr;
  EXPECT_EQ(devin_call(c, "sessions.get", "{}", 2, nullptr, &r, &err),
            DEVIN_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(devin_error_message(err)).find("devin_id"),
            std::string::npos);
  devin_error_free(err);
  err = nullptr;
  EXPECT_EQ(devin_call(c, "sessions.get", nullptr, 0, nullptr, nullptr, &err),
            DEVIN_E_INVALID_ARGUMENT);
  devin_error_free(err);
  err = nullptr;
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  const char *bad[] = {"Authorization: Bearer other"};
  co.headers = bad;
  co.headers_count = 1;
  EXPECT_EQ(devin_call(c, "whoami", nullptr, 0, &co, &r, &err),
            DEVIN_E_INVALID_ARGUMENT);
  devin_error_free(err);
  EXPECT_EQ(r, nullptr);
  devin_client_free(c);
}

TEST(Calls, ConnectionFailureIsTyped) {
  devin_client *c = make_client();
  devin_response *r = nullptr;
  devin_error *err = nullptr;
  EXPECT_EQ(devin_call(c, "whoami", nullptr, 0, nullptr, &r, &err),
            DEVIN_E_CONNECTION);
  EXPECT_STREQ(devin_error_method(err), "GET");
  EXPECT_STREQ(devin_error_path(err), "/v3/self");
  EXPECT_EQ(std::string(devin_error_message(err)).find("cog_capi_test_key"),
            std::string::npos);
  devin_error_free(err);
  devin_client_free(c);
}

namespace {
struct LogSink {
  std::string all;
  static void fn(void *ud, devin_log_level, const char *msg, size_t len) {
    static_cast<LogSink *>(ud)->all.append(msg, len).append("\n");
  }
};
}  // namespace

TEST(Logging, DebugLinesNeverContainTheKey) {
  LogSink sink;
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  o.api_key = "cog_log_secret_value";
  o.org_id = "org-x";
  o.base_url = "http://127.0.0.1:1";
  o.max_retries = 1;
  o.log_fn = &LogSink::fn;
  o.log_user_data = &sink;
  o.log_level = DEVIN_LOG_DEBUG;
  devin_client *c = nullptr;
  ASSERT_EQ(devin_client_new(&c, &o, nullptr), DEVIN_OK);
  devin_response *r = nullptr;
  devin_error *err = nullptr;
  devin_call(c, "secrets.create",
             R"({"key":"K","value":"hunter2","type":"key-value"})", 0, nullptr,
             &r, &err);
  devin_error_free(err);
  devin_client_free(c);
  EXPECT_FALSE(sink.all.empty());
  EXPECT_EQ(sink.all.find("cog_log_secret_value"), std::string::npos);
  EXPECT_EQ(sink.all.find("hunter2"), std::string::npos);
  EXPECT_NE(sink.all.find("/secrets"), std::string::npos);
}

TEST(Cancel, TokensAreIndependentHandles) {
  devin_cancel *t = nullptr;
  ASSERT_EQ(devin_cancel_new(&t), DEVIN_OK);
  EXPECT_FALSE(devin_cancel_is_triggered(t));
  devin_cancel_trigger(t);
  devin_cancel_trigger(t);
  EXPECT_TRUE(devin_cancel_is_triggered(t));
  devin_cancel_free(t);
  EXPECT_EQ(devin_cancel_new(nullptr), DEVIN_E_INVALID_ARGUMENT);
}

TEST(Operations, TableIsEnumerable) {
  size_t n = devin_operation_count();
  EXPECT_EQ(n, 184u);
  bool saw_create = false;
  for (size_t i = 0; i < n; ++i) {
    const char *id = devin_operation_id(i);
    ASSERT_NE(id, nullptr);
    ASSERT_NE(devin_operation_method(id), nullptr);
    ASSERT_EQ(devin_operation_path(id)[0], '/');
    if (!std::strcmp(id, "sessions.create")) saw_create = true;
  }
  EXPECT_TRUE(saw_create);
  EXPECT_EQ(devin_operation_id(n), nullptr);
  EXPECT_STREQ(devin_operation_method("sessions.terminate"), "DELETE");
  EXPECT_EQ(devin_operation_path("nope"), nullptr);
}

TEST(Wait, DoneDefinitionAndDelays) {
  EXPECT_GE(devin_wait_delay(0), 0.9);
  EXPECT_LE(devin_wait_delay(0), 1.1);
  EXPECT_LE(devin_wait_delay(50), 11.0);
  EXPECT_GE(devin_wait_delay(50), 9.0);
}

TEST(Calls, BadOptionsWithoutAnErrorOutputDoNotCrash) {
  devin_client *c = make_client();
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.version = 77;
  devin_response *r = nullptr;
  EXPECT_EQ(devin_call(c, "whoami", nullptr, 0, &co, &r, nullptr),
            DEVIN_E_INVALID_ARGUMENT);
  EXPECT_EQ(devin_call(c, "sessions.get", "{bad", 4, nullptr, &r, nullptr),
            DEVIN_E_INVALID_ARGUMENT);
  EXPECT_EQ(devin_request(c, "GET", "/v3/self", nullptr, nullptr, 0, nullptr,
                          &co, &r, nullptr),
            DEVIN_E_INVALID_ARGUMENT);
  devin_pager *pg = nullptr;
  EXPECT_EQ(devin_pager_new(&pg, c, "sessions.list", nullptr, 0, &co, nullptr),
            DEVIN_E_INVALID_ARGUMENT);
  EXPECT_EQ(r, nullptr);
  EXPECT_EQ(pg, nullptr);
  devin_client_free(c);
}
