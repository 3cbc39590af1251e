// Shared types and small helpers of devin-emulator.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace emu {

using json = nlohmann::json;

// An error answered as RFC 9457 problem details (or the legacy FastAPI body).
struct ApiError : std::runtime_error {
  int status;
  std::string title;
  json errors;  // array of {loc, msg, type} for 422, else null
  ApiError(int st, std::string ttl, const std::string &detail,
           json errs = nullptr)
      : std::runtime_error(detail),
        status(st),
        title(std::move(ttl)),
        errors(std::move(errs)) {}
};

[[noreturn]] void throw_not_found(const std::string &what);
[[noreturn]] void throw_forbidden(const std::string &detail);
[[noreturn]] void throw_bad_request(const std::string &detail);
[[noreturn]] void throw_unprocessable(json errors);
json field_error(json loc, const std::string &msg, const std::string &type);

// A handler's answer before serialisation.
struct Reply {
  int status = 200;
  json body;                 // serialised as JSON unless raw is set
  bool empty = false;        // no body at all (204 and friends)
  std::string content_type;  // defaults to application/json
  std::string raw;           // raw body bytes (used when raw_set)
  bool raw_set = false;
  std::vector<std::pair<std::string, std::string>> headers;
};

std::int64_t now_unix();
std::int64_t now_ms();
std::string iso8601(std::int64_t unix_seconds);
std::string random_hex(std::size_t n);
std::string new_uuid();
std::string make_id(const std::string &param_or_field);
std::string base64_encode(const std::string &in, bool url_safe);
bool base64_decode(const std::string &in, std::string &out);
bool glob_match(const std::string &pattern, const std::string &text);
std::vector<std::string> split(const std::string &s, char sep);
std::uint64_t fnv1a(const std::string &s);
std::string to_lower(std::string s);
const char *status_title(int status);
// A member of an object, or a null json (iterates as empty) when absent.
const json &field(const json &j, const char *key);
std::string url_encode(const std::string &s);

}  // namespace emu
