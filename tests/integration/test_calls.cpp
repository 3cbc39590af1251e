// Calls through the C ABI against the emulator: sessions, errors, metadata,
// organization discovery, raw requests, attachments, pagination.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "emulator.hpp"

using namespace devin_test;

namespace {

class Calls : public ::testing::Test {
 protected:
  void SetUp() override { c = emu.client(); }
  void TearDown() override { devin_client_free(c); }

  // Runs a call that must succeed; returns the response.
  devin_response *ok(const char *op, const std::string &params,
                     devin_client *cl = nullptr) {
    devin_response *r = nullptr;
    Err e;
    devin_status st = devin_call(cl ? cl : c, op, params.c_str(), params.size(),
                                 nullptr, &r, &e.p);
    EXPECT_EQ(st, DEVIN_OK) << op << ": " << e.msg();
    return r;
  }
  std::string create_session(const std::string &prompt = "Fix the flaky test") {
    Resp r{ok("sessions.create",
              R"({"prompt":")" + prompt + R"(","tags":["ci"]})")};
    return str(r.json(), "session_id");
  }

  Emulator emu;
  devin_client *c = nullptr;
};

}  // namespace

TEST_F(Calls, WhoAmI) {
  Resp r{ok("whoami", "")};
  EXPECT_EQ(devin_response_status(r.p), 200);
  EXPECT_EQ(str(r.json(), "principal_type"), "service_user");
  EXPECT_EQ(str(r.json(), "org_id"), kOrg);
}

TEST_F(Calls, SessionLifecycleThroughTheAbi) {
  std::string id = create_session();
  ASSERT_EQ(id.rfind("devin-", 0), 0u) << id;

  Resp got{ok("sessions.get", R"({"devin_id":")" + id + R"("})")};
  EXPECT_EQ(str(got.json(), "session_id"), id);
  EXPECT_EQ(devin_value_type_of(devin_value_get(got.json(), "tags", 4)),
            DEVIN_VALUE_ARRAY);

  Resp sent{
      ok("sessions.send_message",
         R"({"devin_id":")" + id + R"(","message":"Also update the docs"})")};
  EXPECT_EQ(str(sent.json(), "session_id"), id);

  Resp msgs{ok("sessions.list_messages", R"({"devin_id":")" + id + R"("})")};
  const devin_value *items = devin_response_items(msgs.p);
  ASSERT_NE(items, nullptr);
  bool found = false;
  for (size_t i = 0; i < devin_value_size(items); ++i)
    if (str(devin_value_at(items, i), "message") == "Also update the docs")
      found = true;
  EXPECT_TRUE(found);

  Resp appended{ok("sessions.tags.append",
                   R"({"devin_id":")" + id + R"(","tags":["ci","nightly"]})")};
  EXPECT_EQ(text(devin_value_get(appended.json(), "tags", 4)),
            R"(["ci","nightly"])");
  Resp replaced{ok("sessions.tags.replace",
                   R"({"devin_id":")" + id + R"(","tags":["x"]})")};
  Resp tags{ok("sessions.tags.get", R"({"devin_id":")" + id + R"("})")};
  EXPECT_EQ(text(devin_value_get(tags.json(), "tags", 4)), R"(["x"])");

  Resp archived{ok("sessions.archive", R"({"devin_id":")" + id + R"("})")};
  EXPECT_TRUE(
      devin_value_bool(devin_value_get(archived.json(), "is_archived", 11)));
  Resp ended{ok("sessions.terminate",
                R"({"devin_id":")" + id + R"(","archive":true})")};
  EXPECT_EQ(str(ended.json(), "status"), "exit");
}

TEST_F(Calls, OrganizationIsDiscoveredOnce) {
  EXPECT_EQ(devin_client_org_id(c), nullptr);
  std::string id = create_session();
  Resp a{ok("sessions.get", R"({"devin_id":")" + id + R"("})")};
  char *org = devin_client_org_id(c);
  ASSERT_NE(org, nullptr);
  EXPECT_STREQ(org, kOrg);
  devin_string_free(org);
  EXPECT_EQ(emu.count_requests("/v3/self"), 1);
}

TEST_F(Calls, ConfiguredOrganizationSkipsDiscovery) {
  devin_client *cl = emu.org_client();
  Resp r{ok("sessions.list", R"({"first":1})", cl)};
  devin_client_free(cl);
  EXPECT_EQ(emu.count_requests("/v3/self"), 0);
}

