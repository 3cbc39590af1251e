// Retries, backoff, Retry-After, timeouts and transport faults, driven by
// the emulator's fault injection.
#include <gtest/gtest.h>

#include <string>

#include "emulator.hpp"

using namespace devin_test;

namespace {

class Retries : public ::testing::Test {
 protected:
  void SetUp() override { c = emu.org_client(); }
  void TearDown() override { devin_client_free(c); }
  devin_status call(const char *op, const char *params, Resp &r, Err &e,
                    const devin_call_options *co = nullptr) {
    return devin_call(c, op, params, 0, co, &r.p, &e.p);
  }
  Emulator emu;
  devin_client *c = nullptr;
};

}  // namespace

TEST_F(Retries, RetriesServerErrorsThenSucceeds) {
  emu.fault(
      R"({"method":"GET","path":"/v3/self","count":2,"kind":"status","status":503,"retry_after_ms":10})");
  Resp r;
  Err e;
  ASSERT_EQ(call("whoami", nullptr, r, e), DEVIN_OK) << e.msg();
  EXPECT_EQ(devin_response_retries(r.p), 2);
  EXPECT_EQ(emu.count_requests("/v3/self"), 3);
}

TEST_F(Retries, GivesUpAfterMaxRetries) {
  emu.fault(
      R"({"path":"/v3/self","count":10,"kind":"status","status":502,"retry_after_ms":5})");
  Resp r;
  Err e;
  EXPECT_EQ(call("whoami", nullptr, r, e), DEVIN_E_SERVER);
  EXPECT_EQ(devin_error_http_status(e.p), 502);
  EXPECT_EQ(devin_error_retries(e.p), 2);
  EXPECT_EQ(emu.count_requests("/v3/self"), 3);
}

TEST_F(Retries, PerCallMaxRetriesOverridesTheClient) {
  emu.fault(
      R"({"path":"/v3/self","count":10,"kind":"status","status":503,"retry_after_ms":5})");
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.max_retries = 0;
  Resp r;
  Err e;
  EXPECT_EQ(call("whoami", nullptr, r, e, &co), DEVIN_E_SERVER);
  EXPECT_EQ(emu.count_requests("/v3/self"), 1);
}

