// Decoding error responses: RFC 9457 problem details and legacy FastAPI.
#include <gtest/gtest.h>

#include "error.hpp"

using namespace devin::core;

TEST(ErrorKinds, MapStatuses) {
  EXPECT_EQ(kind_for_status(400), ErrorKind::BadRequest);
  EXPECT_EQ(kind_for_status(401), ErrorKind::Authentication);
  EXPECT_EQ(kind_for_status(403), ErrorKind::PermissionDenied);
  EXPECT_EQ(kind_for_status(404), ErrorKind::NotFound);
  EXPECT_EQ(kind_for_status(409), ErrorKind::Conflict);
  EXPECT_EQ(kind_for_status(422), ErrorKind::Unprocessable);
  EXPECT_EQ(kind_for_status(429), ErrorKind::RateLimited);
  EXPECT_EQ(kind_for_status(500), ErrorKind::Server);
  EXPECT_EQ(kind_for_status(503), ErrorKind::Server);
  EXPECT_EQ(kind_for_status(418), ErrorKind::ApiStatus);
  EXPECT_STREQ(error_kind_name(ErrorKind::PermissionDenied),
               "permission_denied");
}

TEST(ErrorDecode, ReadsProblemDetails) {
  auto e = error_from_response(
      422, "POST", "/v3/organizations/o/sessions",
      R"({"type":"about:blank","title":"Validation failed","status":422,"detail":"bad input","instance":"/v3/organizations/o/sessions","errors":[{"loc":["body","prompt"],"msg":"field required","type":"missing"}]})",
      {{"x-request-id", "req-1"},
       {"content-type", "application/problem+json"}});
  EXPECT_EQ(e->kind, ErrorKind::Unprocessable);
  EXPECT_EQ(e->http_status, 422);
  EXPECT_EQ(e->title, "Validation failed");
  EXPECT_EQ(e->detail, "bad input");
  EXPECT_EQ(e->instance, "/v3/organizations/o/sessions");
  EXPECT_EQ(e->type, "about:blank");
  EXPECT_EQ(e->request_id, "req-1");
  EXPECT_NE(e->message.find("body.prompt: field required"), std::string::npos);
  EXPECT_NE(e->message.find("req-1"), std::string::npos);
  ASSERT_TRUE(e->json);
  EXPECT_EQ(e->json->root()->get("errors")->size(), 1u);
}

TEST(ErrorDecode, ReadsLegacyFastApiBodies) {
  auto e = error_from_response(
      422, "GET", "/v3/x",
      R"({"detail":[{"loc":["query","first"],"msg":"must be <= 200","type":"value_error"},{"loc":["query",0],"msg":"bad"}]})",
      {});
  EXPECT_TRUE(e->has_detail);
  EXPECT_EQ(e->detail, "query.first: must be <= 200; query.0: bad");
  EXPECT_FALSE(e->has_title);
}

TEST(ErrorDecode, KeepsNonJsonBodiesBounded) {
  std::string big(kMaxErrorBody + 500, 'x');
  auto e = error_from_response(502, "GET", "/v3/self", big, {});
  EXPECT_EQ(e->kind, ErrorKind::Server);
  EXPECT_EQ(e->body.size(), kMaxErrorBody);
  EXPECT_FALSE(e->json);
  EXPECT_NE(e->message.find("502"), std::string::npos);
}