TEST_F(Calls, EnterpriseKeyNeedsAnExplicitOrganization) {
  devin_client *ent = emu.client("cog_emulator_enterprise_admin");
  Resp r;
  Err e;
  EXPECT_EQ(devin_call(ent, "sessions.list", "{}", 2, nullptr, &r.p, &e.p),
            DEVIN_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(e.msg()).find("org_id"), std::string::npos);
  Resp audit{ok("enterprise.audit_logs.list", R"({"first":5})", ent)};
  EXPECT_NE(devin_response_items(audit.p), nullptr);
  devin_client_free(ent);
}

TEST_F(Calls, AuthenticationErrorsCarryProblemDetails) {
  devin_client *bad = emu.client("cog_not_a_real_key_123");
  Resp r;
  Err e;
  EXPECT_EQ(devin_call(bad, "whoami", nullptr, 0, nullptr, &r.p, &e.p),
            DEVIN_E_AUTHENTICATION);
  EXPECT_EQ(devin_error_http_status(e.p), 401);
  EXPECT_NE(devin_error_problem_field(e.p, "title"), nullptr);
  EXPECT_NE(devin_error_request_id(e.p), nullptr);
  EXPECT_STREQ(devin_error_method(e.p), "GET");
  EXPECT_STREQ(devin_error_path(e.p), "/v3/self");
  EXPECT_EQ(std::string(e.msg()).find("cog_not_a_real_key_123"),
            std::string::npos);
  size_t len = 0;
  const char *raw = devin_error_body(e.p, &len);
  std::string body(raw, len);
  EXPECT_GT(len, 0u);
  EXPECT_EQ(body.find("cog_not_a_real_key_123"), std::string::npos);
  devin_client_free(bad);
}

TEST_F(Calls, LegacyKeysAreRefusedBeforeAnyRequest) {
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  o.api_key = "apk_user_legacy";
  o.base_url = emu.base_url().c_str();
  devin_client *cl = nullptr;
  Err e;
  EXPECT_EQ(devin_client_new(&cl, &o, &e.p), DEVIN_E_AUTHENTICATION);
  EXPECT_EQ(cl, nullptr);
  EXPECT_EQ(emu.count_requests("/v3/self"), 0);
}

TEST_F(Calls, PermissionAndNotFoundErrors) {
  devin_client *ro = emu.client("cog_emulator_org_readonly");
  Resp r;
  Err e;
  EXPECT_EQ(devin_call(ro, "sessions.create", R"({"prompt":"x"})", 14, nullptr,
                       &r.p, &e.p),
            DEVIN_E_PERMISSION_DENIED);
  EXPECT_EQ(devin_error_http_status(e.p), 403);
  devin_client_free(ro);

  Err nf;
  EXPECT_EQ(devin_call(c, "sessions.get", R"({"devin_id":"devin-missing"})", 28,
                       nullptr, &r.p, &nf.p),
            DEVIN_E_NOT_FOUND);
  EXPECT_EQ(devin_error_retries(nf.p), 0);
}

TEST_F(Calls, ValidationErrorsListTheFields) {
  Resp r;
  Err e;
  EXPECT_EQ(devin_call(c, "sessions.list", R"({"first":500})", 13, nullptr,
                       &r.p, &e.p),
            DEVIN_E_UNPROCESSABLE);
  const devin_value *body = devin_error_body_json(e.p);
  ASSERT_NE(body, nullptr);
  EXPECT_GT(devin_value_size(devin_value_get(body, "errors", 6)), 0u);
  EXPECT_NE(std::string(e.msg()).find("first"), std::string::npos);
}

TEST_F(Calls, LocalValidationSendsNothing) {
  Resp r;
  Err e;
  EXPECT_EQ(devin_call(c, "sessions.get", "{}", 2, nullptr, &r.p, &e.p),
            DEVIN_E_INVALID_ARGUMENT);
  Err e2;
  EXPECT_EQ(devin_call(c, "sessions.get", "[1]", 3, nullptr, &r.p, &e2.p),
            DEVIN_E_INVALID_ARGUMENT);
  Err e3;
  EXPECT_EQ(devin_call(c, "no.such.op", "{}", 2, nullptr, &r.p, &e3.p),
            DEVIN_E_INVALID_ARGUMENT);
  Err e4;
  EXPECT_EQ(devin_call(c, "sessions.get", "{bad json", 9, nullptr, &r.p, &e4.p),
            DEVIN_E_INVALID_ARGUMENT);
  EXPECT_EQ(emu.count_requests("/v3/self"), 0);
}

