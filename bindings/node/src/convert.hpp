// libdevin results as JS values (JS thread only).
#pragma once

#include <napi.h>

#include "devin.h"

namespace devin_node {

// How a response body reaches JS.
enum class BodyMode : int {
  Text = 0,    // one UTF-8 string; JS runs JSON.parse on it
  Native = 1,  // objects built here from libdevin's parsed document
  Buffer = 2,  // raw bytes (downloads)
  Lazy = 3,    // views over libdevin's parsed document (lib/lazy.js)
};

// [status, body, headers, requestId, retries, elapsedSeconds, lazyDoc];
// `headers` is one string of "name: value" lines. In Lazy mode a JSON body
// is the root of a lazy document (src/lazy.hpp), which takes `*resp` over
// (set to NULL) and is slot 6; any other body is text, as in Text mode.
Napi::Value response_to_js(Napi::Env env, devin_response **resp, BodyMode mode);

// [code, statusName, message, httpStatus, method, path, requestId,
//  retryAfter, retries, body, headers, type, title, detail, instance]
Napi::Value error_to_js(Napi::Env env, const devin_error *err);

// A JS string of UTF-8 bytes, through V8's cheaper Latin-1 path when they
// are all ASCII.
napi_value js_text(napi_env env, const char *p, size_t n);

// A parsed JSON value as plain JS objects (the "Native" decode strategy).
Napi::Value value_to_js(Napi::Env env, const devin_value *v);

// Throws the error as a JS exception carrying the same array in `.devin`.
[[noreturn]] void throw_error(Napi::Env env, devin_error *err);

}  // namespace devin_node