TEST_F(Retries, PostIsNotRetriedOnAmbiguousFailures) {
  emu.fault(
      R"({"method":"POST","path":"/v3/organizations/*/sessions","count":1,"kind":"status","status":500})");
  Resp r;
  Err e;
  EXPECT_EQ(call("sessions.create", R"({"prompt":"x"})", r, e), DEVIN_E_SERVER);
  EXPECT_EQ(devin_error_retries(e.p), 0);
  EXPECT_EQ(
      emu.count_requests("/v3/organizations/org-emulator-1/sessions", "POST"),
      1);
}

TEST_F(Retries, PostIsRetriedOn429And503) {
  emu.fault(
      R"({"method":"POST","path":"/v3/organizations/*/sessions","count":1,"kind":"status","status":429,"retry_after_ms":5})");
  emu.fault(
      R"({"method":"POST","path":"/v3/organizations/*/sessions","count":1,"kind":"status","status":503,"retry_after_ms":5})");
  Resp r;
  Err e;
  ASSERT_EQ(call("sessions.create", R"({"prompt":"x"})", r, e), DEVIN_OK)
      << e.msg();
  EXPECT_EQ(devin_response_retries(r.p), 2);
}

TEST_F(Retries, HonoursRetryAfterSeconds) {
  emu.fault(
      R"({"path":"/v3/self","count":1,"kind":"status","status":429,"retry_after":"1"})");
  Resp r;
  Err e;
  ASSERT_EQ(call("whoami", nullptr, r, e), DEVIN_OK) << e.msg();
  EXPECT_GE(devin_response_elapsed(r.p),
            0.95);  // a lower bound: waited as told
}

TEST_F(Retries, LongRetryAfterIsReturnedAtOnce) {
  emu.fault(
      R"({"path":"/v3/self","count":1,"kind":"status","status":429,"retry_after":"120"})");
  Resp r;
  Err e;
  EXPECT_EQ(call("whoami", nullptr, r, e), DEVIN_E_RATE_LIMITED);
  EXPECT_DOUBLE_EQ(devin_error_retry_after(e.p), 120.0);
  EXPECT_EQ(devin_error_retries(e.p), 0);
}

TEST_F(Retries, ClosedConnectionIsRetriedForGet) {
  emu.fault(R"({"method":"GET","path":"/v3/self","count":1,"kind":"close"})");
  Resp r;
  Err e;
  ASSERT_EQ(call("whoami", nullptr, r, e), DEVIN_OK) << e.msg();
  EXPECT_EQ(devin_response_retries(r.p), 1);
}

// A warm keep-alive connection that dies after the request went out and
// before any answer: libcurl would silently send the request again on a new
// connection. A POST or PATCH (the server may have processed it) goes out
// exactly once, whatever max_retries says; a GET only as max_retries allows,
// and a re-send counts as a retry.
class DeadKeepAlive : public Retries,
                      public ::testing::WithParamInterface<int> {};

TEST_P(DeadKeepAlive, PostIsSentOnce) {
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.max_retries = GetParam();
  const std::string path = "/v3/organizations/org-emulator-1/sessions";
  Resp warm;
  Err e;
  ASSERT_EQ(call("whoami", nullptr, warm, e), DEVIN_OK) << e.msg();
  emu.fault(R"({"method":"POST","path":")" + path +
            R"(","count":1,"kind":"close"})");
  Resp r;
  EXPECT_EQ(call("sessions.create", R"({"prompt":"once"})", r, e, &co),
            DEVIN_E_CONNECTION);
  EXPECT_NE(std::string(e.msg()).find("not re-sent"), std::string::npos)
      << e.msg();
  EXPECT_EQ(devin_error_retries(e.p), 0);
  EXPECT_EQ(emu.count_requests(path, "POST"), 1);
}

TEST_P(DeadKeepAlive, PatchIsSentOnce) {
  devin_client *ent = emu.client("cog_emulator_enterprise_admin");
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.max_retries = GetParam();
  const std::string path = "/v3/enterprise/organizations/org-emulator-2";
  Resp warm, r;
  Err e;
  ASSERT_EQ(devin_call(ent, "whoami", nullptr, 0, nullptr, &warm.p, &e.p),
            DEVIN_OK)
      << e.msg();
  emu.fault(R"({"method":"PATCH","path":")" + path +
            R"(","count":1,"kind":"close"})");
  EXPECT_EQ(devin_call(ent, "enterprise.organizations.update",
                       R"({"org_id":"org-emulator-2","name":"Renamed"})", 0,
                       &co, &r.p, &e.p),
            DEVIN_E_CONNECTION);
  EXPECT_EQ(emu.count_requests(path, "PATCH"), 1);
  devin_client_free(ent);
}

TEST_P(DeadKeepAlive, GetIsResentOnlyAsTheRetryPolicyAllows) {
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.max_retries = GetParam();
  Resp warm;
  Err e;
  ASSERT_EQ(call("whoami", nullptr, warm, e), DEVIN_OK) << e.msg();
  emu.fault(R"({"method":"GET","path":"/v3/self","count":1,"kind":"close"})");
  Resp r;
  devin_status st = call("whoami", nullptr, r, e, &co);
  if (GetParam() == 0) {
    EXPECT_EQ(st, DEVIN_E_CONNECTION);
    EXPECT_EQ(emu.count_requests("/v3/self"), 2);  // the warm-up and one
  } else {
    ASSERT_EQ(st, DEVIN_OK) << e.msg();
    EXPECT_EQ(devin_response_retries(r.p), 1);
    EXPECT_EQ(emu.count_requests("/v3/self"), 3);
  }
}

INSTANTIATE_TEST_SUITE_P(MaxRetries, DeadKeepAlive, ::testing::Values(0, 2));

// A proxy's HTML error page: the message says what it said (it used to
// leave a non-problem body out entirely).
TEST_F(Retries, ATextOrHtmlErrorBodyIsInTheMessage) {
  emu.fault(
      R"({"path":"/v3/self","count":5,"kind":"status","status":502,"body":"<html><head><title>x</title></head><body><h1>502 Bad Gateway</h1>\n<p>upstream   went away</p></body></html>"})");
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.max_retries = 0;
  Resp r;
  Err e;
  ASSERT_EQ(call("whoami", nullptr, r, e, &co), DEVIN_E_SERVER);
  std::string msg = e.msg();
  EXPECT_NE(msg.find("502 Bad Gateway upstream went away"), std::string::npos)
      << msg;
  EXPECT_EQ(msg.find('<'), std::string::npos) << msg;
}

TEST_F(Retries, TruncatedBodyIsAConnectionError) {
  emu.fault(R"({"path":"/v3/self","count":5,"kind":"truncate"})");
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.max_retries = 0;
  Resp r;
  Err e;
  EXPECT_EQ(call("whoami", nullptr, r, e, &co), DEVIN_E_CONNECTION);
}

TEST_F(Retries, MalformedJsonIsADecodeError) {
  emu.fault(R"({"path":"/v3/self","count":1,"kind":"malformed"})");
  Resp r;
  Err e;
  EXPECT_EQ(call("whoami", nullptr, r, e), DEVIN_E_DECODE);
  EXPECT_EQ(devin_error_http_status(e.p), 200);
}

TEST_F(Retries, TotalDeadlineCoversAttemptsAndBackoff) {
  emu.fault(R"({"path":"/v3/self","count":1,"kind":"delay","delay_ms":3000})");
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.timeout = 0.3;
  Resp r;
  Err e;
  EXPECT_EQ(call("whoami", nullptr, r, e, &co), DEVIN_E_TIMEOUT);
  EXPECT_NE(std::string(e.msg()).find("deadline"), std::string::npos)
      << e.msg();
}

TEST_F(Retries, BackoffThatWouldPassTheDeadlineEndsTheCall) {
  emu.fault(
      R"({"path":"/v3/self","count":5,"kind":"status","status":503,"retry_after":"5"})");
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.timeout = 1.0;
  Resp r;
  Err e;
  EXPECT_EQ(call("whoami", nullptr, r, e, &co), DEVIN_E_SERVER);
  EXPECT_EQ(emu.count_requests("/v3/self"), 1);
}

TEST(Stall, NoBytesForTooLongIsATimeout) {
  Emulator emu;
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  o.org_id = kOrg;
  o.stall_timeout = 1;
  o.max_retries = 0;
  devin_client *c = emu.client("cog_emulator_org_admin", &o);
  emu.fault(R"({"path":"/v3/self","count":1,"kind":"stall","delay_ms":10000})");
  Resp r;
  Err e;
  EXPECT_EQ(devin_call(c, "whoami", nullptr, 0, nullptr, &r.p, &e.p),
            DEVIN_E_TIMEOUT);
  devin_client_free(c);
}

TEST(Connection, RefusedConnectionIsAConnectionError) {
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  o.api_key = "cog_x";
  o.base_url = "http://127.0.0.1:1";
  o.max_retries = 1;
  devin_client *c = nullptr;
  Err ce;
  ASSERT_EQ(devin_client_new(&c, &o, &ce.p), DEVIN_OK);
  Resp r;
  Err e;
  EXPECT_EQ(devin_call(c, "whoami", nullptr, 0, nullptr, &r.p, &e.p),
            DEVIN_E_CONNECTION);
  EXPECT_EQ(devin_error_retries(e.p), 1);
  EXPECT_EQ(devin_error_http_status(e.p), 0);
  devin_client_free(c);
}