TEST_F(Calls, ResponseMetadata) {
  Resp r{ok("whoami", "")};
  EXPECT_NE(devin_response_request_id(r.p), nullptr);
  EXPECT_NE(devin_response_header(r.p, "X-Request-Id"), nullptr);
  EXPECT_GT(devin_response_header_count(r.p), 0u);
  EXPECT_EQ(devin_response_retries(r.p), 0);
  EXPECT_GE(devin_response_elapsed(r.p), 0.0);
}

TEST_F(Calls, RawRequestUsesTheSameMachinery) {
  Resp r;
  Err e;
  ASSERT_EQ(
      devin_request(c, "GET", "/v3/organizations/{org_id}/sessions",
                    R"({"first":2})", nullptr, 0, nullptr, nullptr, &r.p, &e.p),
      DEVIN_OK)
      << e.msg();
  EXPECT_NE(devin_value_get(r.json(), "items", 5), nullptr);
  Resp r2;
  Err e2;
  EXPECT_EQ(devin_request(c, "GET", "/v3/nope", nullptr, nullptr, 0, nullptr,
                          nullptr, &r2.p, &e2.p),
            DEVIN_E_NOT_FOUND);
}

TEST_F(Calls, HeadersAndUserAgentReachTheServer) {
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  const char *hdrs[] = {"X-Team: platform"};
  o.default_headers = hdrs;
  o.default_headers_count = 1;
  o.user_agent = "devin-test/1.0";
  devin_client *cl = emu.client("cog_emulator_org_admin", &o);
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  const char *call_hdrs[] = {"X-Call: 7"};
  co.headers = call_hdrs;
  co.headers_count = 1;
  Resp r;
  Err e;
  ASSERT_EQ(devin_call(cl, "whoami", nullptr, 0, &co, &r.p, &e.p), DEVIN_OK)
      << e.msg();
  std::string log = emu.admin("GET", "/_emulator/requests");
  EXPECT_NE(log.find("platform"), std::string::npos);
  EXPECT_NE(log.find("\"7\""), std::string::npos);
  EXPECT_NE(log.find("devin-test/1.0 libdevin/"), std::string::npos);
  EXPECT_EQ(log.find("cog_emulator_org_admin"), std::string::npos);
  devin_client_free(cl);
}

TEST_F(Calls, PagerWalksEveryPageOnce) {
  for (int i = 0; i < 7; ++i) create_session("p" + std::to_string(i));
  devin_pager *pg = nullptr;
  Err e;
  ASSERT_EQ(devin_pager_new(&pg, c, "sessions.list", R"({"first":3})", 0,
                            nullptr, &e.p),
            DEVIN_OK)
      << e.msg();
  int pages = 0, items = 0;
  std::string seen;
  for (;;) {
    Resp page;
    Err pe;
    devin_status st = devin_pager_next(pg, &page.p, &pe.p);
    if (st == DEVIN_E_DONE) break;
    ASSERT_EQ(st, DEVIN_OK) << pe.msg();
    ++pages;
    const devin_value *list = devin_response_items(page.p);
    for (size_t i = 0; i < devin_value_size(list); ++i) {
      std::string id = str(devin_value_at(list, i), "session_id");
      EXPECT_EQ(seen.find(id), std::string::npos) << "duplicate " << id;
      seen += id + ",";
      ++items;
    }
    if (pages == 1) {
      char *cur = devin_pager_cursor(pg);
      EXPECT_NE(cur, nullptr);
      devin_string_free(cur);
    }
  }
  EXPECT_GE(items, 7);  // the seed may hold sessions too
  EXPECT_EQ(pages, (items + 2) / 3);
  EXPECT_FALSE(devin_pager_has_more(pg));
  devin_pager_free(pg);
}

TEST_F(Calls, PagerResumesFromACursor) {
  for (int i = 0; i < 4; ++i) create_session("r" + std::to_string(i));
  devin_pager *pg = nullptr;
  Err e;
  ASSERT_EQ(devin_pager_new(&pg, c, "sessions.list", R"({"first":2})", 0,
                            nullptr, &e.p),
            DEVIN_OK);
  Resp first;
  Err fe;
  ASSERT_EQ(devin_pager_next(pg, &first.p, &fe.p), DEVIN_OK);
  char *cursor = devin_pager_cursor(pg);
  ASSERT_NE(cursor, nullptr);
  std::string params = std::string(R"({"first":2,"after":")") + cursor + "\"}";
  devin_string_free(cursor);
  devin_pager_free(pg);

  devin_pager *resumed = nullptr;
  ASSERT_EQ(devin_pager_new(&resumed, c, "sessions.list", params.c_str(), 0,
                            nullptr, &e.p),
            DEVIN_OK);
  Resp second;
  Err se;
  ASSERT_EQ(devin_pager_next(resumed, &second.p, &se.p), DEVIN_OK) << se.msg();
  std::string a =
      str(devin_value_at(devin_response_items(first.p), 0), "session_id");
  std::string b =
      str(devin_value_at(devin_response_items(second.p), 0), "session_id");
  EXPECT_NE(a, b);
  devin_pager_free(resumed);
}

