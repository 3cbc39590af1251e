#include "lazy.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "convert.hpp"

namespace devin_node {

namespace {

constexpr std::uint32_t kMagic = 0x4c617a79;  // "Lazy"

struct LazyDoc {
  std::uint32_t magic = kMagic;
  devin_response *resp = nullptr;
  // id -> value; ids are handed out as containers are first reached.
  std::vector<const devin_value *> nodes;
  ~LazyDoc() {
    magic = 0;
    devin_response_free(resp);
  }
};

// A JS value for `v`: primitives as themselves, containers as a BigInt id.
napi_value encode(napi_env env, LazyDoc *doc, const devin_value *v) {
  napi_value out = nullptr;
  switch (devin_value_type_of(v)) {
    case DEVIN_VALUE_NULL:
      napi_get_null(env, &out);
      break;
    case DEVIN_VALUE_BOOL:
      napi_get_boolean(env, devin_value_bool(v) != 0, &out);
      break;
    case DEVIN_VALUE_INT:
      napi_create_double(env, static_cast<double>(devin_value_int(v)), &out);
      break;
    case DEVIN_VALUE_DOUBLE:
      napi_create_double(env, devin_value_double(v), &out);
      break;
    case DEVIN_VALUE_STRING: {
      size_t len = 0;
      const char *s = devin_value_string(v, &len);
      out = js_text(env, s, len);
      break;
    }
    case DEVIN_VALUE_ARRAY:
    case DEVIN_VALUE_OBJECT: {
      std::uint64_t id = doc->nodes.size();
      doc->nodes.push_back(v);
      bool array = devin_value_type_of(v) == DEVIN_VALUE_ARRAY;
      napi_create_bigint_uint64(env, id * 2 + (array ? 1 : 0), &out);
      break;
    }
  }
  return out;
}

napi_value throw_type(napi_env env, const char *msg) {
  napi_throw_type_error(env, nullptr, msg);
  return nullptr;
}

// Reads (doc, id) from the first two arguments; nullptr after throwing.
const devin_value *node_of(napi_env env, napi_value *argv, size_t argc,
                           LazyDoc **doc_out) {
  void *data = nullptr;
  std::uint32_t id = 0;
  if (argc < 2 || napi_get_value_external(env, argv[0], &data) != napi_ok ||
      !data || static_cast<LazyDoc *>(data)->magic != kMagic ||
      napi_get_value_uint32(env, argv[1], &id) != napi_ok) {
    throw_type(env, "libdevin: not a lazy document view");
    return nullptr;
  }
  auto *doc = static_cast<LazyDoc *>(data);
  if (id >= doc->nodes.size()) {
    throw_type(env, "libdevin: lazy document id out of range");
    return nullptr;
  }
  *doc_out = doc;
  return doc->nodes[id];
}

// Looks up the call's key argument in the object named by its (doc, id)
// arguments. *ok is false after throwing.
const devin_value *member_arg(napi_env env, napi_callback_info info,
                              LazyDoc **doc, bool *ok) {
  *ok = false;
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  const devin_value *obj = node_of(env, argv, argc, doc);
  if (!obj) return nullptr;
  char buf[256];
  size_t len = 0;
  if (argc < 3 || napi_get_value_string_utf8(env, argv[2], buf, sizeof buf,
                                             &len) != napi_ok) {
    throw_type(env, "libdevin: lazy key must be a string");
    return nullptr;
  }
  *ok = true;
  if (len + 1 < sizeof buf) return devin_value_get(obj, buf, len);
  // Long key: ask for its length, then read it whole.
  napi_get_value_string_utf8(env, argv[2], nullptr, 0, &len);
  std::string key(len, '\0');
  napi_get_value_string_utf8(env, argv[2], key.data(), len + 1, &len);
  return devin_value_get(obj, key.data(), len);
}

// lazyGet(doc, id, key) -> member value (containers as BigInt ids), or
// undefined when absent.
napi_value LazyGet(napi_env env, napi_callback_info info) {
  LazyDoc *doc = nullptr;
  bool ok = false;
  const devin_value *v = member_arg(env, info, &doc, &ok);
  if (!ok) return nullptr;
  if (!v) {
    napi_value undef;
    napi_get_undefined(env, &undef);
    return undef;
  }
  return encode(env, doc, v);
}

// lazyHas(doc, id, key) -> whether the object has the member.
napi_value LazyHas(napi_env env, napi_callback_info info) {
  LazyDoc *doc = nullptr;
  bool ok = false;
  const devin_value *v = member_arg(env, info, &doc, &ok);
  if (!ok) return nullptr;
  napi_value out;
  napi_get_boolean(env, v != nullptr, &out);
  return out;
}

// The container named by a call's (doc, id) arguments; nullptr after
// throwing.
const devin_value *container_arg(napi_env env, napi_callback_info info,
                                 LazyDoc **doc) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  return node_of(env, argv, argc, doc);
}

// lazyArray(doc, id) -> a JS array of the elements (containers as ids).
napi_value LazyArray(napi_env env, napi_callback_info info) {
  LazyDoc *doc = nullptr;
  const devin_value *arr = container_arg(env, info, &doc);
  if (!arr) return nullptr;
  size_t n = devin_value_size(arr);
  napi_value out;
  napi_create_array_with_length(env, n, &out);
  for (size_t i = 0; i < n; ++i)
    napi_set_element(env, out, static_cast<std::uint32_t>(i),
                     encode(env, doc, devin_value_at(arr, i)));
  return out;
}

// lazyEntries(doc, id) -> [key0, value0, key1, value1, ...] in document
// order (containers as ids).
napi_value LazyEntries(napi_env env, napi_callback_info info) {
  LazyDoc *doc = nullptr;
  const devin_value *obj = container_arg(env, info, &doc);
  if (!obj) return nullptr;
  size_t n = devin_value_size(obj);
  napi_value out;
  napi_create_array_with_length(env, 2 * n, &out);
  for (size_t i = 0; i < n; ++i) {
    const char *key = nullptr;
    size_t key_len = 0;
    const devin_value *m = devin_value_member_at(obj, i, &key, &key_len);
    napi_set_element(env, out, static_cast<std::uint32_t>(2 * i),
                     js_text(env, key, key_len));
    napi_set_element(env, out, static_cast<std::uint32_t>(2 * i + 1),
                     encode(env, doc, m));
  }
  return out;
}

void add(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
  napi_set_named_property(env, exports, name, fn);
}

}  // namespace

Napi::Value lazy_doc_new(Napi::Env env, devin_response *resp) {
  auto *doc = new LazyDoc;
  doc->resp = resp;
  doc->nodes.push_back(devin_response_json(resp));
  return Napi::External<LazyDoc>::New(env, doc,
                                      [](Napi::Env, LazyDoc *d) { delete d; });
}

Napi::Value lazy_root(Napi::Env env, const Napi::Value &doc) {
  auto *d = doc.As<Napi::External<LazyDoc>>().Data();
  const devin_value *root = d->nodes[0];
  devin_value_type t = devin_value_type_of(root);
  if (t != DEVIN_VALUE_OBJECT && t != DEVIN_VALUE_ARRAY)
    return Napi::Value(env, encode(env, d, root));
  return Napi::BigInt::New(
      env, static_cast<std::uint64_t>(t == DEVIN_VALUE_ARRAY ? 1 : 0));
}

void lazy_register(Napi::Env env, Napi::Object exports) {
  add(env, exports, "lazyGet", LazyGet);
  add(env, exports, "lazyHas", LazyHas);
  add(env, exports, "lazyArray", LazyArray);
  add(env, exports, "lazyEntries", LazyEntries);
}

}  // namespace devin_node
