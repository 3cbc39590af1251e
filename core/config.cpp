#include "config.hpp"

#include <curl/curl.h>

#include <cctype>
#include <cstdlib>

#include "version.hpp"

namespace devin::core {

std::optional<std::string> process_env(const char *name) {
  const char *v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

namespace {

bool has_control(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char &c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

double pick(double given, double fallback) {
  return given < 0 ? fallback : given;
}

}  // namespace

std::optional<Header> parse_header_line(std::string_view line,
                                        std::string *why) {
  auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    *why = "header must look like \"Name: value\"";
    return std::nullopt;
  }
  std::string name = lower(line.substr(0, colon));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (has_control(name) || has_control(value) ||
      name.find(' ') != std::string::npos) {
    *why = "header contains control characters or spaces in its name";
    return std::nullopt;
  }
  if (name == "authorization" || name == "user-agent" || name == "host" ||
      name == "content-length") {
    *why = "header '" + name + "' cannot be overridden";
    return std::nullopt;
  }
  return Header{name, std::string(value)};
}

Result<ClientConfig> resolve_config(const ClientOptions &o, const EnvFn &env,
                                    const CaProbe &ca_probe) {
  ClientConfig c;
  c.api_key = o.api_key ? *o.api_key : env("DEVIN_API_KEY").value_or("");
  if (c.api_key.empty())
    return make_error(ErrorKind::Authentication,
                      "no API key: pass api_key or set DEVIN_API_KEY to a "
                      "service-user credential (cog_...)");
  if (c.api_key.rfind("apk_", 0) == 0)
    return make_error(ErrorKind::Authentication,
                      "legacy API key (apk_...) refused: the v3 API accepts "
                      "only service-user credentials (cog_...)");
  if (has_control(c.api_key) || c.api_key.find(' ') != std::string::npos)
    return make_error(ErrorKind::InvalidArgument,
                      "API key contains whitespace or control characters");

  c.org_id = o.org_id ? *o.org_id : env("DEVIN_ORG_ID").value_or("");
  if (has_control(c.org_id) || c.org_id.find('/') != std::string::npos)
    return make_error(ErrorKind::InvalidArgument, "org_id is malformed");

  std::string base = o.base_url
                         ? *o.base_url
                         : env("DEVIN_BASE_URL").value_or(kDefaultBaseUrl);
  std::string why;
  auto parsed = parse_base_url(base, &why);
  if (!parsed) return make_error(ErrorKind::InvalidArgument, why);
  if (parsed->scheme == "http" && !o.allow_insecure_http &&
      !is_loopback_host(parsed->host))
    return make_error(ErrorKind::InvalidArgument,
                      "plain http:// is allowed only to loopback hosts; use "
                      "https:// or opt in with allow_insecure_http");
  c.base = *parsed;

  c.connect_timeout = pick(o.connect_timeout, kDefaultConnectTimeout);
  c.attempt_timeout = pick(o.attempt_timeout, kDefaultAttemptTimeout);
  c.timeout = pick(o.timeout, kDefaultTimeout);
  c.stall_timeout = pick(o.stall_timeout, kDefaultStallTimeout);
  c.max_retries = o.max_retries < 0 ? kDefaultMaxRetries : o.max_retries;
  if (c.max_retries > 100)
    return make_error(ErrorKind::InvalidArgument, "max_retries must be <= 100");
  // The proxy is resolved once here (curl would otherwise read the
  // environment on every transfer): the option, else the scheme's variable
  // as curl reads it (https_proxy/HTTPS_PROXY, http_proxy), else ALL_PROXY.
  if (o.proxy) {
    c.proxy = *o.proxy;
  } else {
    std::optional<std::string> p;
    if (c.base.scheme == "https") {
      p = env("https_proxy");
      if (!p) p = env("HTTPS_PROXY");
    } else {
      p = env("http_proxy");
    }
    if (!p) p = env("all_proxy");
    if (!p) p = env("ALL_PROXY");
    c.proxy = p.value_or("");
  }
  auto no_proxy = env("no_proxy");
  if (!no_proxy) no_proxy = env("NO_PROXY");
  c.no_proxy = no_proxy.value_or("");
  if (has_control(c.proxy) || has_control(o.ca_bundle.value_or("")))
    return make_error(ErrorKind::InvalidArgument,
                      "proxy or ca_bundle contains control characters");
  c.ca = discover_ca_store(o.ca_bundle, env, ca_probe);

  for (const auto &line : o.default_headers) {
    auto h = parse_header_line(line, &why);
    if (!h)
      return make_error(ErrorKind::InvalidArgument, "default header: " + why);
    c.default_headers.push_back(std::move(*h));
  }

  std::string ua = o.user_agent.value_or("devin-c/" + std::string(kVersion));
  if (has_control(ua))
    return make_error(ErrorKind::InvalidArgument,
                      "user_agent contains control characters");
  curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);
  c.user_agent =
      ua + " libdevin/" + kVersion + " curl/" + (cv ? cv->version : "?");

  int level = o.log_level;
  auto env_level = env("DEVIN_LOG");
  int from_env = env_level ? parse_log_level(*env_level) : -1;
  if (level < 0)
    level = from_env >= 0 ? from_env : static_cast<int>(LogLevel::Warn);
  c.logger = Logger(o.log_fn, level, c.api_key);
  if (!o.log_fn && from_env >= 0) c.logger.set_stderr(true);
  return c;
}

}  // namespace devin::core
