#include "url.hpp"

#include <cctype>
#include <charconv>

namespace devin::core {

namespace {
bool unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
std::string lower(std::string_view s) {
  std::string out(s);
  for (char &c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::string percent_encode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

void append_query(std::string &query, std::string_view name,
                  std::string_view value) {
  if (!query.empty()) query += '&';
  query += percent_encode(name);
  query += '=';
  query += percent_encode(value);
}

std::optional<BaseUrl> parse_base_url(std::string_view url, std::string *why) {
  auto fail = [&](const char *msg) -> std::optional<BaseUrl> {
    if (why) *why = msg;
    return std::nullopt;
  };
  BaseUrl b;
  auto sep = url.find("://");
  if (sep == std::string_view::npos)
    return fail("base_url must start with http:// or https://");
  b.scheme = lower(url.substr(0, sep));
  if (b.scheme != "http" && b.scheme != "https")
    return fail("base_url must use http or https");
  std::string_view rest = url.substr(sep + 3);
  auto slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  std::string_view path =
      slash == std::string_view::npos ? "" : rest.substr(slash);
  if (path.find_first_of("?#") != std::string_view::npos)
    return fail("base_url must not contain a query or fragment");
  if (authority.find('@') != std::string_view::npos)
    return fail("base_url must not contain credentials");
  if (authority.empty()) return fail("base_url has no host");
  std::string_view port_text;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return fail("base_url has a malformed IPv6 host");
    b.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("base_url has a malformed host");
      port_text = after.substr(1);
    }
  } else {
    auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      authority = authority.substr(0, colon);
    }
    b.host = lower(authority);
  }
  if (b.host.empty()) return fail("base_url has no host");
  if (!port_text.empty()) {
    int port = 0;
    auto [p, ec] = std::from_chars(port_text.data(),
                                   port_text.data() + port_text.size(), port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() ||
        port <= 0 || port > 65535)
      return fail("base_url has an invalid port");
    b.port = port;
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  b.prefix = std::string(path);
  b.text =
      b.scheme + "://" +
      (b.host.find(':') != std::string::npos ? "[" + b.host + "]" : b.host) +
      (b.port ? ":" + std::to_string(b.port) : "") + b.prefix;
  return b;
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  if (host.size() > 10 && host.substr(host.size() - 10) == ".localhost")
    return true;
  if (host.substr(0, 4) == "127.") {
    for (char c : host.substr(4))
      if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.')
        return false;
    return true;
  }
  return false;
}

std::string origin_of(std::string_view url) {
  std::string why;
  auto b = parse_base_url(
      url.substr(
          0, url.find_first_of("?#", url.find("://") == std::string_view::npos
                                         ? 0
                                         : url.find("://") + 3)),
      &why);
  if (!b) return {};
  int port = b->port ? b->port : (b->scheme == "https" ? 443 : 80);
  return b->scheme + "://" + b->host + ":" + std::to_string(port);
}

}  // namespace devin::core
