// The structs behind devin.h's opaque handles, and helpers shared by the
// C ABI translation units. Private to capi/.
#pragma once

#include <memory>
#include <new>
#include <string>

#include "../../core/client.hpp"
#include "../../core/pager.hpp"
#include "../include/devin.h"

struct devin_error {
  std::unique_ptr<devin::core::Error> impl;
};

struct devin_response {
  std::unique_ptr<devin::core::Response> impl;
};

struct devin_client {
  std::shared_ptr<devin::core::ClientCore> core;
};

struct devin_cancel {
  std::shared_ptr<devin::core::CancelState> state;
};

struct devin_pager {
  std::shared_ptr<devin::core::Pager> impl;
};

namespace devin::capi {

inline const core::JsonNode *node(const devin_value *v) {
  return reinterpret_cast<const core::JsonNode *>(v);
}
inline const devin_value *value(const core::JsonNode *n) {
  return reinterpret_cast<const devin_value *>(n);
}

// Stores `e` in `*err` (when err is not NULL) and returns its status.
devin_status fail(devin_error **err, std::unique_ptr<core::Error> e);
devin_status fail(devin_error **err, devin_status code, std::string message);
devin_error *wrap(std::unique_ptr<core::Error> e);
devin_response *wrap(std::unique_ptr<core::Response> r);

// Checks a versioned options struct: NULL is fine, version 0 or newer than
// this library knows is not.
bool version_ok(const void *opts, unsigned int version, unsigned int max);

// What devin_call_options say, translated for the core.
struct CallInputs {
  core::CallSettings settings;
  std::vector<core::Header> headers;
  core::Upload upload;
  bool has_upload = false;
};

// Translates call options; false (with *err set when err is not NULL) when
// they are invalid, which is always DEVIN_E_INVALID_ARGUMENT.
bool call_settings(const devin_call_options *opts, CallInputs &in,
                   devin_error **err);

// Parses a params JSON text (NULL or empty = none).
bool parse_params(const char *json, size_t len,
                  std::unique_ptr<core::JsonDoc> &doc, devin_error **err,
                  const char *what);

// Completion adapter: calls the C callback with owned objects.
core::Completion completion(devin_complete_fn fn, void *user_data);

}  // namespace devin::capi

// Every entry point runs its body inside this guard so that no C++
// exception crosses the ABI.
#define DEVIN_GUARD_BEGIN try {
#define DEVIN_GUARD_END(err)                                                   \
  }                                                                            \
  catch (const std::bad_alloc &) {                                             \
    return devin::capi::fail(err, DEVIN_E_INVALID_ARGUMENT, "out of memory");  \
  }                                                                            \
  catch (const std::exception &ex) {                                           \
    return devin::capi::fail(err, DEVIN_E_INVALID_ARGUMENT,                    \
                             std::string("internal error: ") + ex.what());     \
  }                                                                            \
  catch (...) {                                                                \
    return devin::capi::fail(err, DEVIN_E_INVALID_ARGUMENT, "internal error"); \
  }
