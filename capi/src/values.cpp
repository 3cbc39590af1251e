// devin_value_*: read-only views over a parsed document.
#include "handles.hpp"

using devin::capi::node;
using devin::capi::value;
using devin::core::JsonType;

extern "C" {

devin_value_type devin_value_type_of(const devin_value *v) {
  return v ? static_cast<devin_value_type>(node(v)->type()) : DEVIN_VALUE_NULL;
}

int devin_value_is_null(const devin_value *v) {
  return !v || node(v)->type() == JsonType::Null;
}

int devin_value_bool(const devin_value *v) { return v && node(v)->as_bool(); }

int64_t devin_value_int(const devin_value *v) {
  return v ? node(v)->as_int() : 0;
}

double devin_value_double(const devin_value *v) {
  return v ? node(v)->as_double() : 0.0;
}

const char *devin_value_string(const devin_value *v, size_t *len) {
  if (!v || node(v)->type() != JsonType::String) {
    if (len) *len = 0;
    return nullptr;
  }
  std::string_view s = node(v)->str();
  if (len) *len = s.size();
  return s.data();
}

size_t devin_value_size(const devin_value *v) {
  return v ? node(v)->size() : 0;
}

const devin_value *devin_value_at(const devin_value *v, size_t i) {
  return v ? value(node(v)->at(i)) : nullptr;
}

const devin_value *devin_value_get(const devin_value *v, const char *key,
                                   size_t key_len) {
  if (!v || !key) return nullptr;
  return value(node(v)->get(std::string_view(key, key_len)));
}

const devin_value *devin_value_member_at(const devin_value *v, size_t i,
                                         const char **key, size_t *key_len) {
  if (!v || node(v)->type() != JsonType::Object || i >= node(v)->size())
    return nullptr;
  std::string_view k;
  const auto *m = node(v)->member_at(i, &k);
  if (key) *key = k.data();
  if (key_len) *key_len = k.size();
  return value(m);
}

const char *devin_value_json(const devin_value *v, size_t *len) {
  if (!v) {
    if (len) *len = 4;
    return "null";
  }
  try {
    std::string_view raw = node(v)->raw();
    if (len) *len = raw.size();
    return raw.data();
  } catch (...) {
    if (len) *len = 0;
    return nullptr;
  }
}

}  // extern "C"
