// devin_error_* and devin_status_name.
#include <cstring>

#include "handles.hpp"

using devin::capi::node;
using devin::capi::value;

namespace devin::capi {

devin_error *wrap(std::unique_ptr<core::Error> e) {
  auto *out = new (std::nothrow) devin_error;
  if (out) out->impl = std::move(e);
  return out;
}

devin_status fail(devin_error **err, std::unique_ptr<core::Error> e) {
  auto code = static_cast<devin_status>(e->kind);
  if (err) *err = wrap(std::move(e));
  return code;
}

devin_status fail(devin_error **err, devin_status code, std::string message) {
  try {
    return fail(err, core::make_error(static_cast<core::ErrorKind>(code),
                                      std::move(message)));
  } catch (...) {
    if (err) *err = nullptr;
    return code;
  }
}

}  // namespace devin::capi

extern "C" {

const char *devin_status_name(devin_status status) {
  if (status == DEVIN_OK) return "ok";
  if (status < DEVIN_E_BAD_REQUEST || status > DEVIN_E_DONE) return "unknown";
  return devin::core::error_kind_name(
      static_cast<devin::core::ErrorKind>(status));
}

void devin_error_free(devin_error *err) { delete err; }

devin_status devin_error_code(const devin_error *err) {
  return err ? static_cast<devin_status>(err->impl->kind) : DEVIN_OK;
}

const char *devin_error_message(const devin_error *err) {
  return err ? err->impl->message.c_str() : "";
}

int devin_error_http_status(const devin_error *err) {
  return err ? err->impl->http_status : 0;
}

const char *devin_error_method(const devin_error *err) {
  return err && !err->impl->method.empty() ? err->impl->method.c_str()
                                           : nullptr;
}

const char *devin_error_path(const devin_error *err) {
  return err && !err->impl->path.empty() ? err->impl->path.c_str() : nullptr;
}

const char *devin_error_request_id(const devin_error *err) {
  return err && !err->impl->request_id.empty() ? err->impl->request_id.c_str()
                                               : nullptr;
}

double devin_error_retry_after(const devin_error *err) {
  return err ? err->impl->retry_after : -1.0;
}

int devin_error_retries(const devin_error *err) {
  return err ? err->impl->retries : 0;
}

const char *devin_error_problem_field(const devin_error *err,
                                      const char *name) {
  if (!err || !name) return nullptr;
  const auto &e = *err->impl;
  if (!std::strcmp(name, "type")) return e.has_type ? e.type.c_str() : nullptr;
  if (!std::strcmp(name, "title"))
    return e.has_title ? e.title.c_str() : nullptr;
  if (!std::strcmp(name, "detail"))
    return e.has_detail ? e.detail.c_str() : nullptr;
  if (!std::strcmp(name, "instance"))
    return e.has_instance ? e.instance.c_str() : nullptr;
  return nullptr;
}

const devin_value *devin_error_body_json(const devin_error *err) {
  if (!err || !err->impl->json) return nullptr;
  return value(err->impl->json->root());
}

const char *devin_error_body(const devin_error *err, size_t *len) {
  if (!err) {
    if (len) *len = 0;
    return "";
  }
  if (len) *len = err->impl->body.size();
  return err->impl->body.c_str();
}

size_t devin_error_header_count(const devin_error *err) {
  return err ? err->impl->headers.size() : 0;
}

int devin_error_header_at(const devin_error *err, size_t index,
                          const char **name, const char **val) {
  if (!err || index >= err->impl->headers.size()) return 0;
  if (name) *name = err->impl->headers[index].first.c_str();
  if (val) *val = err->impl->headers[index].second.c_str();
  return 1;
}

}  // extern "C"
