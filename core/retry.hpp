// Retry policy: which failures are retried, backoff, and Retry-After.
#pragma once

#include <ctime>
#include <optional>
#include <string_view>
#include <vector>

#include "error.hpp"

namespace devin::core {

inline constexpr double kBackoffBase = 0.5;     // seconds
inline constexpr double kBackoffCap = 8.0;      // seconds
inline constexpr double kMaxRetryAfter = 60.0;  // larger: return at once

// Delay before retry number `retry` (0 = first retry): base * 2^retry capped
// at kBackoffCap, minus up to 25% jitter. `unit` is a uniform [0,1) draw.
double backoff_delay(int retry, double unit);

// Delay before a retry the server timed with Retry-After: never earlier than
// it asked, plus up to 10% (at least 50 ms, at most 1 s) of jitter so that a
// burst of clients told the same time does not come back in lockstep.
double retry_after_delay(double asked, double unit);

// Seconds the server asked to wait, from `retry-after-ms` (milliseconds) or
// `Retry-After` (delta-seconds or an HTTP-date, relative to `now`).
std::optional<double> parse_retry_after(const std::vector<Header> &headers,
                                        std::time_t now);

// POST and PATCH have no idempotency keys in the v3 API.
bool is_idempotent(std::string_view method);

// Whether an HTTP status is retried for this method: 408, 429, 500, 502,
// 503, 504 for GET/PUT/DELETE; only 429 and 503 for POST/PATCH.
bool should_retry_status(int status, std::string_view method);

// Whether a transport failure is retried. `request_sent` is false when the
// failure happened before the request could reach the server (DNS,
// connection refused), which makes a retry safe for every method.
bool should_retry_transport(std::string_view method, bool request_sent);

}  // namespace devin::core
