#include "retry.hpp"

#include <algorithm>

#include <curl/curl.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace devin::core {

double backoff_delay(int retry, double unit) {
  if (retry < 0) retry = 0;
  double d = kBackoffBase * std::pow(2.0, retry > 16 ? 16 : retry);
  if (d > kBackoffCap) d = kBackoffCap;
  if (unit < 0) unit = 0;
  if (unit >= 1) unit = 0.999999;
  return d * (1.0 - 0.25 * unit);
}

namespace {
std::optional<double> parse_number(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v) ||
      v < 0)
    return std::nullopt;
  return v;
}
}  // namespace

double retry_after_delay(double asked, double unit) {
  if (asked < 0) asked = 0;
  if (unit < 0) unit = 0;
  if (unit >= 1) unit = 0.999999;
  double spread = std::clamp(asked * 0.1, 0.05, 1.0);
  return asked + spread * unit;
}

std::optional<double> parse_retry_after(const std::vector<Header> &headers,
                                        std::time_t now) {
  for (const auto &[name, value] : headers) {
    if (name == "retry-after-ms") {
      if (auto ms = parse_number(value)) return *ms / 1000.0;
    }
  }
  for (const auto &[name, value] : headers) {
    if (name != "retry-after") continue;
    if (auto secs = parse_number(value)) return *secs;
    std::string text(value);
    std::time_t when = curl_getdate(text.c_str(), nullptr);
    if (when == -1) return std::nullopt;
    double delta = std::difftime(when, now);
    return delta > 0 ? delta : 0.0;
  }
  return std::nullopt;
}

bool is_idempotent(std::string_view method) {
  return method != "POST" && method != "PATCH";
}

bool should_retry_status(int status, std::string_view method) {
  if (!is_idempotent(method)) return status == 429 || status == 503;
  switch (status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

bool should_retry_transport(std::string_view method, bool request_sent) {
  return !request_sent || is_idempotent(method);
}

}  // namespace devin::core
