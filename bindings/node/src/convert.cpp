#include "convert.hpp"

#include <cstdint>
#include <cstring>
#include <string>

#include "lazy.hpp"

namespace devin_node {

namespace {

Napi::Value str_or_null(Napi::Env env, const char *s) {
  if (!s) return env.Null();
  return Napi::String::New(env, s);
}

template <typename Count, typename At>
std::string join_headers(Count count, At at) {
  std::string out;
  size_t n = count();
  for (size_t i = 0; i < n; ++i) {
    const char *name = nullptr;
    const char *value = nullptr;
    if (!at(i, &name, &value) || !name) continue;
    out.append(name);
    out.append(": ");
    if (value) out.append(value);
    out.push_back('\n');
  }
  return out;
}

// A JS string of UTF-8 bytes (js_text) as a Napi value.
Napi::Value text(Napi::Env env, const char *p, size_t n) {
  return Napi::Value(env, js_text(env, p, n));
}

}  // namespace

napi_value js_text(napi_env env, const char *p, size_t n) {
  if (!p) p = "";
  // All ASCII: Latin-1 and UTF-8 agree and V8 skips UTF-8 decoding.
  size_t i = 0;
  uint64_t acc = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    acc |= w;
  }
  for (; i < n; ++i) acc |= static_cast<unsigned char>(p[i]);
  napi_value out = nullptr;
  if ((acc & 0x8080808080808080ULL) == 0)
    napi_create_string_latin1(env, p, n, &out);
  else
    napi_create_string_utf8(env, p, n, &out);
  return out;
}

Napi::Value value_to_js(Napi::Env env, const devin_value *v) {
  switch (devin_value_type_of(v)) {
    case DEVIN_VALUE_NULL:
      return env.Null();
    case DEVIN_VALUE_BOOL:
      return Napi::Boolean::New(env, devin_value_bool(v) != 0);
    case DEVIN_VALUE_INT:
      return Napi::Number::New(env, static_cast<double>(devin_value_int(v)));
    case DEVIN_VALUE_DOUBLE:
      return Napi::Number::New(env, devin_value_double(v));
    case DEVIN_VALUE_STRING: {
      size_t len = 0;
      const char *s = devin_value_string(v, &len);
      return Napi::String::New(env, s ? s : "", len);
    }
    case DEVIN_VALUE_ARRAY: {
      size_t n = devin_value_size(v);
      Napi::Array arr = Napi::Array::New(env, n);
      for (size_t i = 0; i < n; ++i)
        arr.Set(static_cast<uint32_t>(i),
                value_to_js(env, devin_value_at(v, i)));
      return arr;
    }
    case DEVIN_VALUE_OBJECT: {
      size_t n = devin_value_size(v);
      Napi::Object obj = Napi::Object::New(env);
      for (size_t i = 0; i < n; ++i) {
        const char *key = nullptr;
        size_t key_len = 0;
        const devin_value *m = devin_value_member_at(v, i, &key, &key_len);
        obj.Set(Napi::String::New(env, key, key_len), value_to_js(env, m));
      }
      return obj;
    }
  }
  return env.Undefined();
}

Napi::Value response_to_js(Napi::Env env, devin_response **owned,
                           BodyMode mode) {
  const devin_response *resp = *owned;
  bool lazy = mode == BodyMode::Lazy && devin_response_json(resp) != nullptr;
  Napi::Array out = Napi::Array::New(env, lazy ? 7 : 6);
  out.Set(0u, Napi::Number::New(env, devin_response_status(resp)));
  size_t len = 0;
  const char *body = devin_response_body(resp, &len);
  if (mode == BodyMode::Buffer) {
    out.Set(1u, Napi::Buffer<char>::Copy(env, body ? body : "", len));
  } else if (lazy) {
    // Filled last: the document takes the response over.
  } else if (mode == BodyMode::Native) {
    const devin_value *doc = devin_response_json(resp);
    out.Set(1u, doc ? value_to_js(env, doc) : env.Undefined());
  } else {
    out.Set(1u, text(env, body, len));
  }
  out.Set(2u, Napi::String::New(
                  env, join_headers(
                           [&] { return devin_response_header_count(resp); },
                           [&](size_t i, const char **n, const char **v) {
                             return devin_response_header_at(resp, i, n, v);
                           })));
  out.Set(3u, str_or_null(env, devin_response_request_id(resp)));
  out.Set(4u, Napi::Number::New(env, devin_response_retries(resp)));
  out.Set(5u, Napi::Number::New(env, devin_response_elapsed(resp)));
  if (lazy) {
    Napi::Value doc = lazy_doc_new(env, *owned);
    *owned = nullptr;
    out.Set(1u, lazy_root(env, doc));
    out.Set(6u, doc);
  }
  return out;
}

Napi::Value error_to_js(Napi::Env env, const devin_error *err) {
  Napi::Array out = Napi::Array::New(env, 15);
  devin_status code = devin_error_code(err);
  out.Set(0u, Napi::Number::New(env, static_cast<double>(code)));
  out.Set(1u, Napi::String::New(env, devin_status_name(code)));
  out.Set(2u, str_or_null(env, devin_error_message(err)));
  out.Set(3u, Napi::Number::New(env, devin_error_http_status(err)));
  out.Set(4u, str_or_null(env, devin_error_method(err)));
  out.Set(5u, str_or_null(env, devin_error_path(err)));
  out.Set(6u, str_or_null(env, devin_error_request_id(err)));
  out.Set(7u, Napi::Number::New(env, devin_error_retry_after(err)));
  out.Set(8u, Napi::Number::New(env, devin_error_retries(err)));
  size_t len = 0;
  const char *body = devin_error_body(err, &len);
  out.Set(9u, Napi::String::New(env, body ? body : "", len));
  out.Set(10u,
          Napi::String::New(
              env, join_headers([&] { return devin_error_header_count(err); },
                                [&](size_t i, const char **n, const char **v) {
                                  return devin_error_header_at(err, i, n, v);
                                })));
  const char *fields[] = {"type", "title", "detail", "instance"};
  for (uint32_t i = 0; i < 4; ++i)
    out.Set(11u + i,
            str_or_null(env, devin_error_problem_field(err, fields[i])));
  return out;
}

void throw_error(Napi::Env env, devin_error *err) {
  Napi::Value info = err ? error_to_js(env, err) : env.Null();
  std::string msg = err && devin_error_message(err) ? devin_error_message(err)
                                                    : "libdevin call failed";
  devin_error_free(err);
  Napi::Error e = Napi::Error::New(env, msg);
  e.Set("devin", info);
  throw e;
}

}  // namespace devin_node