TEST_F(Calls, PagerRefusesNonListOperations) {
  devin_pager *pg = nullptr;
  Err e;
  EXPECT_EQ(devin_pager_new(&pg, c, "whoami", nullptr, 0, nullptr, &e.p),
            DEVIN_E_INVALID_ARGUMENT);
  EXPECT_EQ(pg, nullptr);
}

TEST_F(Calls, AttachmentUploadAndDownload) {
  const char data[] = "hello attachment\n";
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.upload_data = data;
  co.upload_len = sizeof data - 1;
  co.upload_filename = "notes.txt";
  co.upload_content_type = "text/plain";
  Resp up;
  Err e;
  ASSERT_EQ(devin_call(c, "attachments.upload", nullptr, 0, &co, &up.p, &e.p),
            DEVIN_OK)
      << e.msg();
  std::string url = str(up.json(), "url");
  ASSERT_FALSE(url.empty());
  // The url ends with /attachments/{uuid}/{name}.
  auto pos = url.find("/attachments/");
  ASSERT_NE(pos, std::string::npos) << url;
  std::string rest = url.substr(pos + 13);
  std::string uuid = rest.substr(0, rest.find('/'));
  std::string name = rest.substr(rest.find('/') + 1);
  Resp down;
  Err de;
  std::string params = R"({"uuid":")" + uuid + R"(","name":")" + name + R"("})";
  ASSERT_EQ(devin_call(c, "attachments.download", params.c_str(), 0, nullptr,
                       &down.p, &de.p),
            DEVIN_OK)
      << de.msg();
  size_t len = 0;
  const char *bytes = devin_response_body(down.p, &len);
  EXPECT_EQ(std::string(bytes, len), "hello attachment\n");
}

TEST_F(Calls, UploadFromAMissingFileIsAnArgumentError) {
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.upload_path = "/nonexistent/file.bin";
  Resp r;
  Err e;
  EXPECT_EQ(devin_call(c, "attachments.upload", nullptr, 0, &co, &r.p, &e.p),
            DEVIN_E_INVALID_ARGUMENT);
}

TEST(LegacyErrors, DecodesFastApiBodies) {
  Emulator emu({"--legacy-errors"});
  devin_client *c = emu.client();
  Resp r;
  Err e;
  EXPECT_EQ(
      devin_call(c, "sessions.list", R"({"first":0})", 11, nullptr, &r.p, &e.p),
      DEVIN_E_UNPROCESSABLE);
  ASSERT_NE(devin_error_problem_field(e.p, "detail"), nullptr);
  EXPECT_NE(std::string(devin_error_problem_field(e.p, "detail")).find("first"),
            std::string::npos);
  devin_client_free(c);
}

// A fresh directory holding cert.pem/key.pem, self-signed for 127.0.0.1
// and localhost; "" when openssl fails.
static std::string self_signed_dir() {
  char dir[] = "/tmp/devin-tls-XXXXXX";
  if (!mkdtemp(dir)) return "";
  std::string d = dir;
  std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d +
                    "/key.pem -out " + d +
                    "/cert.pem -days 1 -subj /CN=localhost -addext "
                    "subjectAltName=IP:127.0.0.1,DNS:localhost >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0 ? d : "";
}

