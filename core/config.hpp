// Client configuration: options, environment defaults and validation.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ca_store.hpp"
#include "error.hpp"
#include "log.hpp"
#include "result.hpp"
#include "url.hpp"

namespace devin::core {

inline constexpr const char *kDefaultBaseUrl = "https://api.devin.ai";
inline constexpr double kDefaultConnectTimeout = 10.0;
inline constexpr double kDefaultAttemptTimeout = 60.0;
inline constexpr double kDefaultTimeout = 180.0;
inline constexpr double kDefaultStallTimeout = 30.0;
inline constexpr int kDefaultMaxRetries = 2;

// What the caller asked for; unset fields fall back to the environment and
// then to the defaults above.
struct ClientOptions {
  std::optional<std::string> api_key, org_id, base_url, proxy, ca_bundle,
      user_agent;
  double connect_timeout = -1, attempt_timeout = -1, timeout = -1,
         stall_timeout = -1;
  int max_retries = -1;
  bool allow_insecure_http = false;
  std::vector<std::string> default_headers;  // "Name: value"
  LogFn log_fn;
  int log_level = -1;
};

struct ClientConfig {
  std::string api_key;
  std::string org_id;  // may be empty: discovered through /v3/self
  BaseUrl base;
  double connect_timeout, attempt_timeout, timeout, stall_timeout;
  int max_retries;
  std::string proxy;     // "" = direct
  std::string no_proxy;  // hosts that bypass the proxy (NO_PROXY syntax)
  CaStore ca;  // trusted CAs: option, environment, else the system store
  std::vector<Header> default_headers;
  std::string user_agent;  // full User-Agent header value
  Logger logger;
};

using EnvFn = std::function<std::optional<std::string>(const char *)>;
std::optional<std::string> process_env(const char *name);

// Resolves options + environment into a validated configuration. Refuses a
// missing key, a legacy `apk_` key, a key with control characters, a bad
// base URL, and plain http:// to a non-loopback host (unless allowed).
Result<ClientConfig> resolve_config(const ClientOptions &opts,
                                    const EnvFn &env = process_env,
                                    const CaProbe &ca_probe = real_ca_probe());

// "Name: value" -> header, rejecting CR/LF and reserved names.
std::optional<Header> parse_header_line(std::string_view line,
                                        std::string *why);

}  // namespace devin::core
