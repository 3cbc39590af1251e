// Retry policy: backoff, Retry-After parsing, which failures are retried.
#include <gtest/gtest.h>

#include "retry.hpp"

using namespace devin::core;

TEST(Backoff, GrowsExponentiallyFromHalfASecond) {
  EXPECT_DOUBLE_EQ(backoff_delay(0, 0.0), 0.5);
  EXPECT_DOUBLE_EQ(backoff_delay(1, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(backoff_delay(2, 0.0), 2.0);
  EXPECT_DOUBLE_EQ(backoff_delay(3, 0.0), 4.0);
}

TEST(Backoff, IsCappedAtEightSeconds) {
  EXPECT_DOUBLE_EQ(backoff_delay(4, 0.0), 8.0);
  EXPECT_DOUBLE_EQ(backoff_delay(10, 0.0), 8.0);
  EXPECT_DOUBLE_EQ(backoff_delay(1000, 0.0), 8.0);
}

TEST(Backoff, JitterTakesOffAtMostAQuarter) {
  for (double u : {0.0, 0.25, 0.5, 0.99}) {
    double d = backoff_delay(2, u);
    EXPECT_LE(d, 2.0);
    EXPECT_GT(d, 1.5);
  }
  EXPECT_LT(backoff_delay(2, 0.9), backoff_delay(2, 0.1));
}

// Retry-After waits used to be exact, so clients told the same time came
// back in lockstep: now never earlier than asked, spread by up to 10%
// (at least 50 ms, at most 1 s).
TEST(RetryAfter, DelayIsNeverEarlierAndSpreadsABurst) {
  EXPECT_DOUBLE_EQ(retry_after_delay(2.0, 0.0), 2.0);
  EXPECT_GT(retry_after_delay(2.0, 0.5), 2.0);
  EXPECT_LE(retry_after_delay(2.0, 0.999), 2.2);
  EXPECT_LE(retry_after_delay(0.0, 0.999), 0.05);
  EXPECT_GT(retry_after_delay(0.0, 0.5), 0.0);
  EXPECT_LE(retry_after_delay(50.0, 0.999), 51.0);
  EXPECT_LT(retry_after_delay(5.0, 0.1), retry_after_delay(5.0, 0.9));
}

TEST(RetryAfter, ReadsDeltaSeconds) {
  std::vector<Header> h{{"retry-after", "3"}};
  auto v = parse_retry_after(h, 0);
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(*v, 3.0);
}

TEST(RetryAfter, PrefersMilliseconds) {
  std::vector<Header> h{{"retry-after", "3"}, {"retry-after-ms", "250"}};
  auto v = parse_retry_after(h, 0);
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(*v, 0.25);
}

TEST(RetryAfter, ReadsHttpDate) {
  // Sun, 06 Nov 1994 08:49:37 GMT = 784111777
  std::vector<Header> h{{"retry-after", "Sun, 06 Nov 1994 08:49:37 GMT"}};
  auto v = parse_retry_after(h, 784111777 - 7);
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(*v, 7.0);
  auto past = parse_retry_after(h, 784111777 + 100);
  ASSERT_TRUE(past);
  EXPECT_DOUBLE_EQ(*past, 0.0);
}

TEST(RetryAfter, IgnoresGarbage) {
  std::vector<Header> h{{"retry-after", "soon"}};
  EXPECT_FALSE(parse_retry_after(h, 0));
  std::vector<Header> neg{{"retry-after", "-5"}};
  EXPECT_FALSE(parse_retry_after(neg, 0));
  EXPECT_FALSE(parse_retry_after({}, 0));
}

TEST(RetryPolicy, IdempotentMethodsRetryTheUsualStatuses) {
  for (const char *m : {"GET", "PUT", "DELETE"}) {
    for (int s : {408, 429, 500, 502, 503, 504})
      EXPECT_TRUE(should_retry_status(s, m)) << m << s;
    for (int s : {400, 401, 403, 404, 409, 422, 501})
      EXPECT_FALSE(should_retry_status(s, m)) << m << s;
  }
}

TEST(RetryPolicy, PostAndPatchRetryOnlyWhatCannotHaveActed) {
  for (const char *m : {"POST", "PATCH"}) {
    EXPECT_TRUE(should_retry_status(429, m));
    EXPECT_TRUE(should_retry_status(503, m));
    for (int s : {408, 500, 502, 504})
      EXPECT_FALSE(should_retry_status(s, m)) << m << s;
    EXPECT_TRUE(should_retry_transport(m, /*request_sent=*/false));
    EXPECT_FALSE(should_retry_transport(m, /*request_sent=*/true));
  }
  EXPECT_TRUE(should_retry_transport("GET", true));
}
