#include "common.hpp"

#include "clock.hpp"

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <random>

namespace emu {

void throw_not_found(const std::string &what) {
  throw ApiError(404, "Not Found", what + " not found");
}
void throw_forbidden(const std::string &detail) {
  throw ApiError(403, "Forbidden", detail);
}
void throw_bad_request(const std::string &detail) {
  throw ApiError(400, "Bad Request", detail);
}
void throw_unprocessable(json errors) {
  throw ApiError(422, "Unprocessable Entity", "Request validation failed",
                 std::move(errors));
}
json field_error(json loc, const std::string &msg, const std::string &type) {
  return json{{"loc", std::move(loc)}, {"msg", msg}, {"type", type}};
}

std::int64_t now_unix() { return simclock::now_ms() / 1000; }

std::int64_t now_ms() { return simclock::now_ms(); }

std::string iso8601(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

namespace {
std::mt19937_64 &rng() {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return gen;
}
}  // namespace

std::string random_hex(std::size_t n) {
  static const char *digits = "0123456789abcdef";
  std::string out(n, '0');
  for (auto &c : out) c = digits[rng()() & 15U];
  return out;
}

std::string new_uuid() {
  std::string h = random_hex(32);
  h[12] = '4';
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
         h.substr(16, 4) + "-" + h.substr(20, 12);
}

std::string make_id(const std::string &name) {
  static const std::map<std::string, std::string> prefixes = {
      {"org_id", "org-"},
      {"devin_id", "devin-"},
      {"session_id", "devin-"},
      {"note_id", "note-"},
      {"playbook_id", "playbook-"},
      {"schedule_id", "sched-"},
      {"secret_id", "secret-"},
      {"service_user_id", "service-user-"},
      {"git_permission_id", "git-permission-"},
      {"user_id", "user-"},
      {"role_id", "role-"},
      {"folder_id", "folder-"},
      {"build_id", "build-"},
      {"blueprint_id", "blueprint-"},
      {"attachment_id", "att-"},
      {"audit_log_id", "audit-"},
      {"connection_id", "conn-"},
      {"api_key_id", "key-"},
      {"event_id", "event-"},
  };
  auto it = prefixes.find(name);
  if (it != prefixes.end()) return it->second + random_hex(16);
  if (name.size() > 3 && name.compare(name.size() - 3, 3, "_id") == 0) {
    std::string p = name.substr(0, name.size() - 3);
    for (auto &c : p)
      if (c == '_') c = '-';
    return p + "-" + random_hex(16);
  }
  return random_hex(16);
}

std::string base64_encode(const std::string &in, bool url_safe) {
  const char *tbl =
      url_safe
          ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
          : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  const auto *d = reinterpret_cast<const unsigned char *>(in.data());
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned(d[i]) << 16) | (unsigned(d[i + 1]) << 8) | d[i + 2];
    out += tbl[(v >> 18) & 63];
    out += tbl[(v >> 12) & 63];
    out += tbl[(v >> 6) & 63];
    out += tbl[v & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = unsigned(d[i]) << 16;
    out += tbl[(v >> 18) & 63];
    out += tbl[(v >> 12) & 63];
    if (!url_safe) out += "==";
  } else if (i + 2 == in.size()) {
    unsigned v = (unsigned(d[i]) << 16) | (unsigned(d[i + 1]) << 8);
    out += tbl[(v >> 18) & 63];
    out += tbl[(v >> 12) & 63];
    out += tbl[(v >> 6) & 63];
    if (!url_safe) out += "=";
  }
  return out;
}

bool base64_decode(const std::string &in, std::string &out) {
  out.clear();
  unsigned v = 0;
  int bits = 0;
  for (char c : in) {
    int x;
    if (c >= 'A' && c <= 'Z')
      x = c - 'A';
    else if (c >= 'a' && c <= 'z')
      x = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      x = c - '0' + 52;
    else if (c == '+' || c == '-' || c == ' ')
      x = 62;
    else if (c == '/' || c == '_')
      x = 63;
    else if (c == '=')
      break;
    else
      return false;
    v = (v << 6) | static_cast<unsigned>(x);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((v >> bits) & 0xFF);
    }
  }
  return true;
}

bool glob_match(const std::string &pat, const std::string &text) {
  std::size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pat.size() && (pat[p] == text[t] || pat[p] == '?')) {
      ++p;
      ++t;
    } else if (p < pat.size() && pat[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

std::vector<std::string> split(const std::string &s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    auto pos = s.find(sep, start);
    out.push_back(s.substr(start, pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return out;
}

std::uint64_t fnv1a(const std::string &s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string to_lower(std::string s) {
  for (auto &c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string url_encode(const std::string &s) {
  static const char *hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

const json &field(const json &j, const char *key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

const char *status_title(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 307:
      return "Temporary Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Error";
  }
}

}  // namespace emu
