// URL building: percent-encoding, path templates, query strings, base URLs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace devin::core {

// Percent-encodes everything but RFC 3986 unreserved characters, so a value
// such as "owner/repo" stays one path segment ("owner%2Frepo").
std::string percent_encode(std::string_view s);

// Appends "name=value" (both encoded) to a query string, with '&' as needed.
void append_query(std::string &query, std::string_view name,
                  std::string_view value);

struct BaseUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // without brackets for IPv6
  int port = 0;        // 0 = scheme default
  std::string prefix;  // path prefix without trailing slash ("" usually)
  std::string text;    // normalised "scheme://host[:port][/prefix]"
};

// Parses an absolute http(s) URL; nullopt with `*why` set when invalid.
std::optional<BaseUrl> parse_base_url(std::string_view url, std::string *why);

// localhost, 127.0.0.0/8, ::1.
bool is_loopback_host(std::string_view host);

// Scheme, host and port of an absolute URL, for same-origin checks.
std::string origin_of(std::string_view url);

}  // namespace devin::core