TEST(Tls, CaBundleIsUsedAndVerificationFailuresAreNotRetried) {
  std::string d = self_signed_dir();
  ASSERT_FALSE(d.empty()) << "openssl is needed for this test";
  std::string cert = d + "/cert.pem", key = d + "/key.pem";
  {
    Emulator emu({"--tls-cert", cert, "--tls-key", key});
    ASSERT_EQ(emu.base_url().rfind("https://", 0), 0u);

    devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
    o.ca_bundle = cert.c_str();
    devin_client *trusted = emu.client("cog_emulator_org_admin", &o);
    Resp r;
    Err e;
    EXPECT_EQ(devin_call(trusted, "whoami", nullptr, 0, nullptr, &r.p, &e.p),
              DEVIN_OK)
        << e.msg();
    devin_client_free(trusted);

    devin_client *untrusted = emu.client("cog_emulator_org_admin");
    Resp r2;
    Err e2;
    EXPECT_EQ(
        devin_call(untrusted, "whoami", nullptr, 0, nullptr, &r2.p, &e2.p),
        DEVIN_E_CONNECTION);
    EXPECT_EQ(devin_error_retries(e2.p), 0);
    EXPECT_NE(std::string(e2.msg()).find("certificate"), std::string::npos)
        << e2.msg();
    devin_client_free(untrusted);
  }
  std::system(("rm -rf " + d).c_str());
}

// Run-time CA discovery: with no ca_bundle option the environment names the
// store (SSL_CERT_FILE, a hashed SSL_CERT_DIR, CURL_CA_BUNDLE), as it must
// for a libcurl built without a compiled-in CA path.
TEST(Tls, TheEnvironmentNamesTheCaStore) {
  std::string d = self_signed_dir();
  ASSERT_FALSE(d.empty()) << "openssl is needed for this test";
  ASSERT_EQ(std::system(("mkdir " + d + "/hashed && cp " + d + "/cert.pem " +
                         d + "/hashed/ && openssl rehash " + d + "/hashed")
                            .c_str()),
            0);
  std::string cert = d + "/cert.pem", key = d + "/key.pem";
  // Start from a clean slate (CI images often set SSL_CERT_DIR).
  for (const char *var : {"SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE"})
    ::unsetenv(var);
  {
    Emulator emu({"--tls-cert", cert, "--tls-key", key});
    std::string last_error;
    auto whoami = [&]() {
      devin_client *c = emu.client("cog_emulator_org_admin");
      Resp r;
      Err e;
      devin_status st =
          devin_call(c, "whoami", nullptr, 0, nullptr, &r.p, &e.p);
      if (st != DEVIN_OK) last_error = e.msg();
      devin_client_free(c);
      return st;
    };
    for (const char *var : {"SSL_CERT_FILE", "CURL_CA_BUNDLE"}) {
      ::setenv(var, cert.c_str(), 1);
      EXPECT_EQ(whoami(), DEVIN_OK) << var << ": " << last_error;
      ::unsetenv(var);
    }
    ::setenv("SSL_CERT_DIR", (d + "/hashed").c_str(), 1);
    EXPECT_EQ(whoami(), DEVIN_OK) << "SSL_CERT_DIR: " << last_error;
    ::unsetenv("SSL_CERT_DIR");
    // The system store does not hold this CA: verification stays on.
    EXPECT_EQ(whoami(), DEVIN_E_CONNECTION);
  }
  std::system(("rm -rf " + d).c_str());
}

TEST_F(Calls, SkipJsonKeepsBytesAndPagersStillPage) {
  for (int i = 0; i < 5; ++i) create_session("s" + std::to_string(i));
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.skip_json = 1;
  Resp r;
  Err e;
  ASSERT_EQ(devin_call(c, "whoami", nullptr, 0, &co, &r.p, &e.p), DEVIN_OK)
      << e.msg();
  EXPECT_EQ(devin_response_json(r.p), nullptr);
  size_t len = 0;
  const char *bytes = devin_response_body(r.p, &len);
  std::string body(bytes, len);
  EXPECT_NE(body.find("\"principal_type\""), std::string::npos);

  devin_pager *pg = nullptr;
  ASSERT_EQ(
      devin_pager_new(&pg, c, "sessions.list", R"({"first":2})", 0, &co, &e.p),
      DEVIN_OK);
  int pages = 0;
  for (;;) {
    Resp page;
    Err pe;
    devin_status st = devin_pager_next(pg, &page.p, &pe.p);
    if (st == DEVIN_E_DONE) break;
    ASSERT_EQ(st, DEVIN_OK) << pe.msg();
    EXPECT_EQ(devin_response_items(page.p), nullptr);
    ++pages;
  }
  EXPECT_GE(pages, 3);
  devin_pager_free(pg);

  emu.fault(R"({"path":"/v3/self","count":1,"kind":"malformed"})");
  Resp bad;
  Err be;
  EXPECT_EQ(devin_call(c, "whoami", nullptr, 0, &co, &bad.p, &be.p),
            DEVIN_E_DECODE);
}
