// The one error model of every language (docs/errors.md).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_doc.hpp"

namespace devin::core {

// Values match devin_status in capi/include/devin.h.
enum class ErrorKind : int {
  BadRequest = 1,
  Authentication = 2,
  PermissionDenied = 3,
  NotFound = 4,
  Conflict = 5,
  Unprocessable = 6,
  RateLimited = 7,
  Server = 8,
  ApiStatus = 9,
  Timeout = 10,
  Connection = 11,
  Cancelled = 12,
  InvalidArgument = 13,
  Decode = 14,
  Done = 15,
};

const char *error_kind_name(ErrorKind kind);
// Kind for a non-2xx HTTP status.
ErrorKind kind_for_status(int http_status);

using Header = std::pair<std::string, std::string>;  // lowercase name, value

// Largest error body kept (the rest is dropped).
inline constexpr std::size_t kMaxErrorBody = 64 * 1024;

struct Error {
  ErrorKind kind;
  std::string message;  // never contains the API key
  int http_status = 0;
  std::string method;
  std::string path;
  std::string request_id;
  double retry_after = -1.0;  // seconds; <0 = not given
  int retries = 0;
  std::string body;  // bounded to kMaxErrorBody
  std::vector<Header> headers;
  // RFC 9457 fields (or the legacy FastAPI detail, joined).
  std::string type, title, detail, instance;
  bool has_type = false, has_title = false, has_detail = false,
       has_instance = false;
  std::unique_ptr<JsonDoc> json;  // parsed body, when JSON

  Error(ErrorKind k, std::string msg) : kind(k), message(std::move(msg)) {}
};

inline std::unique_ptr<Error> make_error(ErrorKind kind, std::string message) {
  return std::make_unique<Error>(kind, std::move(message));
}

// Builds the error for an HTTP response with a non-2xx status: decodes a
// problem+json or legacy FastAPI body and composes a readable message.
std::unique_ptr<Error> error_from_response(int status, std::string_view method,
                                           std::string_view path,
                                           std::string body,
                                           std::vector<Header> headers);

}  // namespace devin::core
