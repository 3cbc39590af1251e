// URL building: encoding, base URLs, loopback detection.
#include <gtest/gtest.h>

#include "url.hpp"

using namespace devin::core;

TEST(Url, PercentEncodesReservedCharacters) {
  EXPECT_EQ(percent_encode("abc-._~XYZ09"), "abc-._~XYZ09");
  EXPECT_EQ(percent_encode("owner/repo"), "owner%2Frepo");
  EXPECT_EQ(percent_encode("a b&c=d?e#f%"), "a%20b%26c%3Dd%3Fe%23f%25");
  EXPECT_EQ(percent_encode("\xc3\xa9"), "%C3%A9");
}

TEST(Url, BuildsQueryStrings) {
  std::string q;
  append_query(q, "tags", "a b");
  append_query(q, "tags", "c&d");
  append_query(q, "first", "50");
  EXPECT_EQ(q, "tags=a%20b&tags=c%26d&first=50");
}

TEST(Url, ParsesBaseUrls) {
  std::string why;
  auto b = parse_base_url("https://API.devin.ai/", &why);
  ASSERT_TRUE(b) << why;
  EXPECT_EQ(b->scheme, "https");
  EXPECT_EQ(b->host, "api.devin.ai");
  EXPECT_EQ(b->text, "https://api.devin.ai");
  auto p = parse_base_url("http://127.0.0.1:8080/prefix//", &why);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->port, 8080);
  EXPECT_EQ(p->text, "http://127.0.0.1:8080/prefix");
  auto v6 = parse_base_url("http://[::1]:9000", &why);
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->text, "http://[::1]:9000");
}

TEST(Url, RejectsBadBaseUrls) {
  std::string why;
  EXPECT_FALSE(parse_base_url("api.devin.ai", &why));
  EXPECT_FALSE(parse_base_url("ftp://x", &why));
  EXPECT_FALSE(parse_base_url("https://user:pw@host", &why));
  EXPECT_FALSE(parse_base_url("https://host:99999", &why));
  EXPECT_FALSE(parse_base_url("https://host/?q=1", &why));
  EXPECT_FALSE(parse_base_url("https://", &why));
}

TEST(Url, KnowsLoopbackHosts) {
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_FALSE(is_loopback_host("api.devin.ai"));
  EXPECT_FALSE(is_loopback_host("127.0.0.1.evil.com"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
}

TEST(Url, ComparesOrigins) {
  EXPECT_EQ(origin_of("https://a.example/x?y"), "https://a.example:443");
  EXPECT_EQ(origin_of("http://a.example:80/x"),
            origin_of("http://a.example/z"));
  EXPECT_NE(origin_of("https://a.example/x"), origin_of("https://b.example/x"));
}
