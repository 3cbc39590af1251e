// Building requests from the generated operation table.
#include <gtest/gtest.h>

#include "request.hpp"

using namespace devin::core;

namespace {
std::unique_ptr<JsonDoc> P(const std::string &s) {
  std::string err;
  auto d = JsonDoc::parse(s, &err);
  EXPECT_TRUE(d) << err;
  return d;
}
Result<HttpRequest> build(const char *op, const std::string &params,
                          const ParamOverrides &over = {}) {
  const OperationSpec *spec = find_operation(op);
  EXPECT_NE(spec, nullptr) << op;
  auto doc = P(params);
  return build_operation_request(*spec, doc->root(), over);
}
}  // namespace

TEST(OperationTable, IsSortedAndComplete) {
  auto ops = all_operations();
  EXPECT_EQ(ops.size(), 184u);
  for (std::size_t i = 1; i < ops.size(); ++i)
    EXPECT_LT(ops[i - 1].id, ops[i].id);
  EXPECT_NE(find_operation("whoami"), nullptr);
  EXPECT_NE(find_operation("enterprise.audit_logs.list"), nullptr);
  EXPECT_EQ(find_operation("sessions.nope"), nullptr);
}

TEST(BuildRequest, FillsPathAndLeavesOrgForTheClient) {
  auto r = build("sessions.get", R"({"devin_id":"devin-abc"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->path, "/v3/organizations/{org_id}/sessions/devin-abc");
  EXPECT_TRUE(r->needs_org);
  EXPECT_TRUE(r->body.empty());
  EXPECT_EQ(fill_org_id(r->path, "org-1"),
            "/v3/organizations/org-1/sessions/devin-abc");
}

TEST(BuildRequest, ExplicitOrgOverridesTheClient) {
  auto r = build("sessions.get", R"({"devin_id":"d","org_id":"org-x"})");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->needs_org);
  EXPECT_EQ(r->path, "/v3/organizations/org-x/sessions/d");
}

TEST(BuildRequest, EnterpriseOrgIdIsRequired) {
  auto r = build("enterprise.organizations.get", R"({})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::InvalidArgument);
  EXPECT_NE(r.error().message.find("org_id"), std::string::npos);
}

TEST(BuildRequest, EncodesPathSegments) {
  auto r =
      build("repositories.get_indexing", R"({"repository_path":"acme/app x"})");
  ASSERT_TRUE(r);
  EXPECT_NE(r->path.find("/repositories/acme%2Fapp%20x/indexing"),
            std::string::npos);
}

TEST(BuildRequest, RepeatsArrayQueryKeys) {
  auto r =
      build("sessions.list", R"({"tags":["a","b c"],"first":50,"after":null})");
  ASSERT_TRUE(r);
  // Parameters go out in the order the description lists them.
  EXPECT_EQ(r->query, "first=50&tags=a&tags=b%20c");
}

TEST(BuildRequest, SendsBodyFieldsAsJson) {
  auto r = build(
      "sessions.create",
      R"({"prompt":"hi \"there\"","tags":["x"],"create_as_user_id":"u1"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->content_type, "application/json");
  EXPECT_EQ(
      r->body,
      R"({"prompt":"hi \"there\"","tags":["x"],"create_as_user_id":"u1"})");
}

TEST(BuildRequest, ChecksRequiredBodyFields) {
  auto r = build("sessions.create", R"({"title":"t"})");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("'prompt'"), std::string::npos);
}

TEST(BuildRequest, ChecksTypes) {
  auto r = build("sessions.list", R"({"first":"ten"})");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("first"), std::string::npos);
  auto p = build("sessions.get", R"({"devin_id":{"x":1}})");
  ASSERT_FALSE(p);
  auto e = build("sessions.get", R"({"devin_id":""})");
  ASSERT_FALSE(e);
}

TEST(BuildRequest, RefusesUnknownParametersWithoutBody) {
  auto r = build("sessions.get", R"({"devin_id":"d","bogus":1})");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("bogus"), std::string::npos);
}

TEST(BuildRequest, AFieldNamedBodyIsAField) {
  auto r = build("knowledge.notes.create",
                 R"({"name":"n","body":"text","trigger":"t"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, R"({"name":"n","body":"text","trigger":"t"})");
}

TEST(BuildRequest, AWholeBodyObjectIsAccepted) {
  auto r = build("sessions.send_message",
                 R"({"devin_id":"d","body":{"message":"m"}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, R"({"message":"m"})");
}

TEST(BuildRequest, OverridesReplaceParameters) {
  auto r = build("sessions.list", R"({"first":10,"after":"old"})",
                 {{"after", "\"new\""}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->query, "after=new&first=10");
}

TEST(BuildRequest, ListsCarryTheirPaginationForm) {
  auto r = build("schedules.list", R"({"limit":5})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->page, PageForm::Offset);
  auto a = build("sessions.list_attachments", R"({"devin_id":"d"})");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->page, PageForm::Array);
}

TEST(BuildRequest, UploadIsMultipart) {
  auto r = build("attachments.upload", R"({})");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->multipart);
}

TEST(RawRequest, ValidatesMethodPathAndQuery) {
  EXPECT_FALSE(build_raw_request("G ET", "/v3/self", nullptr, "", ""));
  EXPECT_FALSE(build_raw_request("GET", "v3/self", nullptr, "", ""));
  EXPECT_FALSE(build_raw_request("GET", "/v3/self?x=1", nullptr, "", ""));
  EXPECT_FALSE(build_raw_request("GET", "/v3/a\r\nb", nullptr, "", ""));
  auto q = P(R"({"a":[1,2],"b":"x y","n":null})");
  auto r = build_raw_request("get", "/v3/organizations/{org_id}/x", q->root(),
                             "{}", "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, "GET");
  EXPECT_TRUE(r->needs_org);
  EXPECT_EQ(r->query, "a=1&a=2&b=x%20y");
  EXPECT_EQ(r->content_type, "application/json");
}
